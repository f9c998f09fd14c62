"""The kiosk's forms: the officer's PIN (set, then asked to leave) and the residents' search."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

PIN_MIN, PIN_MAX = 4, 8
_PIN = re.compile(rf"[0-9]{{{PIN_MIN},{PIN_MAX}}}")
SEARCH_MAX_LENGTH = 120


def _pin_widget():
    # A password field (not shown to whoever stands behind the officer) with the digit
    # keyboard on a tablet; never offered for saving or filled in by the browser.
    return forms.PasswordInput(
        attrs={
            "inputmode": "numeric",
            "autocomplete": "off",
            "minlength": PIN_MIN,
            "maxlength": PIN_MAX,
        }
    )


def _pin_clean(value: str) -> str:
    value = (value or "").strip()
    if not _PIN.fullmatch(value):
        raise forms.ValidationError(
            _("Enter a PIN of %(min)d to %(max)d digits.") % {"min": PIN_MIN, "max": PIN_MAX},
            code="pin",
        )
    return value


class KioskStartForm(forms.Form):
    pin = forms.CharField(
        label=_("Choose a PIN (4 to 8 digits)"),
        help_text=_("You will need it to leave kiosk mode. Residents must not see it."),
        error_messages={"required": _("Choose a PIN of 4 to 8 digits.")},
        widget=_pin_widget(),
    )
    pin_again = forms.CharField(
        label=_("The same PIN again"),
        error_messages={"required": _("Type the PIN again, to be sure of it.")},
        widget=_pin_widget(),
    )

    def clean_pin(self):
        return _pin_clean(self.cleaned_data["pin"])

    def clean(self):
        cleaned = super().clean()
        if "pin" in cleaned and cleaned.get("pin_again", "").strip() != cleaned["pin"]:
            self.add_error("pin_again", _("The two PINs are not the same: type them again."))
        return cleaned


class KioskExitForm(forms.Form):
    pin = forms.CharField(
        label=_("Officer PIN"),
        # Any text is a try (and counted): only its length is capped, so no one can make
        # the server hash a megabyte.
        max_length=32,
        error_messages={
            "required": _("Enter the PIN set when kiosk mode started."),
            "max_length": _("Enter the PIN set when kiosk mode started."),
        },
        widget=_pin_widget(),
    )
