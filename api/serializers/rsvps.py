"""A resident's RSVP: the form's fields, what a new RSVP answers, what the manage token shows.

The fields only parse JSON types; every rule is rsvp.rules', the same functions as the
HTML forms', so the API and the page refuse the same input with the same words.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from accommodations.models import Kind as AccommodationKind
from accommodations.rules import asked_clean
from api.serializers.events import EventBriefSerializer
from api.serializers.questions import ANSWERS_HELP, answers_validate
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


HEADCOUNT_ONLY = _("This event asks only how many people are coming: leave this out.")
CONTACT_FIELDS = ("name", "email", "phone", "accessibility_needs", "sms_opt_in", "accommodations")


class AccommodationAskSerializer(serializers.Serializer):
    """One thing to arrange for the resident (accommodations app)."""

    kind = serializers.ChoiceField(choices=AccommodationKind.choices)
    detail = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "The language, for `interpreter` (required); what to arrange, for `other` "
            "(defaults to `accessibility_needs`)."
        ),
    )


class RsvpCreateSerializer(_PartySizeMixin, serializers.Serializer):
    """What a resident sends to RSVP: the RSVP form's fields, with the form's rules.

    An event whose `rsvp_mode` is `contact` needs `name` and `email`; a `headcount` event
    takes `party_size` alone and refuses the others (nothing that names anyone is kept).
    """

    # The views pass context={"event": event}: the party size limit and the mode are its.

    # Not required for DRF: in contact mode rsvp.rules says what is missing, in the form's
    # words (see validate); a head count refuses them.
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("So the officers can welcome you (contact mode: required)."),
    )
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text=_(
            "Where the seat outcome and the manage link are sent (contact mode: "
            "required). Never shared."
        ),
    )
    phone = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Optional.")
    )
    party_size = RuleIntegerField(
        minimum=1,
        default=1,
        help_text=_("The resident included; at most the event's `max_party_size`."),
    )
    accessibility_needs = serializers.CharField(required=False, allow_blank=True, default="")
    sms_opt_in = serializers.BooleanField(
        default=False, help_text=_("Text reminders to `phone` (needs a phone number).")
    )
    answers = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text=ANSWERS_HELP
    )
    accommodations = AccommodationAskSerializer(
        many=True,
        required=False,
        default=list,
        help_text=_(
            "What to arrange: each kind has a lead time (interpreters 72 hours by default); "
            "a later request is accepted and answered as soon as possible. Text in "
            "`accessibility_needs` alone is an `other` request."
        ),
    )

    @property
    def _headcount(self) -> bool:
        return self.context["event"].is_headcount

    def to_internal_value(self, data):
        # A contact RSVP without `name` or `email` is told so with the other field errors,
        # in rsvp.rules' words (an empty value is refused the same way).
        missing = {}
        if not self._headcount and isinstance(data, Mapping):
            for name, rule in (("name", rules.name_clean), ("email", rules.email_clean)):
                if name not in data:
                    try:
                        rule("")
                    except DjangoValidationError as exc:
                        missing[name] = exc.messages
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if missing and isinstance(exc.detail, dict):
                exc.detail.update(
                    {k: [ErrorDetail(m, code="required") for m in v] for k, v in missing.items()}
                )
            raise
        if missing:
            raise serializers.ValidationError(missing, code="required")
        return value

    def validate(self, data):
        if self._headcount:
            given = [name for name in (*CONTACT_FIELDS, "answers") if data.get(name)]
            if given:
                raise serializers.ValidationError(
                    {name: [HEADCOUNT_ONLY] for name in given}, code="headcount_only"
                )
            return {"party_size": data["party_size"]}
        try:
            rules.sms_opt_in_check(sms_opt_in=data.get("sms_opt_in"), phone=data.get("phone"))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"phone": exc.messages}) from None
        try:
            asked = asked_clean(
                data.pop("accommodations", []), other_text=data.get("accessibility_needs", "")
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"accommodations": exc.messages}) from None
        # rsvp_create hands them on with the new RSVP (rsvp/extensions.py).
        data["extras"] = {"accommodations": asked}
        return data

    def validate_answers(self, value: dict) -> list:
        # Kept as given for a head count: validate() refuses them there.
        return value if self._headcount else answers_validate(self.context["event"], value)

    def validate_name(self, value: str) -> str:
        return value if self._headcount else rule_check(rules.name_clean, value)

    def validate_email(self, value: str) -> str:
        return value if self._headcount else rule_check(rules.email_clean, value)

    def validate_phone(self, value: str) -> str:
        return rule_check(rules.phone_clean, value)

    def validate_accessibility_needs(self, value: str) -> str:
        return rule_check(rules.accessibility_needs_clean, value)


class RsvpCreatedSerializer(serializers.Serializer):
    """A new RSVP with its seat outcome and manage link: for a head count (the screen is
    the only place to tell), or for a client whose token has the rsvp:manage-links scope."""

    event = serializers.IntegerField(source="rsvp.event_id")
    status = serializers.ChoiceField(choices=["confirmed", "waitlisted"], source="rsvp.status")
    party_size = serializers.IntegerField(source="rsvp.party_size")
    waitlist_position = serializers.IntegerField(
        allow_null=True, help_text=_("1 is next in line; null when confirmed.")
    )
    reference = serializers.CharField(
        source="rsvp.reference", help_text=_("A head count's code for the door; empty otherwise.")
    )
    manage_token = serializers.CharField(
        help_text=_("Secret: opens rsvps/<token>/. Given once, only for a new RSVP.")
    )
    manage_url = serializers.URLField()


class RsvpAcceptedSerializer(serializers.Serializer):
    """The answer to an RSVP made with an e-mail address: the same whether the address is
    new, known, or already on this event. The seat outcome and the link go to the mailbox."""

    event = serializers.IntegerField()
    sent_to = serializers.CharField(help_text=_("The e-mail address as given."))
    detail = serializers.CharField()


class RsvpSerializer(serializers.Serializer):
    """A resident's own RSVP, read with its manage token: this RSVP's data, and no other's."""

    event = EventBriefSerializer()
    name = serializers.CharField(help_text=_("As typed with this RSVP; empty for a head count."))
    reference = serializers.CharField(help_text=_("A head count's code; empty otherwise."))
    status = serializers.ChoiceField(choices=Rsvp.Status.choices)
    party_size = serializers.IntegerField()
    waitlist_position = serializers.SerializerMethodField()
    accessibility_needs = serializers.CharField()
    phone = serializers.CharField(help_text=_("As typed with this RSVP, in E.164 form."))
    sms_opt_in = serializers.BooleanField()
    language = serializers.CharField(help_text=_("The language of the messages about this RSVP."))

    def get_waitlist_position(self, rsvp: Rsvp) -> int | None:
        return waitlist_position(rsvp)


