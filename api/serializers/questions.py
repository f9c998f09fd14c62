"""Registration questions in the API: what an event asks (on its detail), and the `answers`
of an RSVP, checked by the same form fields as the HTML form's (questions.forms), so both
refuse the same input in the same words."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from questions.forms import AnswersForm, field_name
from questions.models import Question
from questions.queries import questions_for_event
from questions.services import AnswerInput

NOT_ASKED = _("This event does not ask this question.")
ANSWERS_HELP = _(
    "Answers to the event's registration questions (see `questions` on the event), by "
    "question id: text for a text question, a number, a date as YYYY-MM-DD, a choice's id "
    "for a single choice, a list of choice ids for a multiple choice, true or false for "
    "yes/no. A required question must be answered."
)


class ChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    """A question in the language the request asked for (its default language's words
    where none were written)."""

    id = serializers.IntegerField()
    text = serializers.CharField()
    help_text = serializers.CharField()
    kind = serializers.ChoiceField(choices=Question._meta.get_field("kind").choices)
    required = serializers.BooleanField()
    choices = ChoiceSerializer(many=True, help_text=_("Empty unless a choice question."))

    def to_representation(self, question: Question) -> dict:
        return {
            "id": question.pk,
            "text": question.text,
            "help_text": question.help_text,
            "kind": question.kind,
            "required": question.required,
            "choices": [{"id": c.pk, "label": c.label} for c in question.choices.all()]
            if question.has_choices
            else [],
        }


def _form_value(value):
    """A JSON value as a form would have posted it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, list):
        return [_form_value(v) for v in value]
    return str(value)


def answers_validate(event, answers) -> list[AnswerInput]:
    """The `answers` object checked against the event's questions; refusals keyed by
    question id (the problem's `errors` name them `answers.<id>`)."""
    if not isinstance(answers, dict):
        raise serializers.ValidationError(
            _("Expected an object of answers by question id."), code="invalid"
        )
    questions = questions_for_event(event)
    form = AnswersForm(
        {field_name(q): _form_value(answers.get(str(q.pk))) for q in questions},
        questions=questions,
    )
    asked = {str(q.pk) for q in questions if field_name(q) in form.fields}
    errors = {key: [NOT_ASKED] for key in answers if str(key) not in asked}
    form.is_valid()
    for q in questions:
        if field_name(q) in form.errors:
            errors[str(q.pk)] = list(form.errors[field_name(q)])
    if errors:
        raise serializers.ValidationError(errors, code="invalid")
    return form.answers
