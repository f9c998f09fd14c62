"""Registration questions a program (for all its events) or one event asks with each RSVP,
and the residents' answers.

An answer keeps the question's text as it was asked and the labels that were chosen, so a
question edited or deleted later leaves every earlier answer readable as it was given. The
models name the RSVP and the event by their labels ("rsvp.Rsvp"): rsvp builds on this app
(its form, roster and reports show the questions), so nothing here imports rsvp.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")


# The kinds whose answers are counted in the reports; the first two pick from Choice rows.
CHOICE_KINDS = (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE)
COUNTED_KINDS = (*CHOICE_KINDS, Kind.YES_NO)
TEXT_MAX_LENGTH = 300
ANSWER_MAX_LENGTH = {Kind.SHORT_TEXT: 200, Kind.LONG_TEXT: 2000}


class Question(models.Model):
    """Asked with every RSVP to its program's events, or to its one event."""

    program = models.ForeignKey(
        "scheduler.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("program"),
    )
    event = models.ForeignKey(
        "scheduler.Event",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("event"),
    )
    text = models.CharField(_("question"), max_length=TEXT_MAX_LENGTH)
    help_text = models.CharField(_("help text"), max_length=TEXT_MAX_LENGTH, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(program__isnull=False, event__isnull=True)
                | Q(program__isnull=True, event__isnull=False),
                name="question_of_program_or_event",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class Answer(models.Model):
    """One RSVP's answer to one question: personal data, erased with the RSVP's (privacy)."""

    rsvp = models.ForeignKey(
        "rsvp.Rsvp", on_delete=models.CASCADE, related_name="answers", verbose_name=_("RSVP")
    )
    # Empty once the question is deleted: the answer stays, with the text it answered.
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
        verbose_name=_("question"),
    )
    question_text = models.CharField(_("question as asked"), max_length=TEXT_MAX_LENGTH)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    # Text, a number or an ISO date as typed and checked; "yes" / "no"; empty for choices.
    value = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["rsvp", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rsvp", "question"],
                condition=Q(question__isnull=False),
                name="answer_one_per_question",
            )
        ]

    def __str__(self) -> str:
        return self.question_text


class AnswerChoice(models.Model):
    """A label a resident picked, as it read then (the choice may change or go since)."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="chosen", verbose_name=_("answer")
    )
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("choice")
    )
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        verbose_name = _("chosen answer")
        verbose_name_plural = _("chosen answers")
        ordering = ["answer", "id"]

    def __str__(self) -> str:
        return self.label


class AnswerTally(models.Model):
    """How many picked a label, kept when the answers themselves are erased (retention):
    the counts outlive the personal data (DESIGN.md rule 7), the reports add them up."""

    event = models.ForeignKey(
        "scheduler.Event", on_delete=models.CASCADE, related_name="+", verbose_name=_("event")
    )
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("question"),
    )
    question_text = models.CharField(_("question as asked"), max_length=TEXT_MAX_LENGTH)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    # A choice's label as it read, or "yes" / "no".
    label = models.CharField(_("label"), max_length=200)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("answer count")
        verbose_name_plural = _("answer counts")

    def __str__(self) -> str:
        return f"{self.question_text}: {self.label} ({self.count})"