DETAIL_FIELDS = ("name", "phone", "sms_opt_in", "accessibility_needs")
NOTHING_TO_CHANGE = _("Send at least one of the fields to change.")
HEADCOUNT_NO_DETAILS = _("A head-count RSVP has no name or phone to change.")


class RsvpChangeSerializer(_PartySizeMixin, serializers.Serializer):
    """What a resident changes on their RSVP: any of these fields, with the manage page's
    rules; the ones left out keep their values."""

    # The views pass context={"rsvp": rsvp, "event": rsvp.event}.

    party_size = RuleIntegerField(
        required=False,
        minimum=1,
        help_text=_("The resident included; at most the event's `max_party_size`."),
    )
    name = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    sms_opt_in = serializers.BooleanField(
        required=False, help_text=_("Text reminders to `phone` (needs a phone number).")
    )
    accessibility_needs = serializers.CharField(required=False, allow_blank=True)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The language of the messages about this RSVP."),
    )

    def validate_name(self, value: str) -> str:
        return rule_check(rules.name_clean, value)

    def validate_phone(self, value: str) -> str:
        return rule_check(rules.phone_clean, value)

    def validate_accessibility_needs(self, value: str) -> str:
        return rule_check(rules.accessibility_needs_clean, value)

    def validate(self, data):
        if not data:
            raise serializers.ValidationError(NOTHING_TO_CHANGE, code="nothing_to_change")
        rsvp = self.context["rsvp"]
        given = [name for name in DETAIL_FIELDS if name in data]
        if given and rsvp.is_headcount:
            raise serializers.ValidationError(
                {name: [HEADCOUNT_NO_DETAILS] for name in given}, code="headcount_only"
            )
        if given:
            # Checked here against the RSVP as read, for a 400 in the usual case; the service
            # checks again under the event's lock (a change made meanwhile is kept).
            details = {name: data.get(name, getattr(rsvp, name)) for name in DETAIL_FIELDS}
            try:
                rules.sms_opt_in_check(sms_opt_in=details["sms_opt_in"], phone=details["phone"])
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"phone": exc.messages}) from None
            data["details"] = {name: data[name] for name in given}
        return data
