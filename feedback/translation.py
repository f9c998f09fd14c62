"""The survey's texts in each language, as the other program content (scheduler/translation.py)."""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from feedback.models import Survey, SurveyQuestion


@register(Survey)
class SurveyTexts(TranslationOptions):
    fields = ("intro",)


@register(SurveyQuestion)
class QuestionTexts(TranslationOptions):
    fields = ("text",)
    required_languages = (settings.MODELTRANSLATION_DEFAULT_LANGUAGE,)
