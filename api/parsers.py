"""Strict JSON: a bounded body (size and nesting) whose text values can be stored (no NUL
characters, no lone surrogates).

Named in REST_FRAMEWORK's DEFAULT_PARSER_CLASSES, so DRF imports this module while
rest_framework.views itself is loading: it must not import DRF's views.
"""

import json
import re
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

# The largest write (an event with a 20,000-character description, every character a
# \uXXXX escape) is about 120 KB.
MAX_JSON_BYTES = 256 * 1024
# Our deepest body is two levels; the cap stays far below Python's recursion limit, which
# the json module hits at about a thousand levels (a RecursionError, a 500).
MAX_JSON_DEPTH = 32

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def bad_string(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") from a JSON escape
        return True
    return False


def _check_strings(data: Any) -> None:
    if isinstance(data, str):
        if bad_string(data):
            raise exceptions.ParseError(
                gettext("The JSON has a text value with a NUL character or broken Unicode.")
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            _check_strings(key)
            _check_strings(value)
    elif isinstance(data, list):
        for value in data:
            _check_strings(value)


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects nest more than `limit` deep in `text` (brackets inside
    strings not counted); stops at the first level past the limit."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class StrictJSONParser(JSONParser):
    """JSON of at most MAX_JSON_BYTES and MAX_JSON_DEPTH levels whose text values can be
    stored: no NUL characters, no lone surrogates."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_JSON_BYTES + 1)
        if len(raw) > MAX_JSON_BYTES:
            raise RequestDataTooBig(gettext("The request body is too large."))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise exceptions.ParseError(gettext("The JSON is not valid UTF-8.")) from None
        if json_too_deep(text):
            raise exceptions.ParseError(
                gettext("The JSON nests more than %(depth)d levels deep.")
                % {"depth": MAX_JSON_DEPTH}
            )
        try:
            data = json.loads(text, parse_constant=_no_constant if self.strict else None)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(
                gettext("JSON parse error - %(error)s") % {"error": exc}
            ) from None
        _check_strings(data)
        return data


def _no_constant(value: str):
    raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
