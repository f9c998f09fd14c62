"""Officers' messages to an event's attendees (followup/)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from followup.models import AttendeeMessage


class VersionSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=150)
    body = serializers.CharField(max_length=5000)


class MessageInputSerializer(serializers.Serializer):
    audience = serializers.ChoiceField(choices=AttendeeMessage.Audience.choices)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The version residents get when their language has none."),
    )
    versions = serializers.DictField(
        child=VersionSerializer(),
        help_text=_('One version per language code, e.g. {"en": {…}, "es": {…}}.'),
    )
    preview = serializers.BooleanField(
        default=False, help_text=_("True: only count the recipients, send nothing.")
    )


class PreviewSerializer(serializers.Serializer):
    recipients = serializers.IntegerField()
    audience = serializers.CharField()
    versions = serializers.DictField(child=VersionSerializer())


class MessageSerializer(serializers.ModelSerializer):
    sent_by = serializers.SerializerMethodField()
    sent_at = serializers.DateTimeField(source="created_at")
    versions = serializers.DictField(child=VersionSerializer())

    class Meta:
        model = AttendeeMessage
        fields = ["id", "audience", "language", "versions", "recipients", "sent_by", "sent_at"]

    def get_sent_by(self, message) -> str:
        return message.sent_by.get_username() if message.sent_by else ""
