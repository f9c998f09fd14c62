"""Reads of the follow-up app used by pages, exports and the API."""

from django.db.models import QuerySet
from django.utils.translation import pgettext

from followup.models import AttendeeMessage, StillComing
from scheduler.models import Event


def answers_for(event: Event) -> dict[int, str]:
    """{RSVP id: "coming" / "cant" / ""} for the RSVPs asked "still coming?" (one query)."""
    return dict(StillComing.objects.filter(event_id=event.pk).values_list("rsvp_id", "answer"))


def messages_sent(event: Event) -> QuerySet[AttendeeMessage]:
    """The log: who sent what, when, to how many (one query)."""
    return AttendeeMessage.objects.filter(event_id=event.pk).select_related("sent_by")


def roster_answer_cells(roster) -> dict[int, str]:
    """The roster CSV's "still coming?" cells: coming / can't / no answer (blank: not asked)."""
    words = {
        StillComing.Answer.COMING: pgettext("still coming answer", "coming"),
        StillComing.Answer.CANT: pgettext("still coming answer", "can't"),
        StillComing.Answer.NONE: pgettext("still coming answer", "no answer"),
    }
    return {pk: words[answer] for pk, answer in answers_for(roster.event).items()}
