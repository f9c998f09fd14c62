"""A role's name and description in each language, as the event's texts
(scheduler/translation.py): a column per language, the default language's as fallback."""

from modeltranslation.translator import TranslationOptions, register

from scheduler.translation import REQUIRED
from volunteers.models import VolunteerRole


@register(VolunteerRole)
class RoleTexts(TranslationOptions):
    fields = ("name", "description")
    required_languages = REQUIRED
