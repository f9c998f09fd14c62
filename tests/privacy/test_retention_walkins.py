"""Walk-ins' names and the contacts kept with their consent go with the event's other
personal data under the retention schedule; their head counts stay."""

import datetime as dt

import pytest
from django.utils import timezone

from privacy.services import retention_purge
from rsvp.models import WalkIn
from tests import factories

pytestmark = pytest.mark.django_db


def _ended(days_ago: int):
    start = timezone.now() - dt.timedelta(days=days_ago, hours=2)
    return factories.event(start=start, end=start + dt.timedelta(hours=1))


def test_purge_erases_walkins_names_emails_and_phones_and_keeps_the_counts(settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "RETENTION_DAYS": 90}
    old, recent = _ended(100), _ended(10)
    consented = timezone.now() - dt.timedelta(days=100)
    factories.walkin(
        old,
        name="Sam Lee",
        email="sam@example.org",
        phone="+15035550177",
        contact_consent_at=consented,
        head_count=2,
    )
    # A contact without a name is personal data too.
    factories.walkin(old, phone="+15035550188", contact_consent_at=consented)
    factories.walkin(old, head_count=3)  # nothing to erase: not counted as erased
    factories.walkin(recent, name="Dee", email="dee@example.org", contact_consent_at=consented)

    result = retention_purge()

    assert result.event_ids == [old.pk]
    assert result.erased.walkins == 2
    rows = WalkIn.objects.order_by("id").values_list(
        "event_id", "name", "email", "phone", "contact_consent_at", "head_count"
    )
    assert list(rows) == [
        (old.pk, "", "", "", None, 2),
        (old.pk, "", "", "", None, 1),
        (old.pk, "", "", "", None, 3),
        (recent.pk, "Dee", "dee@example.org", "", consented, 1),
    ]
    assert result.run.walkins == 2
