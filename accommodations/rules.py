"""What residents may ask for, and the words they are told otherwise (the form and the API
call these)."""

import dataclasses

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accommodations.models import DETAIL_KINDS, AccommodationRequest, Kind

DETAIL_MAX_LENGTH = AccommodationRequest._meta.get_field("detail").max_length
LANGUAGE_MAX_LENGTH = 80


@dataclasses.dataclass(frozen=True)
class Asked:
    """One accommodation as asked (not yet stored): its kind and, for an interpreter, the
    language; for "something else", what."""

    kind: str
    detail: str = ""


def asked_clean(items: list[dict], *, other_text: str = "") -> list[Asked]:
    """[{"kind": …, "detail": …}] as Asked, one per kind, in the order of Kind. The free text
    (the RSVP's accessibility_needs) is the "something else" request when none names one."""
    found: dict[str, Asked] = {}
    for item in items:
        kind = item.get("kind")
        if kind not in Kind.values:
            raise ValidationError(
                _("Choose from the list: %(kinds)s.") % {"kinds": ", ".join(Kind.values)},
                code="accommodation_kind",
            )
        detail = " ".join(str(item.get("detail") or "").split())
        if kind == Kind.INTERPRETER and not detail:
            raise ValidationError(
                _("Which language should the interpreter speak?"), code="interpreter_language"
            )
        if kind == Kind.INTERPRETER and len(detail) > LANGUAGE_MAX_LENGTH:
            raise ValidationError(
                _("Give the language in at most %(n)s characters.") % {"n": LANGUAGE_MAX_LENGTH},
                code="interpreter_language_too_long",
            )
        if kind == Kind.OTHER and not detail:
            detail = other_text.strip()
            if not detail:
                raise ValidationError(
                    _("Say what else we should arrange."), code="accommodation_other_text"
                )
        if kind not in DETAIL_KINDS:
            detail = ""
        found[kind] = Asked(kind=kind, detail=detail[:DETAIL_MAX_LENGTH])
    if Kind.OTHER not in found and other_text.strip():
        found[Kind.OTHER] = Asked(kind=Kind.OTHER, detail=other_text.strip()[:DETAIL_MAX_LENGTH])
    return [found[kind] for kind in Kind.values if kind in found]
