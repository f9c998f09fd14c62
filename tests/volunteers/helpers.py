"""Shared set-up for the volunteer role tests."""

import re
from decimal import Decimal

from django.utils import timezone

from tests import factories
from volunteers.models import VolunteerRole, VolunteerSignup


def role(event, **kw) -> VolunteerRole:
    return VolunteerRole.objects.create(
        **{"event": event, "name": f"Greeter {factories.n()}", "capacity": 3, **kw}
    )


def signup(role_: VolunteerRole, **kw) -> VolunteerSignup:
    """A row written directly (no capacity rules): for reads and query-count tests."""
    i = factories.n()
    return VolunteerSignup.objects.create(
        **{"role": role_, "name": f"Volunteer {i}", "email": f"vol{i}@example.org", **kw}
    )


def served(role_: VolunteerRole, hours: str, **kw) -> VolunteerSignup:
    return signup(role_, served_at=timezone.now(), hours=Decimal(hours), **kw)


def form(role_: VolunteerRole, **kw) -> dict:
    data = {"role": str(role_.pk), "name": "Lena Park", "email": "lena@example.org", "phone": ""}
    data.update(kw)
    return {f"volunteer-{k}": v for k, v in data.items()}


def manage_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/volunteer/[A-Za-z0-9_-]+/)", message.body)
    assert match, "no manage link in the e-mail"
    return match.group(1)
