"""Errors of the follow-up rules (the base and its attributes: scheduler/errors.py)."""

from scheduler.errors import DomainError


class FollowupError(DomainError):
    """A "still coming?" answer or a message to attendees that the rules refuse."""

    code = "followup_rule"

    def __init__(self, message=None, *, code=None, field=None, status: int | None = None):
        super().__init__(message, code=code, field=field)
        self.status = status or (400 if field is not None else 409)
