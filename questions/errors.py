"""Refusals of answers (the base and its attributes: scheduler/errors.py)."""

from django.utils.translation import gettext_lazy as _

from scheduler.errors import DomainError


class AnswerMissing(DomainError):
    """A required question left unanswered: `field` is the RSVP form's field for it."""

    code = "answer_required"
    status = 400
    message = _("This field is required.")

    def __init__(self, *, question_id: int):
        super().__init__(field=f"question_{question_id}")
        self.question_id = question_id
