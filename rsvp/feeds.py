"""A resident's personal calendar feed (/calendar/me/<token>.ics): the events they RSVPed to.

It reads RSVPs, so it lives here rather than in scheduler.feeds (scheduler imports
nothing of rsvp); rsvp/feed_urls.py puts it in the "calendar" namespace as "personal".
"""

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rsvp.models import Attendee, Rsvp
from scheduler.feeds.base import Found, OwnerFeed
from scheduler.feeds.languages import supported_language
from scheduler.feeds.queries import Window, in_window
from scheduler.models import Event
from scheduler.tokens import token_hash

ACTIVE_RSVP = (Rsvp.Status.CONFIRMED, Rsvp.Status.WAITLISTED)


class PersonalFeed(OwnerFeed):
    """A resident's RSVPs: confirmed ones, and waitlisted ones as TENTATIVE."""

    private = True
    # The mailbox, and the language of its latest RSVP (read in the same one query).
    fields = ("pk", "feed_language")
    extra_updated = "rsvps__updated_at"  # an RSVP confirmed or cancelled changes the feed
    missing = _("This calendar link is not valid any more.")

    def get_object(self, request, window: Window, *, token: str) -> str:
        return token_hash(token)

    def ident(self, hashed: str) -> str:
        return f"me:{hashed}"

    def owners(self, hashed: str) -> QuerySet[Attendee]:
        latest = Rsvp.objects.filter(attendee=OuterRef("pk")).order_by("-created_at", "-id")
        return Attendee.objects.filter(feed_token_hash=hashed).annotate(
            feed_language=Subquery(latest.values("language")[:1])
        )

    def events(self, window: Window, owner) -> QuerySet[Event]:
        return in_window(Event.objects.published(), window).filter(
            rsvps__attendee=owner, rsvps__status__in=ACTIVE_RSVP
        )

    def items(self, found: Found) -> QuerySet[Event]:
        return super().items(found).annotate(rsvp_status=F("rsvps__status"))

    def language(self, found: Found) -> str | None:
        # A link without ?lang= (the e-mailed link carries the language of the RSVP it was
        # asked from): the language the resident chose with their latest RSVP.
        return supported_language(found.row[self.fields.index("feed_language")])

    def tentative_ids(self, events: list[Event]) -> frozenset[int]:
        return frozenset(e.pk for e in events if e.rsvp_status == Rsvp.Status.WAITLISTED)

    def title(self, found: Found) -> str:
        return gettext("My community events")

    def description(self, found: Found) -> str:
        return gettext("The events you RSVPed to.")

    def filename(self, found: Found) -> str:
        return "my-events.ics"
