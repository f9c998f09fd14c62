"""The RSVP forms (with a name and e-mail, or a head count) and the resident's own edit
forms (field names shared with the API).

The fields only parse what was typed; what is allowed, and what a resident is told
otherwise, is rsvp.rules' (the API's serializers call the same functions).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from questions.forms import question_fields, questions_answers
from questions.queries import questions_for_event
from rsvp import extensions, rules
from scheduler.models import Event


def _party_size_field() -> forms.IntegerField:
    return forms.IntegerField(
        initial=1,
        label=_("How many people, you included"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
    )


class RsvpDetailsForm(forms.Form):
    """What a resident types about themselves with an RSVP, and corrects on its page."""

    # Not required for Django: rules.name_clean says what is missing, in the API's words.
    name = forms.CharField(
        required=False,
        label=_("Your name"),
        help_text=_("So the officers at the door can welcome you."),
        widget=forms.TextInput(
            attrs={"autocomplete": "name", "required": True, "maxlength": rules.NAME_MAX_LENGTH}
        ),
    )
    phone = forms.CharField(
        required=False,
        label=_("Phone (optional)"),
        help_text=_("Only for a text reminder, if you want one."),
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "maxlength": rules.PHONE_MAX_INPUT}
        ),
    )
    sms_opt_in = forms.BooleanField(
        required=False,
        label=_("Text me reminders at this number"),
        help_text=_("Standard message rates may apply. Reply STOP or use the link in any e-mail."),
    )
    accessibility_needs = forms.CharField(
        required=False,
        label=_("Anything we should arrange? (optional)"),
        help_text=_("Wheelchair access, an interpreter, a quiet seat…"),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": rules.ACCESSIBILITY_MAX_LENGTH}),
    )

    def clean_name(self):
        return rules.name_clean(self.cleaned_data["name"])

    def clean_phone(self):
        return rules.phone_clean(self.cleaned_data["phone"])

    def clean_accessibility_needs(self):
        return rules.accessibility_needs_clean(self.cleaned_data["accessibility_needs"])

    def clean(self):
        cleaned = super().clean()
        if "phone" not in self.errors:
            try:
                rules.sms_opt_in_check(
                    sms_opt_in=cleaned.get("sms_opt_in", False), phone=cleaned.get("phone", "")
                )
            except ValidationError as exc:
                self.add_error("phone", exc)
        return cleaned


class ManageDetailsForm(RsvpDetailsForm):
    """The details form of an RSVP's own page. Its phone is never shown in full (the page
    opens from links in e-mails, which get forwarded): left empty, the number already given
    is kept while texts are wanted, and dropped with them (it is kept for nothing else)."""

    def __init__(self, *args, rsvp, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_phone = rsvp.phone
        if rsvp.phone:
            field = self.fields["phone"]
            field.label = _("New phone number (optional)")
            field.help_text = _(
                "Leave empty to keep the number ending in %(end)s while texts are on."
            ) % {"end": rsvp.phone[-2:]}

    def clean_phone(self):
        return rules.phone_clean(self.cleaned_data["phone"]) or None

    def clean(self):
        phone = self.cleaned_data.get("phone", "")
        if phone is None:
            self.cleaned_data["phone"] = (
                self.current_phone if self.cleaned_data.get("sms_opt_in") else ""
            )
        return super().clean()


class RsvpForm(RsvpDetailsForm):
    email = forms.EmailField(
        required=False,
        label=_("E-mail"),
        help_text=_("We send your confirmation and a link to change or cancel. Never shared."),
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "required": True, "maxlength": rules.EMAIL_MAX_LENGTH}
        ),
    )
    party_size = _party_size_field()
    field_order = ["name", "email", "phone", "sms_opt_in", "party_size", "accessibility_needs"]

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["party_size"].widget.attrs["max"] = event.max_party_size
        # The registration questions of the event and its program, after the fields above.
        self.questions = questions_for_event(event)
        self.fields.update(question_fields(self.questions))
        # Other apps' fields (rsvp/extensions.py), after these; their values: self.extras.
        self.extras: dict = {}
        self._part_fields = {part.name: part.fields(event) for part in extensions.FORM_PARTS}
        for fields in self._part_fields.values():
            self.fields.update(fields)
        for part in extensions.FORM_PARTS:
            if hasattr(part, "adjust"):
                part.adjust(self)

    @property
    def rsvp_data(self) -> dict:
        """rsvp_create's arguments: the fields above, and the answers."""
        data = {k: v for k, v in self.cleaned_data.items() if k in self.field_order}
        return {**data, "answers": questions_answers(self.questions, self.cleaned_data)}

    def _post_clean(self):
        super()._post_clean()
        for part in extensions.FORM_PARTS:
            values = {n: self.cleaned_data.pop(n, None) for n in self._part_fields[part.name]}
            self.extras[part.name] = part.clean(self, values)

    def clean_email(self):
        return rules.email_clean(self.cleaned_data["email"])

    def clean_party_size(self):
        return rules.party_size_clean(self.cleaned_data["party_size"], self.event)


class HeadcountRsvpForm(forms.Form):
    """ "Just let us know you're coming": how many people, and nothing that names anyone."""

    party_size = _party_size_field()

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["party_size"].widget.attrs["max"] = event.max_party_size

    def clean_party_size(self):
        return rules.party_size_clean(self.cleaned_data["party_size"], self.event)


def rsvp_form_for(event: Event, *args, **kwargs) -> forms.Form:
    """The RSVP form this event asks for (its RSVP mode, else its program's)."""
    form_class = HeadcountRsvpForm if event.is_headcount else RsvpForm
    return form_class(*args, event=event, **kwargs)


class EmailAddForm(forms.Form):
    """An e-mail address for a head-count RSVP's confirmation and reminders (optional)."""

    email = forms.EmailField(
        required=False,
        label=_("E-mail"),
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "required": True, "maxlength": rules.EMAIL_MAX_LENGTH}
        ),
    )

    def clean_email(self):
        return rules.email_clean(self.cleaned_data["email"])


class PartySizeForm(forms.Form):
    party_size = _party_size_field()

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["party_size"].widget.attrs["max"] = event.max_party_size

    def clean_party_size(self):
        return rules.party_size_clean(self.cleaned_data["party_size"], self.event)


class LinksRequestForm(forms.Form):
    """ "E-mail me my links": the address whose RSVP links should be sent to it."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The address you RSVPed with. We send it the links to its RSVPs."),
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "maxlength": rules.EMAIL_MAX_LENGTH}
        ),
    )

    def clean_email(self):
        return rules.email_clean(self.cleaned_data["email"])
