"""The survey: a one-use link made only for checked-in residents, answered without an
account, and stored with nothing that points back at the resident."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import models

from feedback.models import SurveyAnswer, SurveyInvite, SurveyResponse
from feedback.services import survey_submit, thank_yous_plan
from notifications.models import Notification
from privacy.services import retention_purge
from scheduler.tokens import token_new
from tests import factories
from tests.feedback.helpers import came, held, survey_for, survey_tokens
from tests.i18n import translated

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    program = factories.program(name="Coffee with a Cop")
    survey_for(program)
    return held(program=program, title="Coffee at Mo's")


def _form(questions, rating=4, useful=5, text="Great, thanks"):
    comfort, use, write = questions
    return {f"q{comfort.pk}": rating, f"q{use.pk}": useful, f"q{write.pk}": text}


def _questions(event):
    return list(event.program.survey.questions.order_by("position"))


def test_the_link_works_once(client, event):
    came(event, name="Ana Ruiz", attendee=factories.attendee(email="ana@example.org"))
    thank_yous_plan()
    [token] = survey_tokens(event)
    page = client.get(f"/feedback/{token}/")
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert page["Referrer-Policy"] == "no-referrer"

    answered = client.post(f"/feedback/{token}/", _form(_questions(event)))
    assert answered.status_code == 200
    assert "Thank you for your answers" in answered.content.decode()
    assert SurveyInvite.objects.count() == 0  # used up with the answer, in its transaction
    [response] = SurveyResponse.objects.all()
    assert list(response.answers.order_by("question__position").values_list("rating", "text")) == [
        (4, ""),
        (5, ""),
        (None, "Great, thanks"),
    ]

    assert client.get(f"/feedback/{token}/").status_code == 404
    again = client.post(f"/feedback/{token}/", _form(_questions(event), rating=1))
    assert again.status_code == 404
    assert "already been used" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_no_link_for_those_not_checked_in_and_a_forged_one_is_refused(client, event):
    checked_in = came(event)
    factories.rsvp(event)  # RSVPed, did not come
    thank_yous_plan()
    # A single link was ever made, for the one thank-you, to the resident who came.
    assert list(Notification.objects.values_list("rsvp_id", flat=True)) == [checked_in.pk]
    assert SurveyInvite.objects.count() == 1
    forged = token_new()
    assert client.get(f"/feedback/{forged}/").status_code == 404
    assert client.post(f"/feedback/{forged}/", _form(_questions(event))).status_code == 404
    assert client.get("/feedback/" + "x" * 300 + "/").status_code == 404
    assert SurveyResponse.objects.count() == 0


def test_the_stored_answer_names_no_resident(event):
    rsvp = came(event, name="Ana Ruiz", attendee=factories.attendee(email="ana@example.org"))
    thank_yous_plan()
    [token] = survey_tokens(event)
    comfort, use, write = _questions(event)
    survey_submit(token=token, answers={comfort.pk: 5, write.pk: "Loved it"})

    # Only the event, the day and the answers: no key to a resident, an RSVP or a notice.
    assert [f.name for f in SurveyResponse._meta.concrete_fields] == ["id", "event", "submitted_on"]
    assert isinstance(SurveyResponse._meta.get_field("id"), models.UUIDField)
    assert isinstance(SurveyResponse._meta.get_field("submitted_on"), models.DateField)
    assert [f.name for f in SurveyAnswer._meta.concrete_fields] == [
        "id",
        "response",
        "question",
        "rating",
        "text",
    ]
    assert [f.name for f in SurveyInvite._meta.concrete_fields] == [
        "id",
        "event",
        "token_hash",
        "expires_at",
    ]
    related = {
        f.related_model._meta.label
        for model in (SurveyResponse, SurveyAnswer, SurveyInvite)
        for f in model._meta.concrete_fields
        if f.is_relation
    }
    assert related == {"scheduler.Event", "feedback.SurveyResponse", "feedback.SurveyQuestion"}

    dumped = json.loads(_dumpdata())
    rows = [
        row
        for row in dumped
        if row["model"] in ("feedback.surveyresponse", "feedback.surveyanswer")
    ]
    assert len(rows) == 3
    text = json.dumps(rows)
    for secret in (
        "Ana",
        "ana@example.org",
        "rsvp",
        "attendee",
        "notification",
        "email",
    ):
        assert secret not in text
    [response] = [row for row in rows if row["model"] == "feedback.surveyresponse"]
    assert set(response["fields"]) == {"event", "submitted_on"}
    answer_fields = {
        k for row in rows if row["model"] == "feedback.surveyanswer" for k in row["fields"]
    }
    assert answer_fields == {"response", "question", "rating", "text"}
    # The RSVP's id is nowhere: the only integers are the event's and the questions'.
    numbers = {v for row in rows for v in row["fields"].values() if isinstance(v, int)}
    assert numbers == {event.pk, *(q.pk for q in (comfort, write)), 5} - {None}
    assert rsvp.pk not in numbers - {event.pk, comfort.pk, write.pk, 5}
    assert len(response["fields"]["submitted_on"]) == 10  # a day: 2026-12-03, no time


def _dumpdata() -> str:
    out = io.StringIO()
    call_command("dumpdata", "feedback", stdout=out)
    return out.getvalue()


def test_an_empty_survey_is_refused_and_the_link_kept(client, event):
    came(event)
    thank_yous_plan()
    [token] = survey_tokens(event)
    response = client.post(f"/feedback/{token}/", {})
    assert response.status_code == 400
    assert "Answer at least one question" in response.content.decode()
    bad = client.post(f"/feedback/{token}/", {f"q{_questions(event)[0].pk}": "9"})
    assert bad.status_code == 400
    assert "Choose a number from 1 to 5." in bad.content.decode()
    assert SurveyInvite.objects.count() == 1
    assert SurveyResponse.objects.count() == 0


def test_the_survey_page_is_in_the_language_of_the_link(client, event):
    came(event, language="es")
    thank_yous_plan()
    [token] = survey_tokens(event)
    page = client.get(f"/feedback/{token}/?lang=es").content.decode()
    assert '<html lang="es"' in page
    assert translated("es", "Send my answers") in page


def test_the_retention_purge_erases_the_free_text_and_keeps_the_ratings(event):
    came(event)
    came(event)
    thank_yous_plan()
    comfort, use, write = _questions(event)
    tokens = survey_tokens(event)
    survey_submit(token=tokens[0], answers={comfort.pk: 4, write.pk: "I am Jo, 555-010-9999"})
    program = event.program
    program.retention_days = 1
    program.save()
    later = event.end + dt.timedelta(days=3)
    retention_purge(now=later)
    assert list(
        SurveyAnswer.objects.order_by("question__position").values_list("rating", "text")
    ) == [
        (4, ""),
        (None, ""),
    ]
    assert SurveyResponse.objects.count() == 1
    assert SurveyInvite.objects.count() == 0  # the unused link went too
