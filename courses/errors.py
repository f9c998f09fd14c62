"""Errors of the course rules (the base and its attributes: scheduler/errors.py)."""

from django.utils.translation import gettext_lazy as _

from scheduler.errors import DomainError


class CourseError(DomainError):
    code = "course_rule"

    def __init__(self, message: str | None = None, *, code: str | None = None, field=None):
        super().__init__(message, code=code, field=field)
        self.status = 400 if field is not None else 409


class CourseFull(CourseError):
    code = "course_full"
    message = _("The course is full: no more applicants can be approved.")
