"""Survey results in the officer reports: exact figures per event and per program, masked
free text for coordinators only, the CSV, and a flat number of queries."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.masking import text_mask
from feedback.results import feedback_report
from feedback.services import survey_submit, thank_yous_plan
from notifications.models import Notification
from tests import factories
from tests.feedback.helpers import COMFORT, USEFUL, WRITE, came, held, survey_for, survey_tokens

pytestmark = pytest.mark.django_db


def _answered(event, questions, answers: list[tuple]) -> None:
    """Check in one resident per answer set, send their thank-yous, take their answers."""
    comfort, useful, write = questions
    for _ in answers:
        came(event)
    thank_yous_plan()
    Notification.objects.filter(event=event).update(state=Notification.State.SENT)
    for token, (a, b, text) in zip(survey_tokens(event), answers, strict=False):
        survey_submit(token=token, answers={comfort.pk: a, useful.pk: b, write.pk: text})


@pytest.fixture
def data():
    coffee = factories.program(name="Coffee with a Cop")
    questions = survey_for(coffee)
    first = held(program=coffee, title="Coffee North", ended_ago=dt.timedelta(hours=5))
    second = held(program=coffee, title="Coffee South", ended_ago=dt.timedelta(hours=4))
    _answered(
        first,
        questions,
        [
            (5, 4, "Call me at 555-010-2345 or ana.ruiz@example.org, my name is Ana Ruiz"),
            (4, 4, ""),
            (4, None, "More evenings please"),
            (2, 3, ""),
        ],
    )
    _answered(second, questions, [(5, 5, ""), (3, None, ""), (None, 2, "")])
    came(second)  # a resident who came and did not answer: a link sent, no response
    thank_yous_plan()
    Notification.objects.filter(event=second).update(state=Notification.State.SENT)
    return coffee, first, second


def _rows(result):
    return [
        (q.question.text, q.answered, [q.counts[n] for n in range(1, 6)], q.mean, q.texts)
        for q in result.rows
    ]


def test_figures_per_event_and_per_program(data):
    coffee, first, second = data
    coordinator = factories.user("coordinator")
    today = timezone.localdate()
    report = feedback_report(coordinator, start=today - dt.timedelta(days=2), end=today)
    [program] = report.programs
    assert (program.label, program.invited, program.responses) == ("Coffee with a Cop", 8, 7)
    assert _rows(program) == [
        (COMFORT, 6, [0, 1, 1, 2, 2], "3.83", []),
        (USEFUL, 5, [0, 1, 1, 2, 1], "3.60", []),
        (WRITE, 2, [0, 0, 0, 0, 0], "–", []),
    ]
    by_event = {r.label: (r.invited, r.responses, _rows(r)) for r in report.events}
    assert by_event == {
        "Coffee North": (
            4,
            4,
            [
                (COMFORT, 4, [0, 1, 0, 2, 1], "3.75", []),
                (USEFUL, 3, [0, 0, 1, 2, 0], "3.67", []),
                (
                    WRITE,
                    2,
                    [0, 0, 0, 0, 0],
                    "–",
                    [
                        "Call me at [phone] or [e-mail], my name is [name]",
                        "More evenings please",
                    ],
                ),
            ],
        ),
        "Coffee South": (
            4,
            3,
            [
                (COMFORT, 2, [0, 0, 1, 0, 1], "4.00", []),
                (USEFUL, 2, [0, 1, 0, 0, 1], "3.50", []),
                (WRITE, 0, [0, 0, 0, 0, 0], "–", []),
            ],
        ),
    }


def test_free_text_only_for_coordinators_and_masked(client, data):
    coffee, first, second = data
    officer = factories.user("officer")
    first.officers.add(officer)
    client.force_login(officer)
    page = client.get("/officers/reports/feedback/").content.decode()
    assert "Coffee North" in page
    assert "More evenings please" not in page
    assert "Written answers are shown to coordinators only." in page
    client.force_login(factories.user("coordinator"))
    page = client.get("/officers/reports/feedback/").content.decode()
    assert "More evenings please" in page
    assert "Call me at [phone] or [e-mail], my name is [name]" in page
    assert "ana.ruiz@example.org" not in page
    assert "555-010-2345" not in page
    assert "Ana Ruiz" not in page
    # The officer's report covers only their events: the other one is not in it.
    officer_report = feedback_report(
        officer, start=timezone.localdate() - dt.timedelta(days=2), end=timezone.localdate()
    )
    assert [r.label for r in officer_report.events] == ["Coffee North"]
    assert all(q.texts == [] for r in officer_report.events for q in r.rows)


def test_the_csv_is_exact(client, data):
    client.force_login(factories.user("coordinator"))
    today = timezone.localdate()
    start = today - dt.timedelta(days=2)
    response = client.get(f"/officers/reports/feedback.csv?start={start}&end={today}")
    assert response.status_code == 200
    day = timezone.localtime(data[1].start).date().isoformat()
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    rating, text = "Rating from 1 (strongly disagree) to 5 (strongly agree)", "Free text"
    header = ["grouping", "group", "date", "question", "kind", "survey links sent", "responses"]
    header += ["answered", "rated 1", "rated 2", "rated 3", "rated 4", "rated 5"]
    header += ["average rating", "answer (masked)"]
    blank = [""] * 6
    masked = "Call me at [phone] or [e-mail], my name is [name]"
    p = ["program", "Coffee with a Cop", ""]
    north, south = ["event", "Coffee North", day], ["event", "Coffee South", day]
    # fmt: off
    assert rows == [
        header,
        [*p, COMFORT, rating, "8", "7", "6", "0", "1", "1", "2", "2", "3.83", ""],
        [*p, USEFUL, rating, "8", "7", "5", "0", "1", "1", "2", "1", "3.60", ""],
        [*p, WRITE, text, "8", "7", "2", *blank, ""],
        [*north, COMFORT, rating, "4", "4", "4", "0", "1", "0", "2", "1", "3.75", ""],
        [*north, USEFUL, rating, "4", "4", "3", "0", "0", "1", "2", "0", "3.67", ""],
        [*north, WRITE, text, "4", "4", "2", *blank, ""],
        [*north, WRITE, text, "4", "4", "2", *blank, masked],
        [*north, WRITE, text, "4", "4", "2", *blank, "More evenings please"],
        [*south, COMFORT, rating, "4", "3", "2", "0", "0", "1", "0", "1", "4.00", ""],
        [*south, USEFUL, rating, "4", "3", "2", "0", "1", "0", "0", "1", "3.50", ""],
        [*south, WRITE, text, "4", "3", "0", *blank, ""],
    ]
    # fmt: on
    assert client.get("/officers/reports/feedback.csv?start=nope").status_code == 400


def test_the_report_page_makes_the_same_queries_for_more_events_and_answers(client):
    coffee = factories.program(name="Coffee with a Cop")
    questions = survey_for(coffee)
    client.force_login(factories.user("coordinator"))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/officers/reports/feedback/").status_code == 200
        return len(ctx.captured_queries)

    _answered(held(program=coffee), questions, [(5, 4, "Fine")])
    one = count()
    for _ in range(3):
        _answered(held(program=coffee), questions, [(5, 4, "Fine"), (3, 2, "Ok"), (1, 1, "")])
    other = factories.program(name="Neighborhood Watch")
    _answered(held(program=other), survey_for(other), [(2, 2, "Hm")])
    assert count() == one


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("write to me: jo.smith+x@mail.example.com", "write to me: [e-mail]"),
        ("call (555) 010-2345 or +1 555 010 2345", "call [phone] or [phone]"),
        ("My name is maria Lopez and it was good", "My name is [name] and it was good"),
        ("name: Tran Van Minh", "name: [name]"),
        ("me llamo Ana, gracias", "me llamo [name], gracias"),
        ("We were 12 people on 12/03, in room 204", "We were 12 people on 12/03, in room 204"),
        ("Officer Diaz was great", "Officer Diaz was great"),
    ],
)
def test_personal_data_in_free_text_is_masked(typed, shown):
    assert text_mask(typed) == shown
