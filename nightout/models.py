"""National Night Out: one edition a year, the block parties residents register for it, and
the officers' visits to them."""

import datetime as dt
import uuid
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from scheduler.models.validators import validate_text_block, validate_text_line

PARTY_SIZE_MAX = 2000


def first_tuesday_of_august(year: int) -> dt.date:
    first = dt.date(year, 8, 1)
    # Monday is 0: Tuesday is 1.
    return first + dt.timedelta(days=(1 - first.weekday()) % 7)


def _zone_default() -> str:
    return settings.TIME_ZONE


class NightOut(models.Model):
    """One year's National Night Out, on the first Tuesday of August in its zone."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2200)]
    )
    start_time = models.TimeField(_("start time"), default=dt.time(17, 0))
    end_time = models.TimeField(_("end time"), default=dt.time(21, 0))
    timezone = models.CharField(_("time zone"), max_length=64, default=_zone_default)
    registration_opens = models.DateField(_("registration opens"))
    registration_closes = models.DateField(
        _("registration closes"), help_text=_("The last day a block party can register.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("National Night Out")
        verbose_name_plural = _("National Night Outs")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="nightout_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__gte=F("registration_opens")),
                name="nightout_registration_window",
            ),
        ]

    def __str__(self) -> str:
        return f"National Night Out {self.year}"

    @property
    def date(self) -> dt.date:
        return first_tuesday_of_august(self.year)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start_time, tzinfo=self.tzinfo)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.end_time, tzinfo=self.tzinfo)

    def registration_open_on(self, day: dt.date) -> bool:
        return self.registration_opens <= day <= self.registration_closes


class BlockParty(models.Model):
    """A resident's block party registration. Its personal fields are erased with the rest
    of the residents' data once the retention period after the night ends."""

    night_out = models.ForeignKey(
        NightOut, on_delete=models.PROTECT, related_name="parties", verbose_name=_("night out")
    )
    host_name = models.CharField(
        _("host name"), max_length=120, blank=True, validators=[validate_text_line]
    )
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(
        _("address"), max_length=255, blank=True, validators=[validate_text_line]
    )
    neighborhood = models.ForeignKey(
        "scheduler.Neighborhood",
        on_delete=models.PROTECT,
        related_name="block_parties",
        verbose_name=_("neighborhood"),
    )
    expected_size = models.PositiveSmallIntegerField(
        _("expected size"), validators=[MinValueValidator(1), MaxValueValidator(PARTY_SIZE_MAX)]
    )
    needs = models.TextField(
        _("needs"), max_length=1000, blank=True, validators=[validate_text_block]
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("block party")
        verbose_name_plural = _("block parties")
        ordering = ["neighborhood__name", "created_at", "id"]
        constraints = [
            # One standing registration per address and year; the form answers a second one
            # by e-mailing the first one's link (nothing is learned on the page).
            models.UniqueConstraint(
                fields=["night_out", "email"],
                condition=Q(withdrawn_at__isnull=True, erased_at__isnull=True),
                name="nightout_one_party_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"Block party #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None and self.erased_at is None


class PartyLink(models.Model):
    """A host's manage link: only the SHA-256 of its token (scheduler/tokens.py)."""

    party = models.ForeignKey(BlockParty, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("manage link")
        verbose_name_plural = _("manage links")

    def __str__(self) -> str:
        return f"Manage link #{self.pk}"


class Visit(models.Model):
    """An officer's visit to a block party in a time slot. A removed visit stays as
    cancelled (and its SEQUENCE moves) so subscribed calendars drop it cleanly."""

    party = models.ForeignKey(
        BlockParty, on_delete=models.CASCADE, related_name="visits", verbose_name=_("block party")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="night_out_visits",
        verbose_name=_("officer"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["officer", "start"], name="nightout_visit_officer")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="nightout_visit_slot"),
        ]

    def __str__(self) -> str:
        return f"Visit #{self.pk}"
