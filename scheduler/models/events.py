"""Recurring series and the events people RSVP to."""

import datetime as dt
import uuid
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scheduler.models.languages import text_columns
from scheduler.models.places import Organization, Program, RsvpMode, Venue
from scheduler.models.validators import (
    DURATION_TOO_LONG,
    DURATION_TOO_SHORT,
    MAX_CUTOFF_MINUTES,
    MAX_SERIES_DURATION,
    default_timezone,
    validate_event_date,
    validate_series_duration,
    validate_text_block,
    validate_text_line,
    validate_timezone,
)
from scheduler.tokens import token_new


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public (listed)")
    UNLISTED = "unlisted", _("Unlisted (link only)")


class EventDetails(models.Model):
    """What a series and its occurrences share."""

    title = models.CharField(_("title"), max_length=200, validators=[validate_text_line])
    description = models.TextField(_("description"), blank=True, validators=[validate_text_block])
    program = models.ForeignKey(Program, on_delete=models.PROTECT, verbose_name=_("program"))
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, verbose_name=_("venue"))
    host = models.ForeignKey(Organization, on_delete=models.PROTECT, verbose_name=_("host"))
    timezone = models.CharField(
        _("time zone"), max_length=64, default=default_timezone, validators=[validate_timezone]
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Seats, counting guests. Empty means unlimited."),
    )
    max_party_size = models.PositiveSmallIntegerField(
        _("max party size"),
        default=6,
        help_text=_("Most people one RSVP may bring, the resident included."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    promotion_cutoff_minutes = models.PositiveIntegerField(
        _("promotion cutoff minutes"),
        default=120,
        validators=[MaxValueValidator(MAX_CUTOFF_MINUTES)],
        help_text=_(
            "The waitlist stops moving this many minutes before the start (at most 14 days)."
        ),
    )
    rsvp_mode = models.CharField(
        _("RSVP form"),
        max_length=10,
        choices=RsvpMode.choices,
        blank=True,
        help_text=_("Empty: the program's choice."),
    )

    class Meta:
        abstract = True

    @property
    def rsvp_mode_in_effect(self) -> str:
        """This event's own RSVP mode, else its program's (an RsvpMode value)."""
        return self.rsvp_mode or self.program.default_rsvp_mode

    @property
    def is_headcount(self) -> bool:
        return self.rsvp_mode_in_effect == RsvpMode.HEADCOUNT

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class EventSeries(EventDetails):
    """A recurring event: an RRULE in local wall time, materialized as Event rows."""

    partners = models.ManyToManyField(
        Organization, blank=True, related_name="partner_series", verbose_name=_("partners")
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_series",
        verbose_name=_("officers"),
    )
    rrule = models.CharField(
        _("recurrence rule"),
        max_length=500,
        help_text=_("RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=TU or FREQ=MONTHLY;BYDAY=1TH"),
    )
    start_date = models.DateField(
        _("start date"),
        validators=[validate_event_date],
        help_text=_("The first day the series may occur."),
    )
    start_time = models.TimeField(
        _("start time"), help_text=_("Local start time, kept across daylight-saving changes.")
    )
    duration = models.DurationField(
        _("duration"),
        validators=[validate_series_duration],
        help_text=_("How long each occurrence lasts, at most 24 hours, e.g. 1:30:00."),
    )
    uid = models.CharField(_("UID"), max_length=255, unique=True, editable=False)
    # Where an imported series came from (scheduler/imports): "ics:" + the calendar's UID,
    # so importing the same calendar again updates the series instead of adding another.
    import_key = models.CharField(
        _("import key"), max_length=255, null=True, blank=True, unique=True, editable=False
    )
    materialized_until = models.DateField(
        _("materialized until"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration__gt=dt.timedelta(0)),
                name="series_duration_positive",
                violation_error_message=DURATION_TOO_SHORT,
            ),
            models.CheckConstraint(
                condition=Q(duration__lte=MAX_SERIES_DURATION),
                name="series_duration_at_most_24_hours",
                violation_error_message=DURATION_TOO_LONG,
            ),
            models.CheckConstraint(
                condition=Q(max_party_size__gte=1), name="series_max_party_size_positive"
            ),
            models.CheckConstraint(
                condition=Q(promotion_cutoff_minutes__lte=MAX_CUTOFF_MINUTES),
                name="series_cutoff_at_most_14_days",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.uid:
            self.uid = f"series-{uuid.uuid4()}@porchlight"
        super().save(*args, **kwargs)


class Review(models.TextChoices):
    """Where a partner's proposal stands. Events made by coordinators (admin, API, series,
    imports) are published from the start; only a published event is ever shown to the
    public (EventQuerySet.published, the one place that decides it)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes asked for")
    DECLINED = "declined", _("Declined")
    PUBLISHED = "published", _("Published")


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events the public may know of: approved (or made by a coordinator). Every
        public page, feed and API answer starts from this or from public()."""
        return self.filter(review=Review.PUBLISHED)

    def public(self):
        """Published and listed: what lists, feeds and search show."""
        return self.published().filter(visibility=Visibility.PUBLIC)

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now())


class Event(EventDetails):
    """One occurrence: the thing residents RSVP to and calendars show."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    # Changes to these fields are what a subscribed calendar must pick up (RFC 5545 SEQUENCE):
    # the title in every language, as each language has its own feeds.
    CALENDAR_FIELDS = (*text_columns("title"), "start", "end", "venue_id", "status", "timezone")

    series = models.ForeignKey(
        EventSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrences",
        verbose_name=_("series"),
    )
    partners = models.ManyToManyField(
        Organization, blank=True, related_name="partner_events", verbose_name=_("partners")
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_events",
        verbose_name=_("officers"),
    )
    start = models.DateTimeField(_("start"), validators=[validate_event_date])
    end = models.DateTimeField(_("end"), validators=[validate_event_date])
    rsvp_opens_at = models.DateTimeField(
        _("RSVPs open at"),
        null=True,
        blank=True,
        help_text=_("Empty: RSVPs open as soon as the event is published."),
    )
    rsvp_closes_at = models.DateTimeField(
        _("RSVPs close at"),
        null=True,
        blank=True,
        help_text=_("Empty: RSVPs close when the event starts."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    # A partner's proposal until a coordinator approves it (scheduler/services/proposals.py).
    review = models.CharField(
        _("review"),
        max_length=20,
        choices=Review.choices,
        default=Review.PUBLISHED,
        editable=False,
    )
    cancellation_reason = models.CharField(
        _("cancellation reason"), max_length=300, blank=True, validators=[validate_text_block]
    )
    uid = models.CharField(_("UID"), max_length=255, unique=True, editable=False)
    # The key in an unlisted event's link (/events/<share_key>/): 192 random bits, so the
    # link is the only way to it (by id, an unlisted event is not found). Kept in clear,
    # unlike residents' tokens: it is a share link that coordinators copy from the admin
    # and that every notice about the event carries, and it opens nothing personal.
    share_key = models.CharField(
        _("share key"), max_length=32, unique=True, editable=False, default=token_new
    )
    # Where an imported event came from (scheduler/imports): "ics:" + the calendar's UID or
    # "csv:" + the spreadsheet's key, so importing it again updates it instead of adding
    # another. Empty for events made here; occurrences of a series are found by their date.
    import_key = models.CharField(
        _("import key"), max_length=255, null=True, blank=True, unique=True, editable=False
    )
    sequence = models.PositiveIntegerField(_("sequence"), default=0, editable=False)
    # For occurrences of a series: the local date the series' rule gives this occurrence
    # (with the series' start time it is the RFC 5545 RECURRENCE-ID; a series repeats at
    # most daily, so the date names the occurrence even after the series' time changes),
    # and whether it was edited by hand (then it no longer follows edits of the series).
    occurrence_date = models.DateField(_("occurrence date"), null=True, blank=True, editable=False)
    is_customized = models.BooleanField(
        _("is customized"),
        default=False,
        help_text=_("Edited by hand: no longer follows edits of its series."),
    )
    # Set when the retention purge erased the residents' data of this event (privacy app).
    personal_data_erased_at = models.DateTimeField(
        _("residents' data erased at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="event_end_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(max_party_size__gte=1), name="event_max_party_size_positive"
            ),
            models.CheckConstraint(
                condition=Q(promotion_cutoff_minutes__lte=MAX_CUTOFF_MINUTES),
                name="event_cutoff_at_most_14_days",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="event_capacity_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(rsvp_closes_at__isnull=True)
                | Q(rsvp_opens_at__isnull=True)
                | Q(rsvp_closes_at__gt=F("rsvp_opens_at")),
                name="event_rsvp_window_ordered",
                violation_error_message=_("RSVPs must close after they open."),
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence_date"],
                condition=Q(series__isnull=False),
                name="event_unique_occurrence",
            ),
        ]
        indexes = [
            # "Upcoming public events by start", optionally by program or venue.
            models.Index(fields=["visibility", "end", "start"], name="event_public_upcoming"),
            models.Index(fields=["program", "start"], name="event_program_start"),
            models.Index(fields=["venue", "start"], name="event_venue_start"),
            models.Index(fields=["host", "start"], name="event_host_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.local_start:%Y-%m-%d %H:%M})"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_calendar_values = instance._calendar_values()
        return instance

    def _calendar_values(self) -> tuple:
        return tuple(self.__dict__.get(name) for name in self.CALENDAR_FIELDS)

    def calendar_changes(self) -> list[str]:
        """Names of calendar-relevant fields changed since this row was loaded."""
        loaded = getattr(self, "_loaded_calendar_values", None)
        if loaded is None:
            return []
        return [
            name
            for name, old, new in zip(
                self.CALENDAR_FIELDS, loaded, self._calendar_values(), strict=True
            )
            if old != new
        ]

    def save(self, *args, **kwargs):
        if not self.uid:
            self.uid = f"event-{uuid.uuid4()}@porchlight"
        if self.pk and self.calendar_changes():
            self.sequence += 1
            if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "updated_at"}
        super().save(*args, **kwargs)
        self._loaded_calendar_values = self._calendar_values()

    @property
    def is_published(self) -> bool:
        return self.review == Review.PUBLISHED

    @property
    def is_unlisted(self) -> bool:
        return self.visibility == Visibility.UNLISTED

    def get_absolute_url(self) -> str:
        if self.is_unlisted:
            return reverse("rsvp:event_link", args=[self.share_key])
        return reverse("rsvp:event_detail", args=[self.pk])

    @property
    def rsvp_path(self) -> str:
        """Where the RSVP form posts (by the share key for an unlisted event)."""
        if self.is_unlisted:
            return reverse("rsvp:submit_link", args=[self.share_key])
        return reverse("rsvp:submit", args=[self.pk])

    @property
    def ics_path(self) -> str:
        """The one-event .ics download (by the share key for an unlisted event)."""
        if self.is_unlisted:
            return reverse("calendar:event_link", args=[self.share_key])
        return reverse("calendar:event", args=[self.pk])

    @property
    def ics_url(self) -> str:
        return settings.SITE_URL + self.ics_path

    @property
    def absolute_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.tzinfo)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.tzinfo)

    @property
    def seats_left(self) -> int | None:
        """Free seats (None: unlimited). Uses the `seats_taken` annotation when present."""
        if self.capacity is None:
            return None
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            # `rsvps` is the RSVP app's reverse relation: this app imports nothing of it.
            taken = self.rsvps.confirmed().seats()
        return max(self.capacity - taken, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def spoken_languages(self) -> list:
        """The languages the event is held in (EventLanguage rows, from `languages`, which
        the lists prefetch: scheduler.queries.with_languages)."""
        return [row for row in self.languages.all() if not row.interpreted]

    @property
    def interpreted_languages(self) -> list:
        """The languages interpreters are there for (EventLanguage rows)."""
        return [row for row in self.languages.all() if row.interpreted]


class SeriesExclusion(models.Model):
    """An occurrence removed from a series: never materialized again (EXDATE in feeds)."""

    series = models.ForeignKey(
        EventSeries, on_delete=models.CASCADE, related_name="exclusions", verbose_name=_("series")
    )
    occurrence_date = models.DateField(_("occurrence date"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("series exclusion")
        verbose_name_plural = _("series exclusions")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence_date"], name="series_exclusion_unique"
            ),
        ]

    def __str__(self) -> str:
        return _("%(series)s without %(date)s") % {
            "series": self.series,
            "date": f"{self.occurrence_date:%Y-%m-%d}",
        }
