"""Follow-up writes: "still coming?" questions and answers (still_coming), messages to an
event's attendees (messages). Callers import from `followup.services`."""

from followup.services.messages import (
    may_message,
    message_audience,
    message_recipient_count,
    message_send,
    message_versions_clean,
)
from followup.services.still_coming import (
    question_by_token,
    question_moment,
    still_coming_answer,
    still_coming_minutes,
    still_coming_plan,
    still_coming_replan_event,
    still_coming_stop,
    still_coming_sweep,
)

__all__ = [
    "may_message",
    "message_audience",
    "message_recipient_count",
    "message_send",
    "message_versions_clean",
    "question_by_token",
    "question_moment",
    "still_coming_answer",
    "still_coming_minutes",
    "still_coming_plan",
    "still_coming_replan_event",
    "still_coming_stop",
    "still_coming_sweep",
]
