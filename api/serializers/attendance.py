"""An event's roster for its officers: parties, totals, walk-ins."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.events import EventBriefSerializer
from api.serializers.rsvps import RuleIntegerField, rule_check
from rsvp import rules
from rsvp.models import Rsvp


class RosterRsvpSerializer(serializers.Serializer):
    """One party on the roster: the name typed with this RSVP and how to reach them. A head
    count has no name, e-mail or phone, only its size and `reference` code."""

    id = serializers.IntegerField()
    name = serializers.CharField(help_text=_("As typed with this RSVP; empty for a head count."))
    reference = serializers.CharField(help_text=_("A head count's code; empty for the others."))
    email = serializers.SerializerMethodField()
    phone = serializers.CharField()
    party_size = serializers.IntegerField()
    # The roster lists active RSVPs; a check-in answer may show a cancelled one.
    status = serializers.ChoiceField(choices=Rsvp.Status.choices)
    # Set on every row by rsvp.queries.roster (1 is next in line; None when confirmed).
    waitlist_position = serializers.IntegerField(source="position", allow_null=True)
    accessibility_needs = serializers.CharField()
    checked_in_at = serializers.DateTimeField(allow_null=True)
    arrived = serializers.IntegerField(
        allow_null=True,
        help_text=_("How many of the party came (3 of a party of 4); empty until checked in."),
    )
    checked_in_by = serializers.CharField(
        source="checked_in_by.username", allow_null=True, default=None
    )

    def get_email(self, rsvp: Rsvp) -> str | None:
        # A head count's e-mail, if its holder added one, is for its reminders only.
        if rsvp.is_headcount or rsvp.attendee is None:
            return None
        return rsvp.attendee.email


class CheckInSerializer(serializers.Serializer):
    """What a check-in may say: how many of the party came, and (coordinators only)
    that it is made outside the event's check-in hours."""

    arrived = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("How many of the party arrived; the whole party when left out."),
    )
    override = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Check in outside the event's check-in hours (coordinators only)."),
    )


class WalkInSerializer(serializers.Serializer):
    """People at the door without an RSVP; the rules are the walk-in form's (rsvp/rules.py)."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(required=False, allow_blank=True, default="")
    head_count = RuleIntegerField(minimum=1, maximum=rules.HEAD_COUNT_MAX, default=1)
    recorded_at = serializers.DateTimeField(read_only=True)

    def validate_name(self, value: str) -> str:
        return rule_check(rules.walkin_name_clean, value)

    def validate_head_count(self, value: int) -> int:
        return rule_check(rules.head_count_clean, value)


class RosterTotalsSerializer(serializers.Serializer):
    confirmed_parties = serializers.IntegerField()
    confirmed_people = serializers.IntegerField()
    checked_in_people = serializers.IntegerField()
    waitlisted_parties = serializers.IntegerField()
    walkin_people = serializers.IntegerField()


class RosterSerializer(serializers.Serializer):
    event = EventBriefSerializer()
    totals = RosterTotalsSerializer()
    rsvps = RosterRsvpSerializer(many=True)
    walkins = WalkInSerializer(many=True)
