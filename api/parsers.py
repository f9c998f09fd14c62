"""Strict JSON: text values that can be stored (no NUL characters, no lone surrogates).

Named in REST_FRAMEWORK's DEFAULT_PARSER_CLASSES, so DRF imports this module while
rest_framework.views itself is loading: it must not import DRF's views.
"""

from typing import Any

from rest_framework import exceptions
from rest_framework.parsers import JSONParser


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
                "The JSON has a text value with a NUL character or broken Unicode."
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            _check_strings(key)
            _check_strings(value)
    elif isinstance(data, list):
        for value in data:
            _check_strings(value)


class StrictJSONParser(JSONParser):
    """JSON whose text values can be stored: no NUL characters, no lone surrogates."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _check_strings(data)
        return data
