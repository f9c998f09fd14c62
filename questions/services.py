"""Writes: an RSVP's answers (inside the RSVP's own transaction) and their erasure."""

import dataclasses
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F
from modeltranslation.utils import build_localized_fieldname

from questions.errors import AnswerMissing
from questions.models import Answer, AnswerChoice, AnswerTally, Choice, Kind, Question
from questions.queries import required_question_ids


@dataclasses.dataclass(frozen=True)
class AnswerInput:
    """A checked answer (questions.forms made it): a value, or the choices picked."""

    question: Question
    value: str = ""
    choices: tuple[Choice, ...] = ()


def _as_stored(obj, field: str) -> str:
    """The coordinator's own words (the default language), what every officer reads."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return getattr(obj, build_localized_fieldname(field, default)) or getattr(obj, field)


def question_create(
    *,
    text: str,
    kind: str,
    program=None,
    event=None,
    required: bool = False,
    help_text: str = "",
    choices: Sequence[str] = (),
    position: int = 0,
) -> Question:
    """A question of a program or of one event, with its choices' labels (in the default
    language; the admin adds the other languages)."""
    with transaction.atomic():
        question = Question.objects.create(
            program=program,
            event=event,
            text=text,
            kind=kind,
            required=required,
            help_text=help_text,
            position=position,
        )
        Choice.objects.bulk_create(
            [Choice(question=question, label=label, position=i) for i, label in enumerate(choices)]
        )
    return question


def answers_check(*, event, answers: Sequence[AnswerInput]) -> None:
    """Refuse an RSVP that leaves a required question of its event unanswered (the form and
    the API say so first, field by field; this holds for every caller, before any write)."""
    given = {a.question.pk for a in answers if a.value or a.choices}
    for question_id in required_question_ids(event):
        if question_id not in given:
            raise AnswerMissing(question_id=question_id)


def answers_save(*, rsvp_id: int, answers: Sequence[AnswerInput]) -> list[Answer]:
    """Store a new RSVP's answers, each with the question's text and the labels as asked.

    Called by rsvp_create inside its transaction, so an RSVP and its answers are written
    together or not at all. Empty optional answers are not stored."""
    # Stored in the order the form asks them (the program's first), which rosters keep.
    given = sorted(
        (a for a in answers if a.value or a.choices),
        key=lambda a: (a.question.event_id is not None, a.question.position, a.question.pk),
    )
    rows = Answer.objects.bulk_create(
        [
            Answer(
                rsvp_id=rsvp_id,
                question=a.question,
                question_text=_as_stored(a.question, "text"),
                kind=a.question.kind,
                value=a.value,
            )
            for a in given
        ]
    )
    AnswerChoice.objects.bulk_create(
        [
            AnswerChoice(answer=row, choice=choice, label=_as_stored(choice, "label"))
            for row, a in zip(rows, given, strict=True)
            for choice in a.choices
        ]
    )
    return rows


def answers_erase(rsvp_ids: Iterable[int]) -> int:
    """Delete these RSVPs' answers (personal data); what was picked in choice and yes/no
    questions is first added to each event's AnswerTally, so the reports' counts stay.
    Run inside the caller's transaction. Returns how many answers were deleted."""
    rsvp_ids = list(rsvp_ids)
    answers = Answer.objects.filter(rsvp_id__in=rsvp_ids)
    picked = [
        (
            row["answer__rsvp__event_id"],
            row["answer__question_id"],
            row["answer__question_text"],
            row["answer__kind"],
            row["label"],
            row["n"],
        )
        for row in AnswerChoice.objects.filter(answer__in=answers)
        .values(
            "answer__rsvp__event_id",
            "answer__question_id",
            "answer__question_text",
            "answer__kind",
            "label",
        )
        .annotate(n=Count("pk"))
        .order_by()
    ]
    picked += [
        (
            row["rsvp__event_id"],
            row["question_id"],
            row["question_text"],
            row["kind"],
            row["value"],
            row["n"],
        )
        for row in answers.filter(kind=Kind.YES_NO)
        .values("rsvp__event_id", "question_id", "question_text", "kind", "value")
        .annotate(n=Count("pk"))
        .order_by()
    ]
    for event_id, question_id, text, kind, label, n in picked:
        tally, _ = AnswerTally.objects.get_or_create(
            event_id=event_id,
            question_id=question_id,
            question_text=text,
            kind=kind,
            label=label,
        )
        AnswerTally.objects.filter(pk=tally.pk).update(count=F("count") + n)
    AnswerChoice.objects.filter(answer__rsvp_id__in=rsvp_ids).delete()
    deleted, _ = answers.delete()
    return deleted
