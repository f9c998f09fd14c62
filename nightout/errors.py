"""Errors of the National Night Out rules (the base and its attributes: scheduler/errors.py)."""

from scheduler.errors import DomainError


class NightOutError(DomainError):
    """A request the rules refuse: `field` names the input to fix, if one."""

    code = "nightout_rule"
