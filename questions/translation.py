"""The questions' words in each language, like the events' own (see scheduler/translation.py)."""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from questions.models import Choice, Question

REQUIRED = (settings.MODELTRANSLATION_DEFAULT_LANGUAGE,)


@register(Question)
class QuestionTexts(TranslationOptions):
    fields = ("text", "help_text")
    required_languages = {settings.MODELTRANSLATION_DEFAULT_LANGUAGE: ("text",)}


@register(Choice)
class ChoiceTexts(TranslationOptions):
    fields = ("label",)
    required_languages = REQUIRED
