"""Logging filters: secret tokens in URLs never reach a log line."""

import logging
import re

# Paths whose next segment is a resident's or officer's secret token.
TOKEN_PATHS = re.compile(
    r"(/rsvp/|/calendar/me/|/calendar/officers/|/api/v1/rsvps/|/notices/)[^/\s?\"']+"
)


def redact(text: str) -> str:
    return TOKEN_PATHS.sub(r"\1[token]", text)


class RedactTokens(logging.Filter):
    """Rewrites the formatted message with tokens replaced by "[token]"."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
