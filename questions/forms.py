"""The questions as form fields: the RSVP form adds them, the API checks its `answers` with
the same fields, so a page and an API client are refused the same way, in the same words.

The fields only parse what was typed (each field's own message for a number that is not one,
a date that is not one, a choice not offered); questions_answers turns it into AnswerInputs.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from questions.models import ANSWER_MAX_LENGTH, Kind, Question
from questions.services import AnswerInput

PREFIX = "question_"


def field_name(question: Question) -> str:
    return f"{PREFIX}{question.pk}"


def _field(question: Question) -> forms.Field:
    # Django's own messages ("This field is required.", "Enter a number.", …): translated
    # in every language the site offers (config/framework_words.py covers the rest).
    common = {
        "label": question.text,
        "help_text": question.help_text,
        "required": question.required,
    }
    kind = question.kind
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        widget = forms.Textarea(attrs={"rows": 3}) if kind == Kind.LONG_TEXT else forms.TextInput()
        return forms.CharField(max_length=ANSWER_MAX_LENGTH[kind], widget=widget, **common)
    if kind == Kind.NUMBER:
        return forms.DecimalField(
            max_digits=12,
            decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **common,
        )
    if kind == Kind.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d"],
            **common,
        )
    if kind == Kind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **common
        )
    choices = [(str(c.pk), c.label) for c in question.choices.all()]
    if kind == Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)


def question_fields(questions: list[Question]) -> dict[str, forms.Field]:
    # A choice question whose choices are not entered yet is not asked (see admin.py).
    return {
        field_name(q): _field(q) for q in questions if not (q.has_choices and not q.choices.all())
    }


def questions_answers(questions: list[Question], cleaned: dict) -> list[AnswerInput]:
    """The checked answers (in cleaned_data by field name) as AnswerInputs."""
    answers = []
    for q in questions:
        value = cleaned.get(field_name(q))
        if value in (None, "", []):
            continue
        if q.has_choices:
            picked = {value} if isinstance(value, str) else set(value)
            choices = tuple(c for c in q.choices.all() if str(c.pk) in picked)
            answers.append(AnswerInput(question=q, choices=choices))
        elif q.kind == Kind.DATE:
            answers.append(AnswerInput(question=q, value=value.isoformat()))
        elif q.kind == Kind.NUMBER:
            answers.append(AnswerInput(question=q, value=format(value.normalize(), "f")))
        else:
            answers.append(AnswerInput(question=q, value=value.strip()))
    return answers


class AnswersForm(forms.Form):
    """The questions alone (the API checks `answers` with it)."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields.update(question_fields(questions))

    @property
    def answers(self) -> list[AnswerInput]:
        return questions_answers(self.questions, self.cleaned_data)
