"""Reads: the questions an event asks, the answers a roster shows, the counts a report adds."""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, F, Prefetch, Q, Sum
from django.utils.translation import gettext

from questions.models import (
    CHOICE_KINDS,
    COUNTED_KINDS,
    Answer,
    AnswerChoice,
    AnswerTally,
    Kind,
    Question,
)

# The program's questions (no event) first, on every database: NULLs sort first on SQLite
# but last on PostgreSQL unless told.
PROGRAM_FIRST = F("event_id").asc(nulls_first=True)


def questions_for_event(event) -> list[Question]:
    """Its program's questions (asked at every event of the program), then its own: one
    query with the choices prefetched (two)."""
    return list(
        Question.objects.filter(Q(program_id=event.program_id) | Q(event_id=event.pk))
        .prefetch_related("choices")
        .order_by(PROGRAM_FIRST, "position", "id")
    )


def required_question_ids(event) -> list[int]:
    """The questions an RSVP to this event must answer (one query). A choice question
    without choices cannot be answered, so it is never required (the form leaves it out)."""
    return list(
        Question.objects.filter(Q(program_id=event.program_id) | Q(event_id=event.pk))
        .filter(required=True)
        .exclude(kind__in=CHOICE_KINDS, choices__isnull=True)
        .order_by(PROGRAM_FIRST, "position", "id")
        .values_list("pk", flat=True)
        .distinct()
    )


def yes_no_word(value: str) -> str:
    return {"yes": gettext("Yes"), "no": gettext("No")}.get(value, value)


@dataclasses.dataclass
class AnswerShown:
    question_id: int | None
    question_text: str
    text: str


def _shown(answer: Answer) -> AnswerShown:
    if answer.kind == Kind.YES_NO:
        text = yes_no_word(answer.value)
    elif answer.kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
        text = ", ".join(c.label for c in answer.chosen.all())
    else:
        text = answer.value
    return AnswerShown(answer.question_id, answer.question_text, text)


def answers_by_rsvp(rsvp_ids: Iterable[int]) -> dict[int, list[AnswerShown]]:
    """Each RSVP's answers in the order they were asked, as they were given: two queries
    however many RSVPs."""
    answers = (
        Answer.objects.filter(rsvp_id__in=list(rsvp_ids))
        .prefetch_related(Prefetch("chosen", queryset=AnswerChoice.objects.order_by("id")))
        .order_by("rsvp_id", "id")
    )
    shown: dict[int, list[AnswerShown]] = defaultdict(list)
    for answer in answers:
        shown[answer.rsvp_id].append(_shown(answer))
    return dict(shown)


def answers_attach(rsvps: Iterable) -> None:
    """Give each RSVP of a roster `answers_shown` (its answers), in two queries."""
    rsvps = list(rsvps)
    shown = answers_by_rsvp(r.pk for r in rsvps)
    for rsvp in rsvps:
        rsvp.answers_shown = shown.get(rsvp.pk, [])


def csv_columns(event, rsvps: Iterable) -> tuple[list[str], list[list[str]]]:
    """Columns for a roster CSV: one per question the event asks now, then one per question
    text answered before but asked no more (changed or deleted), and each RSVP's cells."""
    rsvps = list(rsvps)
    keys: dict[tuple, str] = {(q.pk, None): q.text for q in questions_for_event(event)}
    for rsvp in rsvps:
        for a in getattr(rsvp, "answers_shown", []):
            if (a.question_id, None) not in keys:
                keys.setdefault((a.question_id, a.question_text), a.question_text)
    columns = list(keys)
    cells = []
    for rsvp in rsvps:
        by_key = {}
        for a in getattr(rsvp, "answers_shown", []):
            key = (
                (a.question_id, None)
                if (a.question_id, None) in keys
                else (
                    a.question_id,
                    a.question_text,
                )
            )
            by_key[key] = a.text
        cells.append([by_key.get(key, "") for key in columns])
    return list(keys.values()), cells


@dataclasses.dataclass
class LabelCount:
    label: str
    count: int


@dataclasses.dataclass
class QuestionCounts:
    question_text: str
    labels: list[LabelCount]

    @property
    def total(self) -> int:
        return sum(label.count for label in self.labels)


def answer_counts(event_ids: Iterable[int]) -> list[QuestionCounts]:
    """How many RSVPs picked each answer of each choice or yes/no question at these events,
    the answers since erased included (AnswerTally): three queries. A question is one row
    however many events ask it (a program's); a deleted one keeps the text it was asked with."""
    event_ids = list(event_ids)
    totals: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    texts: dict[tuple, str] = {}

    def key_of(question_id, text) -> tuple:
        return (question_id,) if question_id is not None else (None, text)

    picked = (
        AnswerChoice.objects.filter(answer__rsvp__event_id__in=event_ids)
        .values("answer__question_id", "answer__question_text", "label")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in picked:
        key = key_of(row["answer__question_id"], row["answer__question_text"])
        texts.setdefault(key, row["answer__question_text"])
        totals[key][row["label"]] += row["n"]
    yes_no = (
        Answer.objects.filter(rsvp__event_id__in=event_ids, kind=Kind.YES_NO)
        .values("question_id", "question_text", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in yes_no:
        key = key_of(row["question_id"], row["question_text"])
        texts.setdefault(key, row["question_text"])
        totals[key][yes_no_word(row["value"])] += row["n"]
    kept = (
        AnswerTally.objects.filter(event_id__in=event_ids, kind__in=COUNTED_KINDS)
        .values("question_id", "question_text", "kind", "label")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in kept:
        key = key_of(row["question_id"], row["question_text"])
        texts.setdefault(key, row["question_text"])
        label = yes_no_word(row["label"]) if row["kind"] == Kind.YES_NO else row["label"]
        totals[key][label] += row["n"]
    return [
        QuestionCounts(
            question_text=texts[key],
            labels=[
                LabelCount(label, n)
                for label, n in sorted(totals[key].items(), key=lambda item: (-item[1], item[0]))
            ],
        )
        for key in sorted(totals, key=lambda k: (texts[k].casefold(), str(k)))
    ]
