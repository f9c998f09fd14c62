"""Legal holds, the log of retention runs, and the links residents use to see their data."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scheduler.models import Event
from scheduler.models.validators import validate_text_block


class LegalHold(models.Model):
    """Keeps an event's personal data past its retention period (a records request, a case).

    Lifting a hold keeps the row (who set it, why, who lifted it, when): a records request
    may ask why data was kept.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="legal_holds", verbose_name=_("event")
    )
    reason = models.TextField(
        _("reason"),
        max_length=1000,
        validators=[validate_text_block],
        help_text=_("Why the data must be kept, e.g. the records request or case number."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("set by"),
        editable=False,
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now, editable=False)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lifted by"),
        editable=False,
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-set_at", "-id"]
        indexes = [models.Index(fields=["event", "lifted_at"], name="legalhold_event_active")]

    def __str__(self) -> str:
        return str(_("Legal hold on %(event)s") % {"event": self.event})

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class RetentionRun(models.Model):
    """One run of the retention purge, scheduled or by hand: what it erased (or would have)."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Daily schedule")
        COMMAND = "command", _("Command")

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices)
    dry_run = models.BooleanField(_("dry run"), default=False)
    events = models.PositiveIntegerField(_("events"), default=0)
    rsvps = models.PositiveIntegerField(_("RSVPs erased"), default=0)
    attendees = models.PositiveIntegerField(_("residents deleted"), default=0)
    walkins = models.PositiveIntegerField(_("walk-ins erased"), default=0)
    notices = models.PositiveIntegerField(_("notices deleted"), default=0)
    block_parties = models.PositiveIntegerField(_("block parties erased"), default=0)
    held = models.PositiveIntegerField(_("events kept by a legal hold"), default=0)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.started_at:%Y-%m-%d %H:%M}"


class DataAccessLink(models.Model):
    """A link e-mailed to an address so its owner can see, download or delete their data.

    Only the token's hash is kept; the link works for a day (it opens everything held
    about the address, so it should not outlive the moment it was asked for).
    """

    LIFETIME = dt.timedelta(hours=24)

    attendee = models.ForeignKey(
        "rsvp.Attendee",
        on_delete=models.CASCADE,
        related_name="data_access_links",
        verbose_name=_("attendee"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("data access link")
        verbose_name_plural = _("data access links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return _("Data access link #%(id)s") % {"id": self.pk}

    @property
    def expires_at(self) -> dt.datetime:
        return self.created_at + self.LIFETIME
