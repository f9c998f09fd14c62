"""Expected texts in another language, read from the project's catalogs.

A test compares what Porchlight says with what the catalog says for that language, and
fails while the catalog has no translation of it yet: a message that came out in English
would otherwise pass as "translated".
"""

from django.utils import translation


def translated(language: str, english: str, **values) -> str:
    """The catalog's `language` text for `english` (filled with `values`, if any)."""
    with translation.override(language):
        text = translation.gettext(english)
    assert text != english, f"the {language} catalog has no translation of {english!r}"
    return text % values if values else text


def translated_plural(language: str, singular: str, plural: str, number: int, **values) -> str:
    """As `translated`, for an ngettext message (the form for `number`)."""
    with translation.override(language):
        text = translation.ngettext(singular, plural, number)
    assert text not in (singular, plural), (
        f"the {language} catalog has no translation of {singular!r}"
    )
    return text % values if values else text


def translated_in_context(language: str, context: str, english: str) -> str:
    """As `translated`, for a pgettext message."""
    with translation.override(language):
        text = translation.pgettext(context, english)
    assert text != english, f"the {language} catalog has no translation of {english!r}"
    return text
