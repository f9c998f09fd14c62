"""Personal data a resident may have typed into a free-text answer, masked by pattern
before anyone reads it (the reports, their CSV): e-mail addresses, phone numbers, and the
name after "my name is" and the like. A pattern misses what it does not know, so free
text is shown to coordinators only, and erased with the event's personal data."""

import re

from django.utils.translation import gettext as _

EMAIL = re.compile(r"[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
# Seven digits or more, with the separators people type (+1 (555) 010-2345, 555.010.2345).
PHONE = re.compile(r"(?<![\w@(])\+?\(?\d(?:[\s().\-]*\d){6,}(?!\w)")
# The introduced name: its first word, then any capitalised words after it (at most 3).
NAME = re.compile(
    r"(?i:\b(my name is|my name's|name:|i am called|me llamo|mi nombre es)\s+)"
    r"([^\W\d_][\w'\-]*(?:\s+[A-Z\u00C0-\u024F][\w'\-]*){0,2})",
    re.UNICODE,
)


def text_mask(text: str) -> str:
    text = EMAIL.sub(_("[e-mail]"), text)
    text = PHONE.sub(_("[phone]"), text)
    name = _("[name]")
    return NAME.sub(lambda m: f"{m.group(1)} {name}", text)
