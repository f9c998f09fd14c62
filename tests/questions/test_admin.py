"""A coordinator builds the questions in the admin: on the program's and the event's page,
and each question's choices (with their words per language) on its own page."""

import pytest

from questions.models import Choice, Question
from tests import factories
from tests.scheduler.admin_support import coordinator, form_values

pytestmark = pytest.mark.django_db

ADD = "/admin/questions/question/add/"


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _question_post(program, **kw):
    return {
        "program": str(program.pk) if program else "",
        "event": "",
        "text_en": "Which topic matters most?",
        "text_es": "¿Qué tema le importa más?",
        "help_text_en": "Pick one.",
        "kind": "single_choice",
        "required": "on",
        "position": "1",
        **_management("choices", 3),
        "choices-0-label_en": "Traffic",
        "choices-0-label_es": "Tráfico",
        "choices-0-position": "0",
        "choices-1-label_en": "Parks",
        "choices-1-position": "1",
        "choices-2-label_en": "",
        "choices-2-position": "0",
        **kw,
    }


def test_a_coordinator_adds_a_question_with_choices_through_the_admin(client):
    program = factories.program()
    client.force_login(coordinator())
    response = client.post(ADD, _question_post(program))
    assert response.status_code == 302, response.content.decode()[:2000]
    [question] = Question.objects.all()
    assert (
        question.program_id,
        question.event_id,
        question.text_en,
        question.text_es,
        question.kind,
        question.required,
    ) == (
        program.pk,
        None,
        "Which topic matters most?",
        "¿Qué tema le importa más?",
        "single_choice",
        True,
    )
    assert list(question.choices.values_list("label_en", "label_es")) == [
        ("Traffic", "Tráfico"),
        ("Parks", None),
    ]
    # Every event of the program asks it now.
    event = factories.event(program=program)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Which topic matters most?" in page
    assert f'name="question_{question.pk}" value="{question.choices.first().pk}"' in page


def test_a_choice_question_needs_two_choices(client):
    program = factories.program()
    client.force_login(coordinator())
    body = _question_post(program, **{"choices-1-label_en": ""})
    response = client.post(ADD, body)
    assert response.status_code == 200
    assert "A single or multiple choice question needs at least two choices." in (
        response.content.decode()
    )
    assert Question.objects.count() == 0


def test_a_question_belongs_to_a_program_or_an_event_not_both(client):
    program = factories.program()
    event = factories.event(program=program)
    client.force_login(coordinator())
    both = _question_post(program, event=str(event.pk))
    assert client.post(ADD, both).status_code == 200
    neither = _question_post(None)
    assert client.post(ADD, neither).status_code == 200
    assert Question.objects.count() == 0


def test_the_program_and_event_pages_have_a_questions_inline(client):
    program = factories.program()
    event = factories.event(program=program)
    Question.objects.create(event=event, text="Your street", kind="short_text")
    client.force_login(coordinator())
    for url in (
        f"/admin/scheduler/program/{program.pk}/change/",
        f"/admin/scheduler/event/{event.pk}/change/",
    ):
        page = client.get(url).content.decode()
        assert 'name="questions-TOTAL_FORMS"' in page, url
        assert 'name="questions-__prefix__-text_es"' in page, url
    # The event's inline shows its question, with the link to its choices' page.
    page = client.get(f"/admin/scheduler/event/{event.pk}/change/").content.decode()
    assert 'value="Your street"' in page
    assert f"/admin/questions/question/{event.questions.get().pk}/change/" in page


def test_a_coordinator_adds_a_question_on_the_programs_page(client):
    program = factories.program()
    client.force_login(coordinator())
    url = f"/admin/scheduler/program/{program.pk}/change/"
    values = form_values(client.get(url).content.decode())
    values.update(
        {
            "questions-TOTAL_FORMS": ["1"],
            "questions-0-text_en": ["Is this your first meeting?"],
            "questions-0-kind": ["yes_no"],
            "questions-0-position": ["0"],
        }
    )
    response = client.post(url, values)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(program.questions.values_list("text", "kind", "required")) == [
        ("Is this your first meeting?", "yes_no", False)
    ]
    assert Choice.objects.count() == 0
