"""The retention purge erases applicants' personal data; a certificate stays verifiable
with the holder's initial, the course and the date."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.models import Application
from courses.services import attendance_set, certificate_verify, certificates_issue
from notifications.models import Notification
from privacy.services import retention_purge
from tests.courses.helpers import applicant, course, sessions

pytestmark = pytest.mark.django_db


def test_the_purge_erases_applicants_and_keeps_the_certificates_validity(client, settings):
    start = timezone.now() - dt.timedelta(days=800)
    cit = course(sessions=1, start=start)
    ana = applicant(cit, name="Ana Ortiz", email="ana@example.org", phone="+15035550123")
    [session] = sessions(cit)
    attendance_set(course=cit, session=session, present_ids={ana.pk})
    [certificate] = certificates_issue(course=cit)
    Notification.objects.create(
        kind="course_approved", application=ana, due_at=timezone.now(), dedupe_key="t:1"
    )
    recent = course(sessions=1)
    ben = applicant(recent, name="Ben Li")

    retention_purge()

    ana.refresh_from_db()
    assert (ana.name, ana.email, ana.phone, ana.status) == ("", "", "", "approved")
    assert ana.erased_at is not None
    assert Notification.objects.filter(application=ana).count() == 0
    assert Application.objects.get(pk=ben.pk).name == "Ben Li"
    assert certificate_verify(certificate.code) == certificate
    body = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert '<dd class="holder">A.</dd>' in body
    # The course still counts its attendance.
    assert session.course_attendances.count() == 1
