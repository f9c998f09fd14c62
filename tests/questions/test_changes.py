"""A question edited or deleted after residents answered it leaves their answers readable
as they were given: the text asked and the labels picked are stored with each answer."""

import pytest

from questions.models import Answer, Choice
from questions.queries import answers_by_rsvp
from questions.services import AnswerInput
from rsvp.officers.csv_export import roster_header, roster_rows
from rsvp.queries import roster
from rsvp.services import rsvp_create
from tests.questions.helpers import asked_event

pytestmark = pytest.mark.django_db


def _shown(rsvp):
    return [(a.question_text, a.text) for a in answers_by_rsvp([rsvp.pk])[rsvp.pk]]


def test_a_changed_or_deleted_question_keeps_the_old_answers_readable():
    asked = asked_event()
    parks = asked.choices["Parks"]
    old = rsvp_create(
        event=asked.event,
        email="old@example.org",
        name="Old",
        answers=[
            AnswerInput(question=asked.street, value="Maple"),
            AnswerInput(question=asked.topic, choices=(parks,)),
            AnswerInput(question=asked.first, value="yes"),
        ],
    ).rsvp

    asked.topic.text = "What should we talk about?"
    asked.topic.save()
    Choice.objects.filter(pk=parks.pk).update(label="Parks and playgrounds")
    asked.first.delete()
    parks_kept = Choice.objects.get(pk=parks.pk)
    new = rsvp_create(
        event=asked.event,
        email="new@example.org",
        name="New",
        answers=[
            AnswerInput(question=asked.street, value="Oak"),
            AnswerInput(question=asked.topic, choices=(parks_kept,)),
        ],
    ).rsvp

    assert _shown(old) == [
        ("Which topic matters most?", "Parks"),
        ("Is this your first meeting?", "Yes"),
        ("Your street", "Maple"),
    ]
    assert _shown(new) == [
        ("What should we talk about?", "Parks and playgrounds"),
        ("Your street", "Oak"),
    ]
    assert (
        Answer.objects.get(rsvp=old, question_text="Is this your first meeting?").question is None
    )

    # The CSV: a column per question asked now (old answers under it), and one for the
    # deleted question's answers.
    listed = roster(asked.event)
    header = roster_header(listed)
    rows = {row[2]: row[12:] for row in roster_rows(listed)}
    assert header[12:] == [
        "What should we talk about?",
        "Which times suit you?",
        "Your street",
        "Anything else?",
        "How many children are coming?",
        "When did you move in?",
        "Is this your first meeting?",
        "still coming?",  # followup's column, after the questions'
    ]
    assert rows == {
        "New": ["Parks and playgrounds", "", "Oak", "", "", "", "", ""],
        "Old": ["Parks", "", "Maple", "", "", "", "Yes", ""],
    }


def test_deleting_a_choice_keeps_the_label_picked():
    asked = asked_event()
    traffic = asked.choices["Traffic"]
    rsvp = rsvp_create(
        event=asked.event,
        email="a@example.org",
        name="A",
        answers=[
            AnswerInput(question=asked.street, value="Elm"),
            AnswerInput(question=asked.topic, choices=(traffic,)),
        ],
    ).rsvp
    traffic.delete()
    assert _shown(rsvp) == [("Which topic matters most?", "Traffic"), ("Your street", "Elm")]
