"""The public application form. The fields parse; what is allowed is rsvp.rules' (the
service calls the same functions)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rsvp import rules


class ApplicationForm(forms.Form):
    name = forms.CharField(
        required=False,
        label=_("Your name"),
        help_text=_("As it should read on your certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "required": True, "maxlength": 120}),
    )
    email = forms.EmailField(
        required=False,
        label=_("Your e-mail"),
        help_text=_("We e-mail you there whether your application is approved."),
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "required": True, "maxlength": 254}
        ),
    )
    phone = forms.CharField(
        required=False,
        label=_("Phone (optional)"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "maxlength": 64}),
    )

    def clean_name(self):
        return rules.name_clean(self.cleaned_data["name"])

    def clean_email(self):
        return rules.email_clean(self.cleaned_data["email"])

    def clean_phone(self):
        return rules.phone_clean(self.cleaned_data["phone"])
