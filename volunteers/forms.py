"""The volunteer sign-up form. The fields parse; what is allowed is rsvp.rules' (names,
e-mail and phone as on the RSVP form), which the services call too."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rsvp import rules

PREFIX = "volunteer"  # the event page has the RSVP form's fields too: other names and ids


def role_label(role) -> str:
    left = max(role.capacity - role.taken, 0)
    if not left:
        return _("%(role)s — full") % {"role": role.name}
    return ngettext("%(role)s — %(count)s place left", "%(role)s — %(count)s places left", left) % {
        "role": role.name,
        "count": left,
    }


class VolunteerSignupForm(forms.Form):
    role = forms.TypedChoiceField(
        label=_("Role"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a role."),
            "invalid_choice": _("Please choose one of the roles listed."),
        },
    )
    name = forms.CharField(
        required=False,
        label=_("Your name"),
        help_text=_("So the officers know whom to expect."),
        widget=forms.TextInput(
            attrs={"autocomplete": "name", "required": True, "maxlength": rules.NAME_MAX_LENGTH}
        ),
    )
    email = forms.EmailField(
        required=False,
        label=_("E-mail"),
        help_text=_("We send your confirmation and a link to withdraw there. Never shared."),
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "required": True, "maxlength": rules.EMAIL_MAX_LENGTH}
        ),
    )
    phone = forms.CharField(
        required=False,
        label=_("Phone (optional)"),
        help_text=_("Only if the officers may need to call you on the day."),
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "maxlength": rules.PHONE_MAX_INPUT}
        ),
    )

    def __init__(self, *args, roles, **kwargs):
        kwargs.setdefault("prefix", PREFIX)
        super().__init__(*args, **kwargs)
        self.roles = {role.pk: role for role in roles}
        self.fields["role"].choices = [(role.pk, role_label(role)) for role in roles]

    def clean_name(self):
        return rules.name_clean(self.cleaned_data["name"])

    def clean_email(self):
        return rules.email_clean(self.cleaned_data["email"])

    def clean_phone(self):
        return rules.phone_clean(self.cleaned_data["phone"])
