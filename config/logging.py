"""Secret links never reach a log line: a logging filter for Django's logs, and the rule that
gunicorn's access log uses too (config/access_log.py).

The secret is in a URL's path: a resident's manage or feed token, an officer's feed token, a
notice's stop link, a "still coming?" answer link, a block-party host's manage link, an
unlisted event's share key. The path is matched as the server routes it: percent-escapes
decoded, repeated slashes and any letter case, so `/%72svp/<token>/` and `//RSVP/<token>`
are redacted too (the first is served as /rsvp/<token>/).
"""

import logging
import re
from urllib.parse import unquote

_SEGMENT = r"[^/\s?#\"'<>]+"
# Paths whose next segment is a secret token, whatever it looks like (a mistyped token is
# still most of one). Every route with a `token` in its path is here; a test walks the URLs.
TOKEN_PATHS = re.compile(
    r"(/+(?:rsvp|calendar/+me|calendar/+officers|api/+v1/+rsvps|notices|still-coming|privacy/+data"
    r"|night-out/+manage|feedback|volunteer|certificates)/+)" + _SEGMENT,
    re.IGNORECASE,
)
# Paths whose next segment is an event's id (kept: ids are no secret) or an unlisted event's
# share key (redacted), with or without the .ics of a download.
EVENT_PATHS = re.compile(
    r"(/+(?:api/+v1/+|calendar/+)?events/+)(?![0-9]+(?:\.ics)?(?:[/\s?#\"'<>]|$))" + _SEGMENT,
    re.IGNORECASE,
)


def redact(text: str) -> str:
    if "%" in text:
        text = unquote(text, errors="replace")
    text = TOKEN_PATHS.sub(r"\1[token]", text)
    return EVENT_PATHS.sub(r"\1[key]", text)


class RedactTokens(logging.Filter):
    """Rewrites the formatted message with tokens replaced by "[token]"."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
