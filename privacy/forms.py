from django import forms
from django.utils.translation import gettext_lazy as _


class DataRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The address you used to RSVP. We e-mail a link there; it works for 24 hours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class DataDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my data and cancel my upcoming RSVPs"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
