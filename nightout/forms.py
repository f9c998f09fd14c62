"""The block party forms and the coordinator's visit form. The fields parse; what is
allowed is nightout.rules' (the services call the same functions)."""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from nightout import rules
from nightout.models import PARTY_SIZE_MAX
from scheduler.models import Neighborhood
from scheduler.permissions import ROLE_GROUPS


class PartyDetailsForm(forms.Form):
    host_name = forms.CharField(
        required=False,
        label=_("Your name"),
        widget=forms.TextInput(attrs={"autocomplete": "name", "required": True, "maxlength": 120}),
    )
    phone = forms.CharField(
        required=False,
        label=_("Phone (optional)"),
        help_text=_("Only if the officers may need to call you on the night."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "maxlength": 64}),
    )
    address = forms.CharField(
        required=False,
        label=_("Address of the block party"),
        help_text=_(
            "Officers and firefighters visiting on the night need it. It is never shown publicly."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "street-address", "required": True, "maxlength": 255}
        ),
    )
    neighborhood = forms.ModelChoiceField(
        queryset=Neighborhood.objects.order_by("name"),
        label=_("Neighborhood"),
        empty_label=_("Choose your neighborhood"),
        error_messages={"required": _("Please choose your neighborhood.")},
    )
    expected_size = forms.IntegerField(
        required=False,
        label=_("About how many people do you expect?"),
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "min": 1, "max": PARTY_SIZE_MAX, "required": True}
        ),
    )
    needs = forms.CharField(
        required=False,
        label=_("Anything you need from us? (optional)"),
        help_text=_("A street closure permit, a visit from the fire engine, flyers…"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": rules.NEEDS_MAX_LENGTH}),
    )

    def clean_host_name(self):
        return rules.name_clean(self.cleaned_data["host_name"])

    def clean_phone(self):
        return rules.phone_clean(self.cleaned_data["phone"])

    def clean_address(self):
        return rules.address_clean(self.cleaned_data["address"])

    def clean_expected_size(self):
        return rules.expected_size_clean(self.cleaned_data["expected_size"])

    def clean_needs(self):
        return rules.needs_clean(self.cleaned_data["needs"])


class PartyRegisterForm(PartyDetailsForm):
    email = forms.EmailField(
        required=False,
        label=_("Your e-mail"),
        help_text=_(
            "We send your link to change or withdraw the registration there, and tell you "
            "when officers visit."
        ),
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "required": True, "maxlength": 254}
        ),
    )
    field_order = [
        "host_name",
        "email",
        "phone",
        "address",
        "neighborhood",
        "expected_size",
        "needs",
    ]

    def clean_email(self):
        return rules.email_clean(self.cleaned_data["email"])


def officers_queryset():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=ROLE_GROUPS)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class VisitForm(forms.Form):
    """One per party on the coordinators' list: the officers are read once for the page
    and given to every form (a ModelChoiceField would read them again for each)."""

    officer = forms.ChoiceField(label=_("Officer"))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, night_out, officers: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.night_out = night_out
        self._officers = {str(o.pk): o for o in officers}
        self.fields["officer"].choices = [
            (str(o.pk), o.get_full_name() or o.get_username()) for o in officers
        ]

    def clean_officer(self):
        return self._officers[self.cleaned_data["officer"]]

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        day, tz = self.night_out.date, self.night_out.tzinfo
        return (
            dt.datetime.combine(day, self.cleaned_data["start"], tzinfo=tz),
            dt.datetime.combine(day, self.cleaned_data["end"], tzinfo=tz),
        )
