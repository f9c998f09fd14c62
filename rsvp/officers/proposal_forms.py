"""Forms of the proposal pages: a partner's event, its submission, a coordinator's review.

The rules are the services' (scheduler/services/proposals.py); these forms only read the
input in the page's language and show the services' refusals on the field they name.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from scheduler.models import Organization, Program, Venue
from scheduler.models.validators import validate_text_block, validate_text_line

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
COMMENT_MAX_LENGTH = 2000


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker (a plain text box where it has none)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=LocalDateTimeInput(),
        help_text=_("In the department's time zone."),
        error_messages={
            "required": _("Enter a date and time."),
            "invalid": _("Enter a date and time, such as 2026-05-14 18:30."),
        },
    )


class ProposalForm(forms.Form):
    """A partner's event. `editable` names the fields they may change now; the others are
    left out of the form (the page shows them as text)."""

    host = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200, validators=[validate_text_line])
    description = forms.CharField(
        label=_("Description"),
        required=False,
        validators=[validate_text_block],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What residents will do there, and who it is for."),
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.order_by("name"), empty_label=None
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"), queryset=Venue.objects.order_by("name"), empty_label=None
    )
    start = _datetime_field(_("Starts"))
    end = _datetime_field(_("Ends"))
    capacity = forms.IntegerField(
        label=_("Seats"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Seats, counting guests. Empty means unlimited."),
        error_messages={"invalid": _("Enter the number of seats, or leave it empty.")},
    )

    def __init__(self, *args, organizations=None, editable=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["host"]
        else:
            self.fields["host"].queryset = organizations
        if editable is not None:
            for name in list(self.fields):
                if name != "host" and name not in editable:
                    del self.fields[name]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The event must end after it starts."))
        return data


class SubmitForm(forms.Form):
    text = forms.CharField(
        label=_("Note for the coordinators (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        validators=[validate_text_block],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    DECISIONS = [
        ("approve", _("Approve and publish")),
        ("changes", _("Ask for changes")),
        ("decline", _("Decline")),
    ]
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    text = forms.CharField(
        label=_("Comment for the partner"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        validators=[validate_text_block],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you ask for changes or decline: say what and why."),
    )
