"""Courses: a recurring series that people apply to as a whole (Crisis Intervention
Training, Citizen's Academy), its applications, the attendance taken at each session, and
the certificates of those who completed it."""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def salt_new() -> str:
    return secrets.token_hex(16)


class Course(models.Model):
    """A series whose occurrences are the sessions of one course."""

    series = models.OneToOneField(
        "scheduler.EventSeries",
        on_delete=models.CASCADE,
        related_name="course",
        verbose_name=_("series"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), help_text=_("Approved applicants never exceed this number.")
    )
    needs_approval = models.BooleanField(
        _("needs a coordinator's approval"),
        default=True,
        help_text=_("Otherwise applicants are approved in order while places last."),
    )
    applications_open = models.BooleanField(_("applications open"), default=True)
    # The completion rule: at least `min_sessions` sessions attended (empty: no minimum)
    # and every one of `required_sessions`.
    min_sessions = models.PositiveSmallIntegerField(
        _("sessions to attend"),
        null=True,
        blank=True,
        help_text=_("Completed with at least this many sessions attended (empty: no minimum)."),
    )
    required_sessions = models.ManyToManyField(
        "scheduler.Event",
        blank=True,
        related_name="required_by_courses",
        verbose_name=_("required sessions"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.series.title


class Application(models.Model):
    """A person's application to a whole course. Name, e-mail and phone are personal data:
    the retention purge blanks them (erased_at) and keeps the row for the counts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="applications", verbose_name=_("course")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("course application")
        verbose_name_plural = _("course applications")
        ordering = ["created_at", "id"]
        constraints = [
            # One application per address and course; erased rows have no address.
            models.UniqueConstraint(
                fields=["course", "email"],
                condition=Q(erased_at__isnull=True),
                name="course_application_one_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} #{self.pk}"


class SessionAttendance(models.Model):
    """An approved applicant was present at one session (an occurrence of the series)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("application"),
    )
    session = models.ForeignKey(
        "scheduler.Event",
        on_delete=models.CASCADE,
        related_name="course_attendances",
        verbose_name=_("session"),
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "session"], name="course_attendance_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.session_id}"


class Certificate(models.Model):
    """A completion certificate. Its verification outlives the applicant's personal data:
    it keeps only the holder's initial, the course, the hours and the completion date."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("course")
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("application"),
    )
    holder_initial = models.CharField(_("holder's initial"), max_length=8)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    completed_on = models.DateField(_("completed on"))
    # The code is derived from this salt and the secret key (as notices' links are), so
    # the PDF can be printed again with the same code; only its hash is stored.
    salt = models.CharField(_("salt"), max_length=32, default=salt_new, editable=False)
    code_hash = models.CharField(_("code hash"), max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.course} · {self.holder_initial}"

    @property
    def code(self) -> str:
        """26 base32 letters and digits: 130 bits from HMAC(secret key, salt)."""
        digest = hmac.new(
            settings.SECRET_KEY.encode(),
            f"porchlight-certificate:{self.salt}".encode(),
            hashlib.sha256,
        ).digest()
        return base64.b32encode(digest).decode()[:26]


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
