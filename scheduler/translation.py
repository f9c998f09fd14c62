"""The texts residents read, in each language (django-modeltranslation finds this module).

Each field named here gets a column per language (`title_en`, `title_es`, …); reading the
field gives the active language's text, or the default language's when that one is empty
(MODELTRANSLATION_FALLBACK_LANGUAGES). A series has them too: its occurrences copy them.
Names of places and organizations are names, the same in every language.
"""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from scheduler.models import Event, EventSeries, Program, Venue

# A title or a name is required in the default language (the one every other falls back to).
REQUIRED = (settings.MODELTRANSLATION_DEFAULT_LANGUAGE,)


@register(Event)
class EventTexts(TranslationOptions):
    fields = ("title", "description")
    required_languages = REQUIRED


@register(EventSeries)
class SeriesTexts(TranslationOptions):
    fields = ("title", "description")
    required_languages = REQUIRED


@register(Program)
class ProgramTexts(TranslationOptions):
    fields = ("name", "description")
    required_languages = REQUIRED
    # A program's name is unique in each language; an empty one is NULL, not a clash of "".
    empty_values = {"name": None}


@register(Venue)
class VenueTexts(TranslationOptions):
    fields = ("accessibility_notes", "directions")
