"""Partners' proposals: the review trail of an event, and the language staff are written in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scheduler.models.events import Event
from scheduler.models.validators import validate_text_block


class ReviewComment(models.Model):
    """One step of a proposal's review: who did what, when, and what they said."""

    class Action(models.TextChoices):
        CREATED = "created", _("Draft started")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved and published")
        CHANGES_REQUESTED = "changes_requested", _("Changes asked for")
        DECLINED = "declined", _("Declined")
        EDITED = "edited", _("Edited after approval")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="review_comments", verbose_name=_("event")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    text = models.TextField(_("comment"), blank=True, validators=[validate_text_block])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.pk}"


class StaffProfile(models.Model):
    """The language a staff member last used the officer pages in: e-mails about their
    proposals and reviews are written in it (residents choose theirs with each RSVP)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return str(self.user)
