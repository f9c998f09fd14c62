"""A resident's RSVP: the form's fields, what a new RSVP answers, what the manage token shows."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from api.serializers.events import SMALL_INT_MAX, EventBriefSerializer
from rsvp.forms import phone_normalize
from rsvp.models import Rsvp, email_normalize
from rsvp.services import waitlist_position


class RsvpCreateSerializer(serializers.Serializer):
    """The RSVP form's fields, with the form's rules (rsvp/forms.py)."""

    name = serializers.CharField(max_length=120, help_text="So the officers can welcome you.")
    email = serializers.EmailField(
        max_length=254, help_text="For the confirmation and the manage link. Never shared."
    )
    phone = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default="", help_text="Optional."
    )
    party_size = serializers.IntegerField(
        min_value=1, max_value=SMALL_INT_MAX, default=1, help_text="The resident included."
    )
    accessibility_needs = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default=""
    )
    sms_opt_in = serializers.BooleanField(
        default=False, help_text="Text reminders to `phone` (needs a phone number)."
    )

    def validate(self, data):
        if data.get("sms_opt_in") and not data.get("phone"):
            raise serializers.ValidationError(
                {"phone": ["Enter a phone number for text reminders, or untick the box."]}
            )
        return data

    def validate_name(self, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise serializers.ValidationError("Please tell us your name.")
        return value

    def validate_email(self, value: str) -> str:
        # Case-folding can lengthen a name ("İ" becomes two characters): keep it storable.
        if len(email_normalize(value)) > 254:
            raise serializers.ValidationError("This e-mail address is too long.")
        return value

    def validate_phone(self, value: str) -> str:
        try:
            return phone_normalize(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class RsvpCreatedSerializer(serializers.Serializer):
    event = serializers.IntegerField(source="rsvp.event_id")
    status = serializers.ChoiceField(choices=["confirmed", "waitlisted"], source="rsvp.status")
    party_size = serializers.IntegerField(source="rsvp.party_size")
    waitlist_position = serializers.IntegerField(
        allow_null=True, help_text="1 is next in line; null when confirmed."
    )
    manage_token = serializers.CharField(
        help_text="Secret: opens rsvps/<token>/. Given once, only for a new RSVP."
    )
    manage_url = serializers.URLField()


class RsvpRepeatSerializer(serializers.Serializer):
    detail = serializers.CharField()


class RsvpSerializer(serializers.Serializer):
    """A resident's own RSVP, read with its manage token."""

    event = EventBriefSerializer()
    name = serializers.CharField(source="attendee.name")
    status = serializers.ChoiceField(choices=Rsvp.Status.choices)
    party_size = serializers.IntegerField()
    waitlist_position = serializers.SerializerMethodField()
    accessibility_needs = serializers.CharField()

    def get_waitlist_position(self, rsvp: Rsvp) -> int | None:
        return waitlist_position(rsvp)


class PartySizeSerializer(serializers.Serializer):
    party_size = serializers.IntegerField(min_value=1, max_value=SMALL_INT_MAX)
