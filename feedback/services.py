"""Writes with rules: planning the thank-yous after events, taking a survey's answers, and
what the retention purge removes.

Thank-yous are planned by a periodic task (feedback.tasks) once an event has been over for
its program's delay: by then the door is closed, so who was checked in is known (a late
sync from an offline door device is picked up by the next run). Each goes through the
outbox with a dedupe key per RSVP, as reminders do; delivery checks again that the
check-in still stands (notifications.delivery.skip_reason).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from feedback.errors import LINK_GONE, NOTHING_ANSWERED, SurveyError
from feedback.models import (
    THANK_YOU_AFTER_HOURS,
    Survey,
    SurveyAnswer,
    SurveyInvite,
    SurveyQuestion,
    SurveyResponse,
)
from notifications.links import MAX_TOKEN_LENGTH
from notifications.models import Notification
from notifications.planning import _rows_create
from rsvp.models import Rsvp
from scheduler.models import Event
from scheduler.tokens import token_hash

Kind = Notification.Kind
# An event over for longer than this when the task first sees it (a site down for days)
# gets no thank-you: it would arrive too late to mean anything.
THANK_YOU_WINDOW = dt.timedelta(days=2)
SURVEY_LINK_DAYS = 30


def thank_you_key(rsvp_id: int) -> str:
    return f"thank_you:rsvp{rsvp_id}"


def _surveys_by_program(program_ids: set[int]) -> dict[int, Survey]:
    return {
        s.program_id: s
        for s in Survey.objects.filter(program_id__in=program_ids).prefetch_related("questions")
    }


def _asks(survey: Survey | None) -> bool:
    return bool(survey and survey.is_active and any(q.is_active for q in survey.questions.all()))


def thank_yous_plan(*, now: dt.datetime | None = None) -> list[int]:
    """Plan the thank-you (and its survey link) of every resident checked in at an event
    that ended its program's delay ago. Safe to run any number of times."""
    now = now or timezone.now()
    earliest = now - THANK_YOU_WINDOW - dt.timedelta(hours=48)
    events = list(
        Event.objects.filter(
            status=Event.Status.SCHEDULED,
            end__gt=earliest,
            end__lte=now - dt.timedelta(hours=1),
        ).order_by("end", "id")
    )
    surveys = _surveys_by_program({e.program_id for e in events})
    due: dict[int, tuple[Event, dt.datetime, bool]] = {}
    for event in events:
        survey = surveys.get(event.program_id)
        hours = survey.thank_you_after_hours if survey else THANK_YOU_AFTER_HOURS
        due_at = event.end + dt.timedelta(hours=hours)
        if due_at <= now and now - due_at <= THANK_YOU_WINDOW:
            due[event.pk] = (event, due_at, _asks(survey))
    if not due:
        return []
    rsvps = (
        Rsvp.objects.filter(
            event_id__in=list(due),
            status=Rsvp.Status.CONFIRMED,
            checked_in_at__isnull=False,
            attendee__isnull=False,
            erased_at__isnull=True,
        )
        .exclude(notifications__kind=Kind.THANK_YOU)
        .order_by("event_id", "id")
    )
    rows = []
    for rsvp in rsvps:
        event, due_at, asks = due[rsvp.event_id]
        rows.append(
            Notification(
                kind=Kind.THANK_YOU,
                attendee_id=rsvp.attendee_id,
                rsvp=rsvp,
                event=event,
                event_sequence=event.sequence,
                due_at=due_at,
                payload={"survey": asks},
                dedupe_key=thank_you_key(rsvp.pk),
            )
        )
    with transaction.atomic():
        ids = _rows_create(rows, now)
        _invites_create(rows, now)
    return ids


def _invites_create(rows: list[Notification], now: dt.datetime) -> None:
    """One survey link per planned thank-you that asks for answers. The rows are read back
    by their keys: a notice planned before keeps its own salt, and so its own link."""
    keys = [row.dedupe_key for row in rows if row.payload.get("survey")]
    if not keys:
        return
    planned = Notification.objects.filter(dedupe_key__in=keys).only("event_id", "link_salt")
    expires = now + dt.timedelta(days=SURVEY_LINK_DAYS)
    SurveyInvite.objects.bulk_create(
        [
            SurveyInvite(
                event_id=notice.event_id,
                token_hash=token_hash(notice.link_token("survey")),
                expires_at=expires,
            )
            for notice in planned
        ],
        ignore_conflicts=True,  # planned by an earlier run
    )


def invite_by_token(token: str, *, now: dt.datetime | None = None) -> SurveyInvite | None:
    """The unused, unexpired survey link with this token, with its event, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        SurveyInvite.objects.filter(
            token_hash=token_hash(token), expires_at__gt=now or timezone.now()
        )
        .select_related("event__program")
        .first()
    )


def survey_questions(event: Event) -> list[SurveyQuestion]:
    return list(
        SurveyQuestion.objects.filter(
            survey__program_id=event.program_id, survey__is_active=True, is_active=True
        ).order_by("position", "id")
    )


def survey_submit(
    *, token: str, answers: dict[int, int | str], now: dt.datetime | None = None
) -> SurveyResponse:
    """Store one set of answers and use up the link, in one transaction.

    The link's row is deleted, not marked: nothing is left that says which link gave
    which answers. Deleting is also the claim: of two submissions of one link at once,
    the one that deletes the row stores its answers; the other finds nothing to delete
    and is refused (its transaction writes nothing).
    """
    now = now or timezone.now()
    kept = {
        qid: value for qid, value in answers.items() if value not in (None, "") and qid is not None
    }
    if not kept:
        raise SurveyError(NOTHING_ANSWERED, code="nothing_answered")
    with transaction.atomic():
        invite = invite_by_token(token, now=now)
        if invite is None:
            raise SurveyError(LINK_GONE, code="link_gone")
        deleted, _ = SurveyInvite.objects.filter(pk=invite.pk).delete()
        if deleted != 1:
            raise SurveyError(LINK_GONE, code="link_gone")
        questions = {q.pk: q for q in survey_questions(invite.event)}
        # The day in the site's zone, not the moment (feedback.models: why).
        response = SurveyResponse.objects.create(
            event_id=invite.event_id, submitted_on=timezone.localdate(now)
        )
        SurveyAnswer.objects.bulk_create(
            [
                SurveyAnswer(
                    response=response,
                    question=questions[qid],
                    rating=value if questions[qid].kind == SurveyQuestion.Kind.RATING else None,
                    text=value if questions[qid].kind == SurveyQuestion.Kind.TEXT else "",
                )
                for qid, value in sorted(kept.items())
                if qid in questions
            ]
        )
    return response


def feedback_event_erase(event_id: int) -> int:
    """At the end of the event's retention period (privacy.services.retention): what a
    resident typed into a free-text answer may name them, so the texts go; the ratings,
    which name nobody, stay for the reports. Unused links go too. Returns texts erased."""
    SurveyInvite.objects.filter(event_id=event_id).delete()
    return SurveyAnswer.objects.filter(response__event_id=event_id).exclude(text="").update(text="")
