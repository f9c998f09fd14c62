"""Survey results for the officer reports: per program and per event, counts and the
distribution of each rating, and the free-text answers (masked; coordinators only).

Five queries whatever the number of events or answers; grouping happens in Python.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db.models import Count
from django.utils import timezone

from feedback.masking import text_mask
from feedback.models import RATING_MAX, RATING_MIN, SurveyAnswer, SurveyQuestion, SurveyResponse
from notifications.models import Notification
from scheduler.models import Event
from scheduler.permissions import is_coordinator, roster_events

RATINGS = list(range(RATING_MIN, RATING_MAX + 1))


@dataclasses.dataclass
class QuestionResult:
    question: SurveyQuestion
    counts: dict[int, int] = dataclasses.field(default_factory=lambda: dict.fromkeys(RATINGS, 0))
    n_texts: int = 0
    # Masked, and for coordinators only (empty for anyone else).
    texts: list[str] = dataclasses.field(default_factory=list)

    @property
    def is_rating(self) -> bool:
        return self.question.kind == SurveyQuestion.Kind.RATING

    @property
    def answered(self) -> int:
        return sum(self.counts.values()) if self.is_rating else self.n_texts

    @property
    def mean(self) -> str:
        """The average rating to two decimals, "–" with no rating yet (text: exact)."""
        n = sum(self.counts.values())
        if not n:
            return "–"
        return f"{sum(r * c for r, c in self.counts.items()) / n:.2f}"

    def bars(self) -> list[dict]:
        """The distribution as bars: each rating's count and its share in whole percent."""
        n = sum(self.counts.values())
        return [
            {"rating": r, "count": c, "percent": round(c * 100 / n) if n else 0}
            for r, c in self.counts.items()
        ]


@dataclasses.dataclass
class SurveyResult:
    label: str
    program_id: int
    event: Event | None = None
    invited: int = 0
    responses: int = 0
    questions: dict[int, QuestionResult] = dataclasses.field(default_factory=dict)

    @property
    def rows(self) -> list[QuestionResult]:
        return list(self.questions.values())


@dataclasses.dataclass
class FeedbackReport:
    start: dt.date
    end: dt.date
    programs: list[SurveyResult]
    events: list[SurveyResult]
    with_texts: bool


def _events(user, *, start: dt.date, end: dt.date, now: dt.datetime):
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    events = Event.objects.filter(
        status=Event.Status.SCHEDULED, end__lte=now, start__gte=since, start__lt=until
    )
    if not is_coordinator(user):
        events = events.filter(pk__in=roster_events(user).values("pk"))
    return events


def feedback_report(
    user, *, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> FeedbackReport:
    now = now or timezone.now()
    with_texts = is_coordinator(user)
    scope = _events(user, start=start, end=end, now=now)
    invited = dict(
        Notification.objects.filter(
            kind=Notification.Kind.THANK_YOU,
            state=Notification.State.SENT,
            payload__survey=True,
            event__in=scope,
        )
        .values("event_id")
        .annotate(n=Count("pk"))
        .values_list("event_id", "n")
    )
    responses = dict(
        SurveyResponse.objects.filter(event__in=scope)
        .values("event_id")
        .annotate(n=Count("pk"))
        .values_list("event_id", "n")
    )
    ids = set(invited) | set(responses)
    events = (
        list(Event.objects.filter(pk__in=ids).select_related("program").order_by("start", "id"))
        if ids
        else []
    )
    program_ids = {e.program_id for e in events}
    questions = (
        list(
            SurveyQuestion.objects.filter(survey__program_id__in=program_ids)
            .select_related("survey")
            .order_by("survey_id", "position", "id")
        )
        if program_ids
        else []
    )
    answers = (
        SurveyAnswer.objects.filter(response__event_id__in=ids)
        .order_by("response__submitted_on", "question_id", "text")
        .values_list("response__event_id", "question_id", "rating", "text")
        if ids
        else []
    )
    by_program: dict[int, SurveyResult] = {}
    by_event: dict[int, SurveyResult] = {}
    for event in events:
        program = by_program.setdefault(
            event.program_id, SurveyResult(label=event.program.name, program_id=event.program_id)
        )
        row = by_event[event.pk] = SurveyResult(
            label=event.title, program_id=event.program_id, event=event
        )
        for result in (program, row):
            result.invited += invited.get(event.pk, 0)
            result.responses += responses.get(event.pk, 0)
    by_pk = {q.pk: q for q in questions}
    for result in [*by_program.values(), *by_event.values()]:
        for q in questions:
            if q.survey.program_id == result.program_id and q.is_active:
                result.questions[q.pk] = QuestionResult(question=q)
    for event_id, question_id, rating, text in answers:
        event_row = by_event[event_id]
        for result in (by_program[event_row.program_id], event_row):
            cell = result.questions.get(question_id)
            if cell is None:  # a question retired since: answered, no longer asked
                cell = result.questions[question_id] = QuestionResult(question=by_pk[question_id])
            if rating is not None:
                cell.counts[rating] += 1
            elif text:
                cell.n_texts += 1
                # Listed under their event only (the program's row counts them).
                if with_texts and result is event_row:
                    cell.texts.append(text_mask(text))
    return FeedbackReport(
        start=start,
        end=end,
        programs=sorted(by_program.values(), key=lambda r: r.label.casefold()),
        events=list(by_event.values()),
        with_texts=with_texts,
    )
