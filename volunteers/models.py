"""Volunteer roles an event offers (host, greeter, set-up crew) next to its seats, and the
residents who sign up for them. A role's places are its own: they never take a seat."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from scheduler.models.validators import validate_text_block, validate_text_line

CAPACITY_MAX = 500
HOURS_MAX = Decimal("24")


class VolunteerRole(models.Model):
    """A role at one event. Its name and description are translated like the event's
    (volunteers/translation.py); a served shift counts `hours`, or the shift's length, or
    the event's."""

    event = models.ForeignKey(
        "scheduler.Event",
        on_delete=models.CASCADE,
        related_name="volunteer_roles",
        verbose_name=_("event"),
    )
    name = models.CharField(_("role"), max_length=120, validators=[validate_text_line])
    description = models.TextField(
        _("description"), blank=True, max_length=2000, validators=[validate_text_block]
    )
    capacity = models.PositiveSmallIntegerField(
        _("volunteers needed"),
        validators=[MinValueValidator(1), MaxValueValidator(CAPACITY_MAX)],
    )
    hours = models.DecimalField(
        _("hours a shift counts for"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(HOURS_MAX)],
        help_text=_("Empty: the shift's start to end, or else the event's."),
    )
    shift_start = models.DateTimeField(_("shift starts"), null=True, blank=True)
    shift_end = models.DateTimeField(_("shift ends"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")
        ordering = ["event", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="volunteer_role_capacity"),
            models.CheckConstraint(
                condition=Q(shift_start__isnull=True, shift_end__isnull=True)
                | Q(shift_end__gt=F("shift_start")),
                name="volunteer_role_shift",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def shift_hours(self, event=None) -> Decimal:
        """What one served shift in this role counts for, in hours (two decimals)."""
        if self.hours is not None:
            return self.hours
        event = event or self.event
        start, end = self.shift_start or event.start, self.shift_end or event.end
        seconds = max((end - start) // dt.timedelta(seconds=1), 0)
        return (Decimal(seconds) / 3600).quantize(Decimal("0.01"))


class VolunteerSignup(models.Model):
    """A resident's place in a role. The personal fields are erased by the retention purge
    (privacy/); the row stays, with its served hours, for the counts."""

    role = models.ForeignKey(
        VolunteerRole,
        # A role with volunteers is not deleted with a click: they were told they have a place.
        on_delete=models.PROTECT,
        related_name="signups",
        verbose_name=_("role"),
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    served_at = models.DateTimeField(_("served at"), null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("marked served by"),
    )
    # The shift's hours when it was marked served: a role changed later leaves it alone.
    hours = models.DecimalField(
        _("hours served"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["role", "created_at", "id"]
        indexes = [models.Index(fields=["email", "served_at"], name="volunteer_email_served")]
        constraints = [
            # One place per address and role; a second sign-up e-mails the first one's link.
            models.UniqueConstraint(
                fields=["role", "email"],
                condition=Q(withdrawn_at__isnull=True, erased_at__isnull=True),
                name="volunteer_one_place_per_email",
            ),
            models.CheckConstraint(
                condition=Q(served_at__isnull=True) | Q(hours__isnull=False),
                name="volunteer_served_has_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"Volunteer #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None and self.erased_at is None


class VolunteerLink(models.Model):
    """A volunteer's manage link: only the SHA-256 of its token (scheduler/tokens.py)."""

    signup = models.ForeignKey(VolunteerSignup, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("manage link")
        verbose_name_plural = _("manage links")

    def __str__(self) -> str:
        return f"Manage link #{self.pk}"
