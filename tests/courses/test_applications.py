"""Applying to a course on its public page, and a coordinator's decisions, each told to the
applicant by e-mail through the outbox, in the language they applied in."""

import pytest
from django.core import mail

from courses.errors import CourseError, CourseFull
from courses.models import Application
from courses.services import application_decide, application_submit
from notifications.models import Notification
from tests import factories
from tests.courses.helpers import applicant, course
from tests.mail import deliver_due
from tests.notifications.catalog import notice_opening, notice_subject
from tests.same_answer import unmasked

pytestmark = pytest.mark.django_db

Status = Application.Status
TITLE = "Crisis Intervention Training"


def _form(**kw) -> dict:
    return {"name": "Ana Ortiz", "email": "Ana@Example.org", "phone": "", **kw}


def test_the_course_page_lists_the_sessions_and_takes_an_application_without_an_account(client):
    cit = course(sessions=3)
    page = client.get(f"/courses/{cit.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "3 sessions" in body
    assert 'name="email"' in body

    response = client.post(f"/courses/{cit.pk}/", _form(), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 202
    [a] = Application.objects.all()
    assert (a.name, a.email, a.status, a.language) == (
        "Ana Ortiz",
        "ana@example.org",
        Status.PENDING,
        "es",
    )
    assert list(Notification.objects.values_list("kind", "application_id")) == [
        ("course_received", a.pk)
    ]


def test_a_second_application_from_one_address_gets_the_same_answer_and_changes_nothing(client):
    cit = course()
    first = client.post(f"/courses/{cit.pk}/", _form())
    again = client.post(f"/courses/{cit.pk}/", _form(name="Someone Else", email="ana@example.org"))
    assert (first.status_code, again.status_code) == (202, 202)
    assert unmasked(first.content.decode()) == unmasked(
        again.content.decode().replace("ana@example.org", "Ana@Example.org")
    )
    assert list(Application.objects.values_list("name", flat=True)) == ["Ana Ortiz"]
    assert Notification.objects.count() == 1


def test_bad_input_is_a_form_error_not_a_500(client):
    cit = course()
    response = client.post(f"/courses/{cit.pk}/", _form(name="", email="not-an-address"))
    assert response.status_code == 400
    assert Application.objects.count() == 0
    assert client.get("/courses/999999/").status_code == 404


def test_closed_applications_are_refused_clearly(client):
    cit = course(applications_open=False)
    response = client.post(f"/courses/{cit.pk}/", _form())
    assert response.status_code == 409
    assert "Applications to this course are closed." in response.content.decode()
    assert Application.objects.count() == 0


def test_approve_decline_waitlist_each_tell_the_applicant_in_english():
    cit = course(title=TITLE)
    application_submit(course=cit, name="Ana Ortiz", email="ana@example.org", language="en")
    a = Application.objects.get()
    coordinator = factories.user("coordinator")
    for status in (Status.WAITLISTED, Status.APPROVED, Status.DECLINED):
        application_decide(application=a, status=status, by=coordinator)
    # Deciding the same again sends nothing.
    application_decide(application=a, status=Status.DECLINED, by=coordinator)
    assert deliver_due() == ["sent"] * 4
    assert [m.subject for m in mail.outbox] == [
        f"We received your application: {TITLE}",
        f"You're on the waitlist: {TITLE}",
        f"You're accepted: {TITLE}",
        f"About your application: {TITLE}",
    ]
    assert {tuple(m.to) for m in mail.outbox} == {("ana@example.org",)}
    assert mail.outbox[2].body.startswith(
        "Hello Ana Ortiz, your application is approved: you have a place in the course."
    )
    a.refresh_from_db()
    assert (a.status, a.decided_by) == (Status.DECLINED, coordinator)


def test_a_notice_is_rendered_in_the_language_applied_in():
    cit = course(title=TITLE)
    application_submit(course=cit, name="Lan", email="lan@example.org", language="vi")
    assert deliver_due() == ["sent"]
    [message] = mail.outbox
    [(html, _)] = message.alternatives
    assert '<html lang="vi" dir="ltr">' in html


def test_a_vietnamese_applicant_is_told_in_vietnamese():
    """Needs the Vietnamese catalog (the lead compiles /work/helpers/tr/courses.json)."""
    cit = course(title=TITLE)
    application_submit(course=cit, name="Lan", email="lan@example.org", language="vi")
    application_decide(application=Application.objects.get(), status=Status.APPROVED)
    deliver_due()
    received, approved = mail.outbox
    assert received.subject == notice_subject("vi", "course_received", title=TITLE)
    assert approved.subject == notice_subject("vi", "course_approved", title=TITLE)
    assert approved.body.startswith(notice_opening("vi", "course_approved", name="Lan"))


def test_approval_past_capacity_is_refused_and_the_applicant_stays_as_they_were():
    cit = course(capacity=1)
    applicant(cit, status=Status.APPROVED)
    waiting = applicant(cit, status=Status.PENDING)
    with pytest.raises(CourseFull) as refused:
        application_decide(application=waiting, status=Status.APPROVED)
    assert refused.value.message == "The course is full: no more applicants can be approved."
    waiting.refresh_from_db()
    assert waiting.status == Status.PENDING
    assert Notification.objects.count() == 0


def test_without_approval_applicants_are_approved_in_order_then_waitlisted():
    cit = course(capacity=2, needs_approval=False)
    for i in range(3):
        application_submit(course=cit, name=f"P {i}", email=f"p{i}@example.org")
    assert list(Application.objects.order_by("id").values_list("status", flat=True)) == [
        Status.APPROVED,
        Status.APPROVED,
        Status.WAITLISTED,
    ]
    assert sorted(Notification.objects.values_list("kind", flat=True)) == [
        "course_approved",
        "course_approved",
        "course_waitlisted",
    ]


def test_an_unknown_decision_is_refused():
    a = applicant(course(), status=Status.PENDING)
    with pytest.raises(CourseError) as refused:
        application_decide(application=a, status="maybe")
    assert refused.value.field == "status"


def test_only_coordinators_decide_on_the_report_page(client):
    cit = course()
    a = applicant(cit, status=Status.PENDING)
    officer = factories.user("officer")
    cit.series.officers.add(officer)
    client.force_login(officer)
    url = f"/officers/courses/{cit.pk}/applications/{a.pk}/decide/"
    assert client.post(url, {"status": "approved"}).status_code == 403
    client.force_login(factories.user("coordinator"))
    assert client.post(url, {"status": "approved"}).status_code == 302
    a.refresh_from_db()
    assert a.status == Status.APPROVED
