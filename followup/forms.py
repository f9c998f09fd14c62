"""The officers' message form: who to, a version per language, and a key that makes a
double submit one message."""

import secrets

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from followup.errors import FollowupError
from followup.models import AttendeeMessage
from followup.services import message_versions_clean
from scheduler.models import Event


def form_languages(event: Event) -> list[tuple[str, str]]:
    """The event's languages first, then the site's other languages."""
    names = dict(settings.LANGUAGES)
    spoken = [row.language for row in event.languages.all() if row.language in names]
    order = [settings.LANGUAGE_CODE, *spoken, *names]
    return [(code, names[code]) for code in dict.fromkeys(order)]


class MessageForm(forms.Form):
    audience = forms.ChoiceField(label=_("Send to"), choices=AttendeeMessage.Audience.choices)
    language = forms.ChoiceField(
        label=_("Default version"),
        help_text=_("Residents whose language has no version get this one."),
    )
    client_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = form_languages(event)
        self.fields["language"].choices = self.languages
        self.fields["language"].initial = settings.LANGUAGE_CODE
        self.fields["client_key"].initial = secrets.token_urlsafe(24)
        self.version_fields = []
        for code, name in self.languages:
            subject = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                required=False,
                max_length=150,
            )
            body = forms.CharField(
                label=_("Message (%(language)s)") % {"language": name},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
            self.fields[f"subject_{code}"] = subject
            self.fields[f"body_{code}"] = body
            self.version_fields.append((code, name, f"subject_{code}", f"body_{code}"))

    def clean(self):
        data = super().clean()
        versions = {
            code: {"subject": data.get(s, ""), "body": data.get(b, "")}
            for code, _name, s, b in self.version_fields
        }
        try:
            data["versions"] = message_versions_clean(versions, data.get("language", ""))
        except FollowupError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None
        return data
