"""Coordinators define each program's feedback survey: its questions, in each language.

The answers are not listed here one by one: they are read in the officer reports, with
free text masked (feedback.results), and kept with no link to whoever gave them.
"""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from feedback.models import Survey, SurveyQuestion


class QuestionInline(TranslationTabularInline):
    model = SurveyQuestion
    fields = ["position", "kind", "text", "is_active"]
    extra = 1
    ordering = ["position", "id"]


@admin.register(Survey)
class SurveyAdmin(TabbedTranslationAdmin):
    list_display = ["program", "is_active", "thank_you_after_hours"]
    list_filter = ["is_active"]
    list_select_related = ["program"]
    fields = ["program", "is_active", "thank_you_after_hours", "intro"]
    inlines = [QuestionInline]

    def has_delete_permission(self, request, obj=None):
        # Answers reference the questions (PROTECT): retire a survey, don't delete it.
        return False
