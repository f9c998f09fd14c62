"""Feedback after an event: the survey a program defines, the one-use links to it, and the
answers, kept with no link to whoever gave them.

An answer (SurveyResponse) names its event, its answers and the day it came in, nothing
else: no resident, RSVP, notice or link. Its key is random (a UUID), not a counter, so the
order of the rows does not tell the order in which answers arrived; the day is a date, not
a moment, so a response cannot be matched to the moment a thank-you was opened, a link
was used or a request reached the access log: on a day many answers share the same value.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

RATING_MIN, RATING_MAX = 1, 5
TEXT_MAX_LENGTH = 2000
THANK_YOU_AFTER_HOURS = 3


class Survey(models.Model):
    """A program's feedback survey, linked from the thank-you after each of its events."""

    program = models.OneToOneField(
        "scheduler.Program",
        on_delete=models.CASCADE,
        related_name="survey",
        verbose_name=_("program"),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=1000,
        help_text=_("Shown above the questions. Say that the answers are anonymous."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Thank-you e-mails link to the survey only while it is active."),
    )
    thank_you_after_hours = models.PositiveSmallIntegerField(
        _("thank-you after (hours)"),
        default=THANK_YOU_AFTER_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(48)],
        help_text=_("How many hours after the event ends the thank-you e-mail goes out."),
    )

    class Meta:
        verbose_name = _("feedback survey")
        verbose_name_plural = _("feedback surveys")
        ordering = ["program__name", "id"]

    def __str__(self) -> str:
        return str(self.program)


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 (strongly disagree) to 5 (strongly agree)")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.RATING)
    text = models.CharField(
        _("statement or question"),
        max_length=300,
        help_text=_(
            'For a rating, a statement to agree with: "I feel more comfortable contacting the '
            'police after this event".'
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # A question retired keeps its answers (they reference it): it is no longer asked.
    is_active = models.BooleanField(_("asked"), default=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "position", "id"]

    def __str__(self) -> str:
        return self.text


class SurveyInvite(models.Model):
    """A one-use link to an event's survey, made for a resident who was checked in.

    Only the hash of the link's token; no resident, RSVP or notice: the thank-you notice
    derives the token (Notification.link_token("survey")), and using the link deletes this
    row in the transaction that stores the answer.
    """

    event = models.ForeignKey(
        "scheduler.Event",
        on_delete=models.CASCADE,
        related_name="survey_invites",
        verbose_name=_("event"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")

    def __str__(self) -> str:
        return _("Survey link #%(id)s") % {"id": self.pk}


class SurveyResponse(models.Model):
    """One resident's answers, with nothing that identifies them (see the module's docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(
        "scheduler.Event",
        on_delete=models.CASCADE,
        related_name="survey_responses",
        verbose_name=_("event"),
    )
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["event", "submitted_on"]

    def __str__(self) -> str:
        return _("Survey response of %(day)s") % {"day": self.submitted_on}


class SurveyAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        SurveyResponse,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("response"),
    )
    question = models.ForeignKey(
        SurveyQuestion,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("question"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="survey_answer_rating_range",
            ),
            models.UniqueConstraint(
                fields=["response", "question"], name="survey_answer_one_per_question"
            ),
        ]

    def __str__(self) -> str:
        return str(self.rating) if self.rating is not None else self.text[:40]
