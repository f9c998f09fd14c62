"""Certificates: the PDF's text, and the public verification that shows the initial, the
course and the date — nothing more — and refuses bad or unknown codes cleanly."""

import datetime as dt
import io

import pypdf
import pytest
from django.utils import timezone

from courses.models import Certificate, code_hash
from courses.services import attendance_set, certificate_verify, certificates_issue
from tests import factories
from tests.courses.helpers import applicant, course, sessions

pytestmark = pytest.mark.django_db

TITLE = "Crisis Intervention Training"


def _completed_course():
    # Sessions in the past, at 18:00 UTC: the same calendar day in Los Angeles.
    start = dt.datetime(2026, 3, 3, 18, 0, tzinfo=dt.UTC)
    cit = course(title=TITLE, sessions=3, hours=2.5, start=start, min_sessions=2)
    ana = applicant(cit, name="Ana Ortiz", email="ana@example.org", phone="+15035550123")
    ben = applicant(cit, name="Ben Li")
    first, second, third = sessions(cit)
    attendance_set(course=cit, session=first, present_ids={ana.pk, ben.pk})
    attendance_set(course=cit, session=second, present_ids={ana.pk})
    attendance_set(course=cit, session=third, present_ids={ana.pk})
    return cit, ana, ben


def test_certificates_go_to_completers_once_with_hours_and_date():
    cit, ana, ben = _completed_course()
    [certificate] = certificates_issue(course=cit)
    assert certificates_issue(course=cit) == []
    certificate.refresh_from_db()
    assert (certificate.application, certificate.holder_initial) == (ana, "A.")
    assert (str(certificate.hours), certificate.completed_on) == ("7.50", dt.date(2026, 3, 17))
    code = certificate.code
    assert len(code) == 26 and code.isalnum() and code.isupper()
    assert certificate.code_hash == code_hash(code)
    # The clear code is not stored.
    assert code not in repr(list(Certificate.objects.values()))


def test_the_pdf_says_who_what_how_long_and_how_to_verify(client):
    cit, ana, _ = _completed_course()
    [certificate] = certificates_issue(course=cit)
    client.force_login(factories.user("coordinator"))
    response = client.get(f"/officers/courses/{cit.pk}/certificates/{certificate.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    [page] = pypdf.PdfReader(io.BytesIO(response.content)).pages
    lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
    code = certificate.code
    assert lines == [
        "Certificate of completion",
        "This certifies that",
        "Ana Ortiz",
        "has completed the course",
        TITLE,
        f"Program: {cit.series.program.name}",
        "7.5 hours",
        "From March 3, 2026 to March 17, 2026",
        f"Host: {cit.series.host.name}",
        f"Verification code: {code}",
        f"Verify at http://testserver/certificates/{code}/",
    ]


def test_the_verification_page_shows_the_initial_course_and_date_only(client):
    cit, ana, _ = _completed_course()
    [certificate] = certificates_issue(course=cit)
    response = client.get(f"/certificates/{certificate.code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "This certificate is valid." in body
    assert '<dd class="holder">A.</dd>' in body
    assert f'<dd class="course">{TITLE}</dd>' in body
    assert '<dd class="completed">March 17, 2026</dd>' in body
    for secret in ("Ana Ortiz", "Ortiz", "ana@example.org", "+15035550123", "5550123", "7.5"):
        assert secret not in body, secret
    assert response["Cache-Control"] == "no-store"
    # Typed by hand: lower case and dashes are fine.
    spaced = "-".join(certificate.code[i : i + 4] for i in range(0, 26, 4)).lower()
    assert certificate_verify(spaced) == certificate


@pytest.mark.parametrize(
    "code",
    [
        "A" * 26,  # well-formed, unknown
        "short",
        "1" * 26,  # not base32
        "X" * 300,
        "%00%3Cscript%3E",
        "' OR 1=1 --",
    ],
)
def test_bad_and_unknown_codes_are_refused_cleanly(client, code):
    response = client.get(f"/certificates/{code}/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "No valid certificate has this code." in body
    assert "This certificate is valid." not in body


def test_a_revoked_certificate_is_not_valid(client):
    cit, _, _ = _completed_course()
    [certificate] = certificates_issue(course=cit)
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())
    assert client.get(f"/certificates/{certificate.code}/").status_code == 404


def test_only_the_courses_staff_download_a_certificate(client):
    cit, _, _ = _completed_course()
    [certificate] = certificates_issue(course=cit)
    url = f"/officers/courses/{cit.pk}/certificates/{certificate.pk}.pdf"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(factories.user("officer"))
    assert client.get(url).status_code == 403


def test_the_coordinator_issues_certificates_from_the_report(client):
    cit, ana, _ = _completed_course()
    client.force_login(factories.user("coordinator"))
    response = client.post(f"/officers/courses/{cit.pk}/certificates/issue/", follow=True)
    assert "Certificates issued: 1." in response.content.decode()
    assert list(Certificate.objects.values_list("application_id", flat=True)) == [ana.pk]
