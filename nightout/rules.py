"""What a host may type on the block party form, in one place (the form and the services
both call these). Names, e-mail and phone follow the RSVP form's rules (rsvp/rules.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext

from nightout.models import PARTY_SIZE_MAX, BlockParty
from rsvp.rules import email_clean, name_clean, phone_clean
from scheduler.models.validators import validate_text_block, validate_text_line

ADDRESS_MAX_LENGTH = BlockParty._meta.get_field("address").max_length
NEEDS_MAX_LENGTH = BlockParty._meta.get_field("needs").max_length

__all__ = [
    "address_clean",
    "email_clean",
    "expected_size_clean",
    "name_clean",
    "needs_clean",
    "phone_clean",
]


def address_clean(value: str) -> str:
    address = " ".join((value or "").split())
    validate_text_line(address)
    if not address:
        raise ValidationError(
            gettext("Please give the block party's address, so officers can find it."),
            code="address_required",
        )
    if len(address) > ADDRESS_MAX_LENGTH:
        raise ValidationError(
            ngettext(
                "An address can be at most %(limit)d character long.",
                "An address can be at most %(limit)d characters long.",
                ADDRESS_MAX_LENGTH,
            )
            % {"limit": ADDRESS_MAX_LENGTH},
            code="address_too_long",
        )
    return address


def expected_size_clean(value: int | None) -> int:
    if value is None:
        raise ValidationError(
            gettext("Please say about how many people you expect."), code="size_required"
        )
    if value < 1 or value > PARTY_SIZE_MAX:
        raise ValidationError(
            gettext("Please give a number of people from 1 to %(limit)d.")
            % {"limit": PARTY_SIZE_MAX},
            code="size_out_of_range",
        )
    return value


def needs_clean(value: str) -> str:
    value = (value or "").strip()
    validate_text_block(value)
    if len(value) > NEEDS_MAX_LENGTH:
        raise ValidationError(
            ngettext(
                "Please keep this to %(limit)d character.",
                "Please keep this to %(limit)d characters.",
                NEEDS_MAX_LENGTH,
            )
            % {"limit": NEEDS_MAX_LENGTH},
            code="needs_too_long",
        )
    return value
