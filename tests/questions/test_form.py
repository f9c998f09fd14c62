"""The resident's RSVP form asks the event's questions (its program's first) and keeps the
answers with the RSVP; a refused form writes nothing and says why next to the question."""

import pytest
from bs4 import BeautifulSoup

from questions.models import Answer, AnswerChoice
from rsvp.models import Rsvp
from tests import factories
from tests.i18n import translated
from tests.questions.helpers import asked_event, form_post

pytestmark = pytest.mark.django_db


def _post(client, event, body, **headers):
    return client.post(f"/events/{event.pk}/rsvp/", body, headers=headers)


def _answers(rsvp) -> list[tuple]:
    return [
        (a.question_text, a.kind, a.value, [c.label for c in a.chosen.order_by("id")])
        for a in Answer.objects.filter(rsvp=rsvp).order_by("id")
    ]


def test_the_event_page_shows_each_question_with_its_help_and_choices(client):
    asked = asked_event()
    page = BeautifulSoup(client.get(f"/events/{asked.event.pk}/").content, "html.parser")
    street = page.find("input", attrs={"name": f"question_{asked.street.pk}"})
    assert street["required"] == ""
    assert page.find("label", attrs={"for": street["id"]}).text == "Your street"
    assert page.find(id=f"{street['id']}_helptext").text == "So we can group neighbors."
    legends = [legend.text for legend in page.select("fieldset legend")]
    assert legends == [
        "Which topic matters most?",
        "Which times suit you?",
        "Is this your first meeting?",
        # The accommodation requests' group (accommodations/), after the questions.
        "Should we arrange any of these for you? (optional)",
    ]
    topic = page.find_all("input", attrs={"name": f"question_{asked.topic.pk}"})
    assert [i["type"] for i in topic] == ["radio"] * 3
    assert [i.parent.text.strip() for i in topic] == ["Traffic", "Break-ins", "Parks"]
    kinds = {
        asked.kids.pk: page.find("input", attrs={"name": f"question_{asked.kids.pk}"})["inputmode"],
        asked.moved.pk: page.find("input", attrs={"name": f"question_{asked.moved.pk}"})["type"],
    }
    assert kinds == {asked.kids.pk: "decimal", asked.moved.pk: "date"}
    assert page.find("textarea", attrs={"name": f"question_{asked.notes.pk}"}) is not None


def test_an_rsvp_through_the_form_keeps_every_answer_as_asked(client):
    asked = asked_event()
    body = form_post(
        asked,
        street=" Maple Street ",
        notes="I use a walker.",
        topic=str(asked.choices["Break-ins"].pk),
        times=[str(asked.choices["Mornings"].pk), str(asked.choices["Evenings"].pk)],
        first="yes",
        kids="2",
        moved="2024-05-31",
    )
    response = _post(client, asked.event, body)
    assert response.status_code == 202
    [rsvp] = Rsvp.objects.filter(event=asked.event)
    assert _answers(rsvp) == [
        ("Which topic matters most?", "single_choice", "", ["Break-ins"]),
        ("Which times suit you?", "multiple_choice", "", ["Mornings", "Evenings"]),
        ("Is this your first meeting?", "yes_no", "yes", []),
        ("Your street", "short_text", "Maple Street", []),
        ("Anything else?", "long_text", "I use a walker.", []),
        ("How many children are coming?", "number", "2", []),
        ("When did you move in?", "date", "2024-05-31", []),
    ]


def test_optional_questions_left_empty_store_nothing(client):
    asked = asked_event()
    assert _post(client, asked.event, form_post(asked, street="Oak Ave")).status_code == 202
    [rsvp] = Rsvp.objects.filter(event=asked.event)
    assert _answers(rsvp) == [("Your street", "short_text", "Oak Ave", [])]


@pytest.mark.parametrize("street", [None, "", "   "])
def test_a_required_question_missing_is_refused_at_its_field_and_nothing_is_written(client, street):
    asked = asked_event()
    body = form_post(asked, topic=str(asked.choices["Parks"].pk), first="no")
    if street is not None:
        body[f"question_{asked.street.pk}"] = street
    response = _post(client, asked.event, body)
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    field = page.find("input", attrs={"name": f"question_{asked.street.pk}"})
    assert page.find(id=f"{field['id']}_error").text == "This field is required."
    assert field["aria-invalid"] == "true"
    assert (Rsvp.objects.count(), Answer.objects.count(), AnswerChoice.objects.count()) == (0, 0, 0)


def test_the_refusal_is_in_the_residents_language(client):
    asked = asked_event()
    response = client.post(
        f"/events/{asked.event.pk}/rsvp/", form_post(asked), HTTP_ACCEPT_LANGUAGE="es"
    )
    page = BeautifulSoup(response.content, "html.parser")
    field = page.find("input", attrs={"name": f"question_{asked.street.pk}"})
    assert page.find(id=f"{field['id']}_error").text == translated("es", "This field is required.")
    assert Rsvp.objects.count() == 0


@pytest.mark.parametrize(
    ("attr", "value", "message"),
    [
        ("kids", "two", "Enter a number."),
        ("kids", "1e400", "Ensure that there are no more than 12 digits in total."),
        ("moved", "31/05/2024", "Enter a valid date."),
        ("moved", "2024-02-30", "Enter a valid date."),
        ("first", "maybe", "Select a valid choice. maybe is not one of the available choices."),
        ("topic", "999999", "Select a valid choice. 999999 is not one of the available choices."),
        ("times", ["999999"], "Select a valid choice. 999999 is not one of the available choices."),
    ],
)
def test_bad_answers_get_a_clear_message_at_their_field(client, attr, value, message):
    asked = asked_event()
    response = _post(client, asked.event, form_post(asked, street="Elm", **{attr: value}))
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    name = f"question_{getattr(asked, attr).pk}"
    field_id = page.find(attrs={"name": name})["id"]
    # A radio or checkbox group's error belongs to the group (id without the _0 suffix).
    error = page.find(id=f"{field_id}_error") or page.find(id=f"{field_id.rsplit('_', 1)[0]}_error")
    assert error.text == message
    assert Rsvp.objects.count() == 0


def test_a_choice_of_another_question_is_not_offered(client):
    asked = asked_event()
    body = form_post(asked, street="Elm", topic=str(asked.choices["Mornings"].pk))
    assert _post(client, asked.event, body).status_code == 400
    assert Rsvp.objects.count() == 0


def test_a_repeat_rsvp_keeps_the_first_answers(client):
    asked = asked_event()
    _post(client, asked.event, form_post(asked, street="First Street"))
    again = _post(client, asked.event, form_post(asked, street="Second Street"))
    assert again.status_code == 202
    [rsvp] = Rsvp.objects.filter(event=asked.event)
    assert _answers(rsvp) == [("Your street", "short_text", "First Street", [])]


def test_an_event_without_questions_asks_none(client):
    event = factories.event()
    body = {"name": "Ana", "email": "ana@example.org", "party_size": "1"}
    assert _post(client, event, body).status_code == 202
    assert Answer.objects.count() == 0
