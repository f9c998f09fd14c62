"""A resident's RSVP: the form's fields, what a new RSVP answers, what the manage token shows.

The fields only parse JSON types; every rule is rsvp.rules', the same functions as the
HTML forms', so the API and the page refuse the same input with the same words.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from api.serializers.events import EventBriefSerializer
from rsvp import rules
from rsvp.models import Rsvp
from rsvp.services import waitlist_position


def rule_check(rule, *args, **kwargs):
    """Call a rule of rsvp.rules; its refusal becomes the serializer's field error."""
    try:
        return rule(*args, **kwargs)
    except DjangoValidationError as exc:
        # The rule's code travels along: api/problems.py keeps some as the problem's code.
        raise serializers.ValidationError(exc.messages, code=exc.code) from None


class RuleIntegerField(serializers.IntegerField):
    """A number whose limits a rule of rsvp.rules checks, in its own words (through the
    serializer's validate_<field>); `minimum` and `maximum` here only document them."""

    def __init__(self, *, minimum: int | None = None, maximum: int | None = None, **kwargs):
        super().__init__(**kwargs)
        # Read by the schema generator; without validators, DRF's own words never show.
        self.min_value, self.max_value = minimum, maximum


class _PartySizeMixin:
    """`party_size` checked against the event given in the serializer's context."""

    def validate_party_size(self, value: int) -> int:
        return rule_check(rules.party_size_clean, value, self.context["event"])


class RsvpCreateSerializer(_PartySizeMixin, serializers.Serializer):
    """What a resident sends to RSVP: the RSVP form's fields, with the form's rules."""

    # The views pass context={"event": event}: the party size limit is the event's.

    name = serializers.CharField(
        allow_blank=True,
        help_text="So the officers can welcome you.",
    )
    email = serializers.EmailField(
        allow_blank=True, help_text="For the confirmation and the manage link. Never shared."
    )
    phone = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Optional."
    )
    party_size = RuleIntegerField(
        minimum=1,
        default=1,
        help_text="The resident included; at most the event's `max_party_size`.",
    )
    accessibility_needs = serializers.CharField(required=False, allow_blank=True, default="")
    sms_opt_in = serializers.BooleanField(
        default=False, help_text="Text reminders to `phone` (needs a phone number)."
    )

    def validate(self, data):
        try:
            rules.sms_opt_in_check(sms_opt_in=data.get("sms_opt_in"), phone=data.get("phone"))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"phone": exc.messages}) from None
        return data

    def validate_name(self, value: str) -> str:
        return rule_check(rules.name_clean, value)

    def validate_email(self, value: str) -> str:
        return rule_check(rules.email_clean, value)

    def validate_phone(self, value: str) -> str:
        return rule_check(rules.phone_clean, value)

    def validate_accessibility_needs(self, value: str) -> str:
        return rule_check(rules.accessibility_needs_clean, value)


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


class PartySizeSerializer(_PartySizeMixin, serializers.Serializer):
    """A new party size for a resident's RSVP."""

    # The views pass context={"event": event}: the party size limit is the event's.

    party_size = RuleIntegerField(
        minimum=1, help_text="The resident included; at most the event's `max_party_size`."
    )
