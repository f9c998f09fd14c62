"""The coordinator's question builder: questions on a program's and an event's admin page
(inlines), each question's choices on its own page, every text with a tab per language.

The program and event admins are the ones registered before (scheduler's, rsvp's): this app
adds its inline to them rather than import them, so it stays below rsvp (pyproject.toml).
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from modeltranslation.utils import build_localized_fieldname

from questions.models import CHOICE_KINDS, Choice, Question
from scheduler.models import Event, Program

NEEDS_CHOICES = _("A single or multiple choice question needs at least two choices.")


class ChoiceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.kind not in CHOICE_KINDS:
            return
        # The label in the default language (the one required; the others fall back to it).
        label = build_localized_fieldname("label", settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
        kept = [
            f
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get(label)
        ]
        if len(kept) < 2:
            raise forms.ValidationError(NEEDS_CHOICES)


class ChoiceInline(TranslationTabularInline):
    model = Choice
    formset = ChoiceFormSet
    fields = ["label", "position"]
    extra = 3


@admin.register(Question)
class QuestionAdmin(TabbedTranslationAdmin):
    list_display = ["text", "kind", "required", "program", "event", "position"]
    list_filter = ["kind", "required", "program"]
    search_fields = ["text"]
    autocomplete_fields = ["event"]
    fields = ["program", "event", "text", "help_text", "kind", "required", "position"]
    inlines = [ChoiceInline]


class QuestionInline(TranslationStackedInline):
    model = Question
    fields = ["text", "help_text", "kind", "required", "position"]
    extra = 0
    # The choices of a choice question are edited on the question's own page.
    show_change_link = True
    verbose_name_plural = _("registration questions (choices: open the question once saved)")


def _with_questions(model) -> None:
    current = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(current.__name__, (current,), {"inlines": [*current.inlines, QuestionInline]}),
    )


_with_questions(Program)
_with_questions(Event)
