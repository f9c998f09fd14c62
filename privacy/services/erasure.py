"""What "erased" means for RSVPs, the one definition the purge and a resident's request share.

An erased RSVP keeps what the reports count (event, status, party size, check-in time,
whether it was the resident's first visit) and loses everything that says who it was:
the link to the resident, the phone, the needs (and accommodation requests), the answers to
registration questions, its manage links. A resident left with no RSVP is deleted, and their
notices with them (the outbox rows name the address).
"""

import dataclasses
import datetime as dt

from django.db.models import Min, Q
from django.utils import timezone

from accommodations.services import requests_erase
from followup.models import StillComingLink
from notifications.models import Notification
from questions.services import answers_erase
from rsvp.models import Attendee, ManageLink, Rsvp
from scheduler.tokens import token_hash, token_new


@dataclasses.dataclass
class Erased:
    rsvps: int = 0
    attendees: int = 0
    walkins: int = 0
    notices: int = 0

    def __iadd__(self, other: "Erased") -> "Erased":
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))
        return self


def _first_attended_starts(attendee_ids: set[int]) -> dict[int, dt.datetime]:
    """Each resident's first attended event start, counting RSVPs erased before."""
    firsts = dict(
        Rsvp.objects.filter(
            attendee_id__in=attendee_ids,
            status=Rsvp.Status.CONFIRMED,
            checked_in_at__isnull=False,
        )
        .values("attendee_id")
        .annotate(first=Min("event__start"))
        .values_list("attendee_id", "first")
    )
    for pk, earlier in Attendee.objects.filter(
        pk__in=attendee_ids, first_attended_at__isnull=False
    ).values_list("pk", "first_attended_at"):
        firsts[pk] = min(earlier, firsts.get(pk, earlier))
    return firsts


def rsvps_erase(rsvp_ids: list[int], *, now: dt.datetime | None = None) -> Erased:
    """Erase these RSVPs' personal data; delete residents left with no RSVP.

    Run inside a transaction. Whether each attended RSVP was its resident's first visit is
    fixed on the row before the link to the resident goes, and the resident's first
    attended start is kept on them if they stay, so "first-time" counts in reports are
    the same before and after (rsvp/officers/reports.py).
    """
    rsvps = list(
        Rsvp.objects.filter(pk__in=rsvp_ids)
        .select_related("event")
        .only("pk", "attendee_id", "status", "checked_in_at", "first_visit", "event__start")
    )
    now = now or timezone.now()
    attendee_ids = {r.attendee_id for r in rsvps if r.attendee_id is not None}
    firsts = _first_attended_starts(attendee_ids)
    for rsvp in rsvps:
        attended = rsvp.status == Rsvp.Status.CONFIRMED and rsvp.checked_in_at is not None
        if rsvp.first_visit is None and attended and rsvp.attendee_id is not None:
            rsvp.first_visit = firsts.get(rsvp.attendee_id) == rsvp.event.start
        rsvp.attendee_id = None
        rsvp.erased_at = now
        rsvp.name = ""
        rsvp.phone = ""
        rsvp.accessibility_needs = ""
        rsvp.sms_opt_in = False
        # A fresh random hash nobody holds the token for: the old manage link is dead.
        rsvp.manage_token_hash = token_hash(token_new())
    Rsvp.objects.bulk_update(
        rsvps,
        [
            "first_visit",
            "attendee_id",
            "erased_at",
            "name",
            "phone",
            "accessibility_needs",
            "sms_opt_in",
            "manage_token_hash",
        ],
        batch_size=500,
    )
    ManageLink.objects.filter(rsvp_id__in=rsvp_ids).delete()
    # Answers to registration questions are the resident's words: deleted, their choice
    # counts kept for the reports (questions.models.AnswerTally).
    answers_erase(rsvp_ids)
    # "Still coming?" links die with the RSVP's data; the answer stays, a count for reports.
    StillComingLink.objects.filter(question__rsvp_id__in=rsvp_ids).delete()
    # What they asked to have arranged (an interpreter's language, a free text) names needs.
    requests_erase(rsvp_ids=rsvp_ids)
    notices, _ = Notification.objects.filter(rsvp_id__in=rsvp_ids).delete()

    for pk, first in firsts.items():
        Attendee.objects.filter(pk=pk).filter(
            Q(first_attended_at__isnull=True) | Q(first_attended_at__gt=first)
        ).update(first_attended_at=first)
    gone = Attendee.objects.filter(pk__in=attendee_ids).exclude(
        pk__in=Rsvp.objects.filter(attendee_id__in=attendee_ids).values("attendee_id")
    )
    # Their remaining notices (feed links and the like) go with them (CASCADE).
    _, deleted = gone.delete()
    return Erased(
        rsvps=len(rsvps),
        attendees=deleted.get("rsvp.Attendee", 0),
        notices=notices + deleted.get("notifications.Notification", 0),
    )
