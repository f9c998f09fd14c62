"""The rules of what a resident or an officer may type, in one place.

The RSVP form, the resident's party-size form, the officer's walk-in form, the API's
serializers and the services all call these functions, so a limit or a message cannot
differ between the web page and the API. Each cleans one value or raises Django's
ValidationError with the message the person sees; the interfaces only parse types
(a number, an e-mail address) and pass the value here.
"""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.utils.translation import gettext, ngettext

from rsvp.models import Attendee, Rsvp, WalkIn, email_normalize
from scheduler.models import Event
from scheduler.models.validators import validate_text_block, validate_text_line

PHONE_REGION = getattr(settings, "PHONE_REGION", "US")
NAME_MAX_LENGTH = Rsvp._meta.get_field("name").max_length
EMAIL_MAX_LENGTH = Attendee._meta.get_field("email").max_length
WALKIN_NAME_MAX_LENGTH = WalkIn._meta.get_field("name").max_length
ACCESSIBILITY_MAX_LENGTH = Rsvp._meta.get_field("accessibility_needs").max_length
# Longer than any number with an extension; phonenumbers itself gives up at 250.
PHONE_MAX_INPUT = 64
HEAD_COUNT_MAX = 500


def _name_fold(value: str, limit: int) -> str:
    name = " ".join((value or "").split())
    # Line breaks and tabs were folded above; any other control character (an escape, a NUL)
    # is refused as in the admin's names, before it reaches a roster, a CSV or an e-mail.
    validate_text_line(name)
    if len(name) > limit:
        raise ValidationError(
            ngettext(
                "A name can be at most %(limit)d character long.",
                "A name can be at most %(limit)d characters long.",
                limit,
            )
            % {"limit": limit},
            code="name_too_long",
        )
    return name


def name_clean(value: str) -> str:
    """A resident's name: runs of whitespace folded to one space, required."""
    name = _name_fold(value, NAME_MAX_LENGTH)
    if not name:
        raise ValidationError(gettext("Please tell us your name."), code="name_required")
    return name


def walkin_name_clean(value: str) -> str:
    """The optional name an officer types for a walk-in, folded like a resident's."""
    return _name_fold(value, WALKIN_NAME_MAX_LENGTH)


def email_clean(value: str) -> str:
    """An e-mail address (its format is checked by the field that parsed it): required,
    and storable once case-folded."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(
            gettext("Please give your e-mail address: your confirmation goes there."),
            code="email_required",
        )
    # Lower-casing can lengthen an address ("İ" becomes two characters).
    if len(email_normalize(value)) > EMAIL_MAX_LENGTH:
        raise ValidationError(gettext("This e-mail address is too long."), code="email_too_long")
    if not _email_sendable(value):
        raise ValidationError(
            gettext(
                "We cannot send e-mail to this address. Please check it, or give another address."
            ),
            code="email_unsendable",
        )
    return value


# RFC 5321 4.5.3.1: mail servers need not take a local part longer than 64 octets.
EMAIL_LOCAL_MAX = 64


def _email_sendable(value: str) -> bool:
    """Whether the notices can be sent to the address: an ASCII local part (many mail
    servers do not speak SMTPUTF8) of at most 64 characters, and a domain that encodes
    to IDNA the way Django's mailer will encode it."""
    local, _, _domain = value.rpartition("@")
    if not local.isascii() or len(local) > EMAIL_LOCAL_MAX:
        return False
    try:
        sanitize_address(value, "utf-8")
    except (ValueError, UnicodeError):
        return False
    return True


def phone_clean(value: str) -> str:
    """A phone number in E.164 form ("" when none was given)."""
    value = (value or "").strip()
    if not value:
        return ""
    number = None
    if len(value) <= PHONE_MAX_INPUT:
        try:
            number = phonenumbers.parse(value, PHONE_REGION)
        except phonenumbers.NumberParseException:
            number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            gettext("Enter a phone number we can text or call, like 503-555-0100."),
            code="phone_invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def sms_opt_in_check(*, sms_opt_in: bool, phone: str) -> None:
    """Text reminders need a number to text (raised about the phone field)."""
    if sms_opt_in and not phone:
        raise ValidationError(
            gettext("Enter a phone number for text reminders, or untick the box."),
            code="phone_required",
        )


def accessibility_needs_clean(value: str) -> str:
    """What a resident asks us to arrange (optional, free text)."""
    value = (value or "").strip()
    validate_text_block(value)
    if len(value) > ACCESSIBILITY_MAX_LENGTH:
        raise ValidationError(
            ngettext(
                "Please keep this to %(limit)d character.",
                "Please keep this to %(limit)d characters.",
                ACCESSIBILITY_MAX_LENGTH,
            )
            % {"limit": ACCESSIBILITY_MAX_LENGTH},
            code="accessibility_needs_too_long",
        )
    return value


def party_size_clean(value: int, event: Event) -> int:
    """How many people, the resident included: 1 to the event's max_party_size."""
    if value < 1:
        raise ValidationError(gettext("A party is at least one person."), code="party_size")
    if value > event.max_party_size:
        raise ValidationError(
            ngettext(
                "At most %(count)d person per RSVP for this event.",
                "At most %(count)d people per RSVP for this event.",
                event.max_party_size,
            )
            % {"count": event.max_party_size},
            code="party_too_large",
        )
    return value


def head_count_clean(value: int) -> int:
    """How many people came in at the door without an RSVP: 1 to 500."""
    if not 1 <= value <= HEAD_COUNT_MAX:
        raise ValidationError(
            gettext("Enter how many people came in, from 1 to %(max)d.") % {"max": HEAD_COUNT_MAX},
            code="head_count",
        )
    return value
