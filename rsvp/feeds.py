"""A resident's personal calendar feed (/calendar/me/<token>.ics): the events they RSVPed to.

It reads RSVPs, so it lives here rather than in scheduler.feeds (scheduler imports
nothing of rsvp); rsvp/feed_urls.py puts it in the "calendar" namespace as "personal".
"""

from django.db.models import F, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rsvp.models import Attendee, Rsvp
from scheduler.feeds.base import Found, OwnerFeed
from scheduler.feeds.queries import Window, in_window
from scheduler.models import Event
from scheduler.tokens import token_hash

ACTIVE_RSVP = (Rsvp.Status.CONFIRMED, Rsvp.Status.WAITLISTED)


class PersonalFeed(OwnerFeed):
    """A resident's RSVPs: confirmed ones, and waitlisted ones as TENTATIVE."""

    private = True
    extra_updated = "rsvps__updated_at"  # an RSVP confirmed or cancelled changes the feed
    missing = _("This calendar link is not valid any more.")

    def get_object(self, request, window: Window, *, token: str) -> str:
        return token_hash(token)

    def ident(self, hashed: str) -> str:
        return f"me:{hashed}"

    def owners(self, hashed: str) -> QuerySet[Attendee]:
        return Attendee.objects.filter(feed_token_hash=hashed)

    def events(self, window: Window, owner) -> QuerySet[Event]:
        return in_window(Event.objects.all(), window).filter(
            rsvps__attendee=owner, rsvps__status__in=ACTIVE_RSVP
        )

    def items(self, found: Found) -> QuerySet[Event]:
        return super().items(found).annotate(rsvp_status=F("rsvps__status"))

    def tentative_ids(self, events: list[Event]) -> frozenset[int]:
        return frozenset(e.pk for e in events if e.rsvp_status == Rsvp.Status.WAITLISTED)

    def title(self, found: Found) -> str:
        return gettext("My community events")

    def description(self, found: Found) -> str:
        return gettext("The events you RSVPed to.")

    def filename(self, found: Found) -> str:
        return "my-events.ics"
