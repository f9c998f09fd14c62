"""The `<id:...>` path converter: a database id, at most a signed 64-bit integer.

Django's `<int:...>` matches any number of digits; a larger one overflows SQLite's
INTEGER (OverflowError, a 500) before the view can answer 404. A value past the range
does not match, so the URL is a plain 404.
"""

ID_MAX = 2**63 - 1


class ShareKeyConverter:
    """`<key:...>`: an unlisted event's share key (scheduler.tokens.token_new: 32 characters
    of URL-safe base64). An id has at most 19 digits, so the two never match the same path."""

    regex = "[A-Za-z0-9_-]{32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError("past 64 bits")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
