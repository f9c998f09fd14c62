"""Writes of courses, each in its own transaction (reads: courses/queries.py)."""

from courses.services.applications import (
    application_decide,
    application_submit,
    course_locked,
)
from courses.services.attendance import attendance_set
from courses.services.certificates import certificate_verify, certificates_issue
from courses.services.retention import applications_erase, courses_due

__all__ = [
    "application_decide",
    "application_submit",
    "applications_erase",
    "attendance_set",
    "certificate_verify",
    "certificates_issue",
    "course_locked",
    "courses_due",
]
