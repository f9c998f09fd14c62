"""Certificates for those who completed a course, and their public verification."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import Certificate, Course, code_hash
from courses.queries import course_report

# What a code looks like once spaces and dashes are dropped: base32, 26 characters.
CODE_RE = re.compile(r"[A-Z2-7]{26}")


def holder_initial(name: str) -> str:
    """ "Ana Ortiz" -> "A.": all that a verification shows of the holder."""
    name = name.strip()
    return f"{name[0].upper()}." if name else ""


def code_normalize(code: str) -> str | None:
    """The code as stored, or None for anything that cannot be one (checked before any
    query: a long or strange path costs nothing)."""
    if not code or len(code) > 64:
        return None
    code = re.sub(r"[\s-]", "", code).upper()
    return code if CODE_RE.fullmatch(code) else None


def certificates_issue(*, course: Course, now: dt.datetime | None = None) -> list[Certificate]:
    """A certificate for each approved applicant who completed the course and has none
    yet; returns the new ones. Safe to call again (one certificate per application)."""
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(course.series.timezone)
    issued = []
    for row in course_report(course).rows:
        application = row.application
        if not row.completed or application.erased_at is not None:
            continue
        if hasattr(application, "certificate"):
            continue
        certificate = Certificate(
            course=course,
            application=application,
            holder_initial=holder_initial(application.name),
            hours=row.hours,
            completed_on=row.last_attended.astimezone(zone).date(),
        )
        certificate.code_hash = code_hash(certificate.code)
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            continue  # issued by a concurrent call
        issued.append(certificate)
    return issued


def certificate_verify(code: str) -> Certificate | None:
    """The valid certificate with this code, or None (unknown, malformed or revoked)."""
    normalized = code_normalize(code)
    if normalized is None:
        return None
    return (
        Certificate.objects.select_related("course__series")
        .filter(code_hash=code_hash(normalized), revoked_at__isnull=True)
        .first()
    )
