"""The accommodation choices on the RSVP form (a part of it: rsvp/extensions.py), and the
staff's answer to a request."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accommodations import rules
from accommodations.lead_times import lead_hours
from accommodations.models import Kind, State

# Asked for as "Anything else we should arrange?", the RSVP's own free text.
CHECKBOX_KINDS = [(value, label) for value, label in Kind.choices if value != Kind.OTHER]


class RsvpAccommodations:
    """Checkboxes for what to arrange, the interpreter's language; the free text beside
    them (accessibility_needs, which the API shares) is the "something else" request."""

    name = "accommodations"

    def fields(self, event) -> dict[str, forms.Field]:
        return {
            "accommodations": forms.MultipleChoiceField(
                required=False,
                choices=CHECKBOX_KINDS,
                widget=forms.CheckboxSelectMultiple,
                label=_("Should we arrange any of these for you? (optional)"),
                help_text=_(
                    "Interpreters need %(hours)s hours' notice; the rest a day or two. Ask "
                    "even if the event is sooner: we will try, and tell you."
                )
                % {"hours": lead_hours(Kind.ASL)},
            ),
            "interpreter_language": forms.CharField(
                required=False,
                label=_("Language for the interpreter"),
                help_text=_("If you chose a spoken-language interpreter."),
                widget=forms.TextInput(attrs={"maxlength": rules.LANGUAGE_MAX_LENGTH}),
            ),
        }

    def adjust(self, form) -> None:
        needs = form.fields.pop("accessibility_needs", None)
        if needs is not None:
            # After the choices, as their "something else".
            needs.label = _("Anything else we should arrange? (optional)")
            needs.help_text = _("A quiet seat, a step-free way in, a service animal…")
            form.fields["accessibility_needs"] = needs

    def clean(self, form, values) -> list[rules.Asked]:
        kinds = values.get("accommodations") or []
        language = values.get("interpreter_language") or ""
        items = [
            {"kind": kind, "detail": language if kind == Kind.INTERPRETER else ""} for kind in kinds
        ]
        other = form.cleaned_data.get("accessibility_needs") or ""
        try:
            return rules.asked_clean(items, other_text=other)
        except ValidationError as exc:
            form.add_error("interpreter_language", exc)
            return []


class DecideForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            (State.ARRANGED, State.ARRANGED.label),
            (State.NOT_POSSIBLE, State.NOT_POSSIBLE.label),
        ],
        label=_("Answer"),
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        label=_("Note to the resident (optional)"),
        widget=forms.TextInput,
    )
