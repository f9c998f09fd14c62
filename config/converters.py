"""The `<id:...>` path converter: a database id, at most a signed 64-bit integer.

Django's `<int:...>` matches any number of digits; a larger one overflows SQLite's
INTEGER (OverflowError, a 500) before the view can answer 404. A value past the range
does not match, so the URL is a plain 404.
"""

ID_MAX = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError("past 64 bits")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
