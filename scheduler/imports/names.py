"""Which venue, program and host organization an entry means, by the names it gives.

Read once per import (three queries), then matched in Python: a name matches in any
letter case and spacing; a program or an organization also by its slug; a venue also as
"name, address" (what Porchlight's own feeds write as LOCATION).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Model
from django.utils.translation import gettext

from scheduler.models import Organization, Program, Venue

VENUE, PROGRAM, HOST = "venue", "program", "host"


def _norm(value: str) -> str:
    return " ".join(value.casefold().split())


# What each kind of name says when it matches nothing, or too much (one sentence each, so
# every language can say it its own way).
_UNKNOWN: dict[str, Callable[[], str]] = {
    VENUE: lambda: gettext(
        "No venue is named “%(name)s”. Add it in the admin first, or leave the venue empty "
        "to use the import's default."
    ),
    PROGRAM: lambda: gettext(
        "No program is named “%(name)s”. Add it in the admin first, or leave the program "
        "empty to use the import's default."
    ),
    HOST: lambda: gettext(
        "No organization is named “%(name)s”. Add it in the admin first, or leave the host "
        "empty to use the import's default."
    ),
}
_AMBIGUOUS: dict[str, Callable[[], str]] = {
    VENUE: lambda: gettext("More than one venue is named “%(name)s”: write it as “name, address”."),
    PROGRAM: lambda: gettext("More than one program matches “%(name)s”: use its slug."),
    HOST: lambda: gettext("More than one organization matches “%(name)s”: use its slug."),
}
_MISSING: dict[str, Callable[[], str]] = {
    VENUE: lambda: gettext("No venue is given, and the import has no default venue."),
    PROGRAM: lambda: gettext("No program is given, and the import has no default program."),
    HOST: lambda: gettext(
        "No host organization is given, and the import has no default host organization."
    ),
}
# A calendar's free text that matches nothing here, and no default to stand in.
_UNKNOWN_CALENDAR: dict[str, Callable[[], str]] = {
    VENUE: lambda: gettext(
        "The location “%(name)s” is not a venue here: add the venue in the admin, or choose "
        "a default venue for the import."
    ),
    PROGRAM: lambda: gettext(
        "The category “%(name)s” is not a program here: choose a default program for the import."
    ),
    HOST: lambda: gettext(
        "The organizer “%(name)s” is not an organization here: choose a default host "
        "organization for the import."
    ),
}
# A calendar's free text that matches nothing here: the default stands in, and the dry
# run says so.
_FALLBACK: dict[str, Callable[[], str]] = {
    VENUE: lambda: gettext("The location “%(name)s” is not a venue here: %(default)s is used."),
    PROGRAM: lambda: gettext("The category “%(name)s” is not a program here: %(default)s is used."),
    HOST: lambda: gettext(
        "The organizer “%(name)s” is not an organization here: %(default)s is used."
    ),
}


@dataclasses.dataclass
class Pick:
    """The object an entry means (None with a `reason` when there is none); `given`: the
    file named it (an update then changes it), rather than the default standing in."""

    obj: Model | None = None
    given: bool = False
    reason: str | None = None
    note: str | None = None


class Names:
    def __init__(
        self, *, venue: Venue | None, program: Program | None, host: Organization | None
    ) -> None:
        self.defaults = {VENUE: venue, PROGRAM: program, HOST: host}
        self.index = {
            VENUE: _index(Venue.objects.all(), lambda v: (v.name, f"{v.name}, {v.address}")),
            PROGRAM: _index(Program.objects.all(), lambda p: (p.name, p.slug)),
            HOST: _index(Organization.objects.all(), lambda o: (o.name, o.slug)),
        }

    def pick(self, kind: str, name: str | None, *, strict: bool) -> Pick:
        default = self.defaults[kind]
        if name:
            found = self.index[kind].get(_norm(name), [])
            if len(found) == 1:
                return Pick(found[0], given=True)
            if found and (strict or default is None):
                return Pick(reason=_AMBIGUOUS[kind]() % {"name": name[:120]})
            if strict or default is None:
                table = _UNKNOWN if strict else _UNKNOWN_CALENDAR
                return Pick(reason=table[kind]() % {"name": name[:120]})
            return Pick(default, note=_FALLBACK[kind]() % {"name": name[:120], "default": default})
        if default is None:
            return Pick(reason=_MISSING[kind]())
        return Pick(default)


def _index(objects: Iterable[Model], keys: Callable[[Model], tuple[str, ...]]):
    found: dict[str, list[Model]] = defaultdict(list)
    for obj in objects:
        for key in dict.fromkeys(_norm(k) for k in keys(obj)):
            found[key].append(obj)
    return found
