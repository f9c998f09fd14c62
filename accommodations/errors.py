"""Errors of the accommodation rules (the base and its attributes: scheduler/errors.py)."""

from scheduler.errors import DomainError


class AccommodationError(DomainError):
    """A request the rules refuse: `field` names the input to fix, if one."""

    code = "accommodation_rule"
