"""Errors of the RSVP rules (the base and its attributes: scheduler/errors.py)."""

from scheduler.errors import DomainError


class RsvpError(DomainError):
    """A request the RSVP rules refuse: `code` is stable for the API, `field` names the input."""

    code = "rsvp_rule"
