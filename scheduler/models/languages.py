"""Texts in each language, and the languages spoken or interpreted at an event.

Titles, descriptions, program names and venues' accessibility notes have a column per
language (django-modeltranslation, scheduler/translation.py): `title_en`, `title_es`, …
Reading `event.title` gives the active language's text, else the default language's.
Code that writes texts names the columns (`localized`, `text_columns`): assigning
`event.title` would write the active language's column, whichever that happens to be.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname


def localized(name: str, language: str) -> str:
    """The column holding field `name` in `language` ("title", "zh-hans": "title_zh_hans")."""
    return build_localized_fieldname(name, language)


def default_column(name: str) -> str:
    """The column of the default language, which every text has (the others may be empty)."""
    return localized(name, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


def text_columns(*names: str) -> tuple[str, ...]:
    """Every language's column of each field, the default language's first."""
    codes = [settings.MODELTRANSLATION_DEFAULT_LANGUAGE]
    codes += [code for code, _name in settings.LANGUAGES if code not in codes]
    return tuple(localized(name, code) for name in names for code in codes)


def other_columns(*names: str) -> tuple[str, ...]:
    """The columns of the languages other than the default one."""
    defaults = {default_column(name) for name in names}
    return tuple(column for column in text_columns(*names) if column not in defaults)


class EventLanguage(models.Model):
    """A language spoken at an event, or interpreted into there.

    One row per event and language (rather than a list in one column) so that `/` and the
    API filter by language with a plain indexed lookup on SQLite and PostgreSQL alike, and
    so that each language says whether the event is held in it or interpreted into it.
    """

    event = models.ForeignKey(
        "scheduler.Event",
        on_delete=models.CASCADE,
        related_name="languages",
        verbose_name=_("event"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    interpreted = models.BooleanField(
        _("interpreted"),
        default=False,
        help_text=_(
            "An interpreter is there for this language; otherwise the event is held in it."
        ),
    )

    class Meta:
        verbose_name = _("language at the event")
        verbose_name_plural = _("languages at the event")
        # The order residents read them in: the event's own languages, then interpretation.
        ordering = ["interpreted", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="event_language_unique"),
        ]

    def __str__(self) -> str:
        return self.name_local

    @property
    def name_local(self) -> str:
        """The language named in itself ("Tiếng Việt", "Español"): config/languages.py."""
        return dict(settings.LANGUAGES)[self.language]
