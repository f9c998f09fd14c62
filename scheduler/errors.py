"""The one base of every error Porchlight's rules raise, and the errors of events.

A leaf module: it imports none of our code, so the HTML views, the admin and the API's
problem mapping (api/problems.py) can read `message`, `code`, `field` and `status`
without importing a single service.

A default `message` is a lazy translation (gettext_lazy), read when the error is raised;
a message given when raising is translated there (gettext), with its values filled in
after translation. Either way it is in the language of the request being refused.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A request a rule refuses. The message is for the person who made it.

    `code` is stable (the API's problem code), `field` names the input it is about (or
    None), `status` is the HTTP status an interface answers with.
    """

    code = "rule"
    status = 409
    message = ""

    def __init__(self, message: str | None = None, *, code: str | None = None, field=None):
        # Read now, in the language of the request being refused: `message` is plain text
        # from here on (JSON answers, form errors, admin messages take it as it is).
        self.message = str(message if message is not None else self.message)
        super().__init__(self.message)
        if code is not None:
            self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message


class EventError(DomainError):
    """A change to an event that its rules refuse."""

    code = "event_rule"


class CapacityError(EventError):
    """A capacity change that would drop confirmed residents."""


class Busy(DomainError):
    """The event is being changed by many people at once; the caller should retry."""

    code = "busy"
    status = 503
    message = _("This event is very busy right now. Please try again in a moment.")
    retry_after_seconds = 2
