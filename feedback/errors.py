"""The survey's refusals, each with a message the resident reads."""

from django.utils.translation import gettext_lazy as _


class SurveyError(Exception):
    def __init__(self, message, *, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


LINK_GONE = _(
    "This survey link has already been used, has expired, or is not valid. Thank you: "
    "each link takes one set of answers."
)
NOTHING_ANSWERED = _("Answer at least one question, or close this page to skip the survey.")
