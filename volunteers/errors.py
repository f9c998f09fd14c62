"""Errors of the volunteer rules (the base and its attributes: scheduler/errors.py)."""

from scheduler.errors import DomainError


class VolunteerError(DomainError):
    """A request the rules refuse: `field` names the input to fix, if one."""

    code = "volunteer_rule"
