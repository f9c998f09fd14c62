"""Errors of the RSVP rules (the base and its attributes: scheduler/errors.py)."""

from scheduler.errors import DomainError


class RsvpError(DomainError):
    """A request the RSVP rules refuse: `code` is stable for the API, `field` names the input."""

    code = "rsvp_rule"

    def __init__(self, message: str | None = None, *, code: str | None = None, field=None):
        super().__init__(message, code=code, field=field)
        # Bad input for one field (a party too large) is the resident's to fix: 400; a
        # refusal of the request as a whole (RSVPs closed) is a conflict: 409.
        self.status = 400 if field is not None else 409
