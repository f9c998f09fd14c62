"""An event with a host contact and officers, each with a language of their own."""

import dataclasses
import datetime as dt

from django.utils import timezone

from scheduler.models import StaffProfile
from tests import factories

CONTACT = "contact@riverside-ymca.example.org"


@dataclasses.dataclass
class Setup:
    event: object
    contact: object
    officers: list
    outsider: object


def staffed_event(*, hours_ahead: float = 24 * 7, **kw) -> Setup:
    """A host whose contact address is a staff account (Spanish), two officers assigned
    (Vietnamese, English) and one officer who is not."""
    host = factories.organization(name="Riverside YMCA", email=CONTACT.upper())
    contact = factories.user("partner", organization_=host, email=CONTACT)
    StaffProfile.objects.create(user=contact, language="es")
    ana = factories.user("officer", email="ana@police.example.org")
    StaffProfile.objects.create(user=ana, language="vi")
    ben = factories.user("officer", email="ben@police.example.org")
    outsider = factories.user("officer", email="cy@police.example.org")
    start = timezone.now() + dt.timedelta(hours=hours_ahead)
    event = factories.event(title="Night Walk", host=host, officers=[ana, ben], start=start, **kw)
    return Setup(event=event, contact=contact, officers=[ana, ben], outsider=outsider)


def another_event(setup: Setup, *, hours_ahead: float, **kw):
    """One more event of the same host, with the same officers."""
    start = timezone.now() + dt.timedelta(hours=hours_ahead)
    return factories.event(
        title="Coffee with a Cop", host=setup.event.host, officers=setup.officers, start=start, **kw
    )
