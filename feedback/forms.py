"""The survey a resident answers from the thank-you's link: one field per question."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import RATING_MAX, RATING_MIN, TEXT_MAX_LENGTH, SurveyQuestion

RATING_CHOICES = [
    (1, _("1 – Strongly disagree")),
    (2, _("2 – Disagree")),
    (3, _("3 – Neither agree nor disagree")),
    (4, _("4 – Agree")),
    (5, _("5 – Strongly agree")),
]
assert [c for c, _label in RATING_CHOICES] == list(range(RATING_MIN, RATING_MAX + 1))


class SurveyForm(forms.Form):
    """Every question may be skipped; the service asks for at least one answer."""

    def __init__(self, *args, questions: list[SurveyQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.pk}"
            if question.kind == SurveyQuestion.Kind.RATING:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=RATING_CHOICES,
                    coerce=int,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": _("Choose a number from 1 to 5.")},
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=TEXT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX_LENGTH}),
                    help_text=_("Please do not write your name, e-mail address or phone number."),
                )

    def answers(self) -> dict[int, int | str]:
        return {
            q.pk: (v.strip() if isinstance(v, str) else v)
            for q in self.questions
            if (v := self.cleaned_data.get(f"q{q.pk}")) not in (None, "")
        }
