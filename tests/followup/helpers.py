"""Shared steps of the follow-up tests: the sweep at a question's moment, a question's clear
token, sending a due notice."""

import datetime as dt

from followup.models import StillComing
from followup.services import question_moment, still_coming_sweep
from notifications.delivery import notice_deliver
from notifications.models import Notification


def ask(event, after: dt.timedelta = dt.timedelta(0)) -> int:
    """The dispatcher's sweep at the event's question moment (or `after` it)."""
    event.refresh_from_db()
    return still_coming_sweep(now=question_moment(event) + after)


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
