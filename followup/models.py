""" "Still coming?" questions and their answers; officers' messages to an event's attendees."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramFollowup(models.Model):
    """A program's own "still coming?" lead time; without a row the site default applies."""

    program = models.OneToOneField(
        "scheduler.Program",
        on_delete=models.CASCADE,
        related_name="followup",
        verbose_name=_("program"),
    )
    # None: the site's default (settings.PORCHLIGHT["STILL_COMING_MINUTES"]); 0: off.
    still_coming_minutes = models.PositiveIntegerField(
        _('"still coming?" minutes before'),
        null=True,
        blank=True,
        help_text=_(
            'How long before the start confirmed residents are asked "Still coming?", in '
            "minutes (2880 = 48 hours). Empty: the site's default. 0: never."
        ),
    )

    class Meta:
        verbose_name = _('"still coming?" setting')
        verbose_name_plural = _('"still coming?" settings')

    def __str__(self) -> str:
        return str(self.program)


class StillComing(models.Model):
    """One RSVP's "still coming?" question, planned with its notices, and the answer."""

    class Answer(models.TextChoices):
        NONE = "", _("no answer")
        COMING = "coming", _("coming")
        CANT = "cant", _("can't make it")

    rsvp = models.OneToOneField(
        "rsvp.Rsvp", on_delete=models.CASCADE, related_name="still_coming", verbose_name=_("RSVP")
    )
    # Copied from the RSVP so reports and the roster read one table per event.
    event = models.ForeignKey(
        "scheduler.Event",
        on_delete=models.CASCADE,
        related_name="still_coming",
        verbose_name=_("event"),
    )
    answer = models.CharField(
        _("answer"), max_length=6, choices=Answer.choices, blank=True, default=""
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _('"still coming?" question')
        verbose_name_plural = _('"still coming?" questions')

    def __str__(self) -> str:
        return f"RSVP {self.rsvp_id}: {self.answer or '-'}"


class StillComingLink(models.Model):
    """The hash of one notice's answer link (the token is derived from the notice's salt,
    Notification.link_token("still-coming"), so a re-send renders the same link)."""

    question = models.ForeignKey(
        StillComing, on_delete=models.CASCADE, related_name="links", verbose_name=_("question")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _('"still coming?" link')
        verbose_name_plural = _('"still coming?" links')

    def __str__(self) -> str:
        return f"link {self.pk}"


class AttendeeMessage(models.Model):
    """A message an officer or coordinator sent to an event's attendees (the sent log).

    Each recipient's copy is an outbox row whose dedupe key names this message and the
    RSVP, so a double submit or a retried task never sends a resident a second copy.
    """

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CHECKED_IN = "checked_in", _("Checked in")
        ALL = "all", _("Everyone (confirmed and waitlisted)")

    event = models.ForeignKey(
        "scheduler.Event",
        on_delete=models.CASCADE,
        related_name="attendee_messages",
        verbose_name=_("event"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    # {language code: {"subject": …, "body": …}}; `language` names the version sent to a
    # resident whose language has none.
    versions = models.JSONField(_("versions"), default=dict)
    language = models.CharField(_("default version"), max_length=10)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    # A form's or an API client's key for this submission: sent twice, it is one message.
    client_key = models.CharField(
        _("client key"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def subject(self) -> str:
        return self.versions.get(self.language, {}).get("subject", "")
