"""The API's RSVP takes `answers` by question id, checked like the form's; the event says
which questions it asks; the OpenAPI schema describes both."""

import pytest
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from questions.models import Answer, AnswerChoice
from rsvp.models import Rsvp
from tests.i18n import translated
from tests.questions.helpers import asked_event

pytestmark = pytest.mark.django_db

ANA = {"name": "Ana Reyes", "email": "ana@example.org"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def _post(api, event, body, **headers):
    return api.post(f"/api/v1/events/{event.pk}/rsvps/", body, format="json", headers=headers)


def _nothing_written():
    return (Rsvp.objects.count(), Answer.objects.count(), AnswerChoice.objects.count()) == (0, 0, 0)


def test_the_event_lists_its_questions_in_the_asked_language(api):
    asked = asked_event()
    asked.topic.text_es = "¿Qué tema le importa más?"
    asked.topic.save()
    choice = asked.choices["Parks"]
    choice.label_es = "Parques"
    choice.save()
    body = api.get(f"/api/v1/events/{asked.event.pk}/", headers={"Accept-Language": "es"}).json()
    assert [(q["id"], q["kind"], q["required"]) for q in body["questions"]] == [
        (asked.topic.pk, "single_choice", False),
        (asked.times.pk, "multiple_choice", False),
        (asked.first.pk, "yes_no", False),
        (asked.street.pk, "short_text", True),
        (asked.notes.pk, "long_text", False),
        (asked.kids.pk, "number", False),
        (asked.moved.pk, "date", False),
    ]
    topic = body["questions"][0]
    assert topic["text"] == "¿Qué tema le importa más?"
    # Not translated yet: the coordinator's words.
    assert [c["label"] for c in topic["choices"]] == ["Traffic", "Break-ins", "Parques"]
    assert body["questions"][3]["help_text"] == "So we can group neighbors."
    assert body["questions"][3]["choices"] == []


def test_an_rsvp_through_the_api_keeps_every_answer(api):
    asked = asked_event()
    answers = {
        str(asked.street.pk): "Maple Street",
        str(asked.notes.pk): "Quiet seat, please.",
        str(asked.topic.pk): asked.choices["Traffic"].pk,
        str(asked.times.pk): [asked.choices["Evenings"].pk],
        str(asked.first.pk): False,
        str(asked.kids.pk): 3,
        str(asked.moved.pk): "2025-01-15",
    }
    response = _post(api, asked.event, {**ANA, "answers": answers})
    assert response.status_code == 202
    [rsvp] = Rsvp.objects.filter(event=asked.event)
    stored = [
        (a.question_id, a.value, [c.label for c in a.chosen.all()])
        for a in Answer.objects.filter(rsvp=rsvp).order_by("id")
    ]
    assert stored == [
        (asked.topic.pk, "", ["Traffic"]),
        (asked.times.pk, "", ["Evenings"]),
        (asked.first.pk, "no", []),
        (asked.street.pk, "Maple Street", []),
        (asked.notes.pk, "Quiet seat, please.", []),
        (asked.kids.pk, "3", []),
        (asked.moved.pk, "2025-01-15", []),
    ]


@pytest.mark.parametrize("answers", [None, {}, {"street": ""}])
def test_a_required_question_missing_is_a_problem_naming_the_field(api, answers):
    asked = asked_event()
    body = dict(ANA)
    if answers is not None:
        body["answers"] = {str(asked.street.pk): v for v in answers.values()}
    response = _post(api, asked.event, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["code"], problem["errors"]) == (
        "invalid",
        {f"answers.{asked.street.pk}": ["This field is required."]},
    )
    assert _nothing_written()


def test_the_problem_is_in_the_residents_language(api):
    asked = asked_event()
    response = _post(api, asked.event, ANA, **{"Accept-Language": "es"})
    assert response.json()["errors"] == {
        f"answers.{asked.street.pk}": [translated("es", "This field is required.")]
    }
    assert _nothing_written()


@pytest.mark.parametrize(
    ("attr", "value", "message"),
    [
        ("kids", "two", "Enter a number."),
        ("kids", [1], "Enter a number."),
        ("moved", "tomorrow", "Enter a valid date."),
        ("moved", 20250115, "Enter a valid date."),
        ("first", "maybe", "Select a valid choice. maybe is not one of the available choices."),
        ("topic", 0, "Select a valid choice. 0 is not one of the available choices."),
        ("times", [0], "Select a valid choice. 0 is not one of the available choices."),
        ("street", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_bad_answers_are_a_problem_naming_the_question(api, attr, value, message):
    asked = asked_event()
    answers = {str(asked.street.pk): "Elm", str(getattr(asked, attr).pk): value}
    response = _post(api, asked.event, {**ANA, "answers": answers})
    assert response.status_code == 400
    assert response.json()["errors"] == {f"answers.{getattr(asked, attr).pk}": [message]}
    assert _nothing_written()


@pytest.mark.parametrize("answers", [["Elm"], "Elm", 3])
def test_answers_that_are_not_an_object_are_refused(api, answers):
    asked = asked_event()
    response = _post(api, asked.event, {**ANA, "answers": answers})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["answers"]
    assert _nothing_written()


def test_an_answer_to_a_question_not_asked_is_refused(api):
    asked = asked_event()
    other = asked_event()
    answers = {str(asked.street.pk): "Elm", str(other.street.pk): "Oak", "nope": "x"}
    response = _post(api, asked.event, {**ANA, "answers": answers})
    assert response.json()["errors"] == {
        f"answers.{other.street.pk}": ["This event does not ask this question."],
        "answers.nope": ["This event does not ask this question."],
    }
    assert _nothing_written()


def test_the_schema_describes_answers_and_questions():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    answers = components["RsvpCreateRequest"]["properties"]["answers"]
    assert answers["type"] == "object"
    assert "by question id" in answers["description"]
    questions = components["EventDetail"]["properties"]["questions"]
    assert questions["items"]["$ref"] == "#/components/schemas/Question"
    assert set(components["Question"]["properties"]) == {
        "id",
        "text",
        "help_text",
        "kind",
        "required",
        "choices",
    }
