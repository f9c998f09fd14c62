"""The RSVP form and the resident's own edit form (field names shared with the API)."""

import phonenumbers
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator

from rsvp.models import Attendee, email_normalize
from scheduler.models import Event

PHONE_REGION = getattr(settings, "PHONE_REGION", "US")


def phone_normalize(value: str) -> str:
    """E.164 form of a phone number, or a ValidationError a resident understands."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError("Enter a phone number we can text or call, like 503-555-0100.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def party_size_limit(field: forms.IntegerField, event: Event) -> None:
    field.widget.attrs["max"] = event.max_party_size
    field.validators.append(
        MaxValueValidator(
            event.max_party_size,
            message=f"At most {event.max_party_size} people per RSVP for this event.",
        )
    )


class RsvpForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        label="Your name",
        help_text="So the officers at the door can welcome you.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        max_length=254,
        label="E-mail",
        help_text="We send your confirmation and a link to change or cancel. Never shared.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        max_length=32,
        required=False,
        label="Phone (optional)",
        help_text="Only for a text reminder, if you want one.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    sms_opt_in = forms.BooleanField(
        required=False,
        label="Text me reminders at this number",
        help_text="Standard message rates may apply. Reply STOP or use the link in any e-mail.",
    )
    party_size = forms.IntegerField(
        min_value=1,
        initial=1,
        label="How many people, you included",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    accessibility_needs = forms.CharField(
        max_length=1000,
        required=False,
        label="Anything we should arrange? (optional)",
        help_text="Wheelchair access, an interpreter, a quiet seat…",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        party_size_limit(self.fields["party_size"], event)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Please tell us your name.")
        return name

    def clean_email(self):
        email = self.cleaned_data["email"]
        # Lower-casing can lengthen an address ("İ" becomes two characters).
        if len(email_normalize(email)) > Attendee._meta.get_field("email").max_length:
            raise ValidationError("This e-mail address is too long.")
        return email

    def clean_phone(self):
        return phone_normalize(self.cleaned_data.get("phone", ""))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sms_opt_in") and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter a phone number for text reminders, or untick the box.")
        return cleaned


class PartySizeForm(forms.Form):
    party_size = forms.IntegerField(min_value=1, label="How many people, you included")

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        party_size_limit(self.fields["party_size"], event)
