"""An import of events from a calendar (.ics) or a spreadsheet (CSV): its source, its
dry run, and the real run a task makes of it (scheduler/imports)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scheduler.models.places import Organization, Program, Venue
from scheduler.models.validators import default_timezone, validate_timezone


class ImportRun(models.Model):
    """One import: what a coordinator gave, what the dry run found, what the run did.

    The content is kept as it was read (fetched or uploaded) when the dry run was made,
    so the run imports exactly what the coordinator was shown.
    """

    class Format(models.TextChoices):
        ICS = "ics", _("Calendar (.ics)")
        CSV = "csv", _("Spreadsheet (CSV)")

    class Status(models.TextChoices):
        # Dry run made; waits for the coordinator to start it (or not).
        CHECKED = "checked", _("Checked (dry run)")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed: nothing was imported")

    format = models.CharField(_("format"), max_length=3, choices=Format.choices)
    # The address fetched, or the uploaded file's name.
    source = models.CharField(_("source"), max_length=2000)
    source_is_url = models.BooleanField(_("source is a URL"), default=False)
    content = models.TextField(_("content"), editable=False)
    # For entries that name none (or, in a calendar, one Porchlight does not know).
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("program")
    )
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("venue")
    )
    host = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("host organization"),
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default=default_timezone, validators=[validate_timezone]
    )
    # The coordinator's language: the dry run and the run both read and write under it,
    # so they do the same thing, and the reasons they give are in that language.
    language = models.CharField(_("language"), max_length=16, default="en")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.CHECKED
    )
    # The dry run's report (scheduler.imports.report.Report as JSON): what would be done.
    planned = models.JSONField(_("planned changes"), default=dict, editable=False)
    # The run's own report (the same shape), once it finished or failed.
    result = models.JSONField(_("result"), default=dict, editable=False)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("event import")
        verbose_name_plural = _("event imports")

    def __str__(self) -> str:
        return self.source

    @property
    def is_under_way(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING) and not self.is_stalled

    @property
    def is_stalled(self) -> bool:
        """Queued or running for longer than a task may take: its worker was lost (the run
        is one transaction, so it left nothing behind); a new import may be started."""
        if self.status not in (self.Status.QUEUED, self.Status.RUNNING) or not self.queued_at:
            return False
        limit = settings.PORCHLIGHT["IMPORT_STALL_SECONDS"]
        return timezone.now() - self.queued_at > dt.timedelta(seconds=limit)
