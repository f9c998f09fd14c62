"""Shared steps of the follow-up tests: a question's clear token, sending a due notice."""

from followup.models import StillComing
from notifications.delivery import notice_deliver
from notifications.models import Notification


def question_notices(rsvp) -> list[Notification]:
    return list(
        Notification.objects.filter(rsvp=rsvp, kind="still_coming").order_by("channel", "id")
    )


def question_token(rsvp) -> str:
    """The token of the e-mailed "still coming?" link (derived from the notice's salt)."""
    [notice] = [n for n in question_notices(rsvp) if n.channel == "email"]
    return notice.link_token("still-coming")


def answer_of(rsvp) -> str:
    return StillComing.objects.get(rsvp=rsvp).answer


def deliver(notice: Notification) -> str:
    return notice_deliver(notice.pk, now=notice.due_at)
