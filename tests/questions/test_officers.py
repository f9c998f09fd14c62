"""What officers see of the answers: the roster, its CSV, the sign-in sheet (each answer
with the question as asked), and the reports' counts of choice and yes/no answers."""

import csv
import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from questions.queries import answer_counts
from questions.services import AnswerInput
from rsvp.officers.reports import report_build
from rsvp.services import rsvp_create
from tests import factories
from tests.questions.helpers import asked_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return factories.user("officer")


def _rsvp(asked, i, *, street="Maple", topic=None, times=(), first=None, kids="", now=None):
    c = asked.choices
    answers = [AnswerInput(question=asked.street, value=street)]
    if topic:
        answers.append(AnswerInput(question=asked.topic, choices=(c[topic],)))
    if times:
        answers.append(AnswerInput(question=asked.times, choices=tuple(c[t] for t in times)))
    if first:
        answers.append(AnswerInput(question=asked.first, value=first))
    if kids:
        answers.append(AnswerInput(question=asked.kids, value=kids))
    return rsvp_create(
        event=asked.event,
        email=f"r{i}@example.org",
        name=f"Resident {i:02d}",
        answers=answers,
        now=now,
    ).rsvp


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))


def _attendance(event, suffix="attendance/"):
    return f"/officers/events/{event.pk}/{suffix}"


def test_the_roster_and_sheet_show_each_answer_with_its_question(client, officer):
    asked = asked_event(officers=[officer], start=factories.door_open())
    _rsvp(asked, 1, street="Maple", topic="Parks", times=["Mornings", "Evenings"], first="yes")
    _rsvp(asked, 2, street="Oak", kids="2")
    client.force_login(officer)
    for suffix in ("attendance/", "sign-in-sheet/"):
        page = BeautifulSoup(client.get(_attendance(asked.event, suffix)).content, "html.parser")
        shown = [
            [a.get_text(" ", strip=True) for a in block.select(".answer")]
            for block in page.select(".answers")
        ]
        assert shown == [
            [
                "Which topic matters most? Parks",
                "Which times suit you? Mornings, Evenings",
                "Is this your first meeting? Yes",
                "Your street Maple",
            ],
            ["Your street Oak", "How many children are coming? 2"],
        ], suffix


def test_the_roster_csv_has_a_column_per_question(client, officer):
    asked = asked_event(officers=[officer], start=factories.door_open(), capacity=1)
    _rsvp(asked, 1, street="=cmd|' /C calc'!A0", topic="Traffic", first="no")
    _rsvp(asked, 2, street="Oak", times=["Evenings"], kids="4")  # waitlisted
    factories.walkin(asked.event, name="Dee")
    client.force_login(officer)
    rows = _csv(client.get(_attendance(asked.event, "attendance.csv")))
    assert rows[0][12:] == [
        "Which topic matters most?",
        "Which times suit you?",
        "Is this your first meeting?",
        "Your street",
        "Anything else?",
        "How many children are coming?",
        "When did you move in?",
        "still coming?",  # followup's column, after the questions
    ]
    assert [row[:1] + row[12:] for row in rows[1:]] == [
        ["confirmed", "Traffic", "", "No", "'=cmd|' /C calc'!A0", "", "", "", ""],
        ["waitlisted", "", "Evenings", "", "Oak", "", "4", "", ""],
        ["walk-in", "", "", "", "", "", "", "", ""],
    ]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("suffix", ["attendance/", "attendance.csv", "sign-in-sheet/"])
def test_the_roster_csv_and_sheet_make_as_many_queries_for_ten_rsvps_as_for_one(
    client, officer, suffix
):
    counts = []
    for how_many in (1, 10):
        asked = asked_event(officers=[officer], start=factories.door_open())
        for i in range(how_many):
            _rsvp(asked, i, topic="Parks", times=["Mornings", "Evenings"], first="yes", kids="1")
        client.force_login(officer)
        _queries(client, _attendance(asked.event, suffix))  # warm the session and caches
        counts.append(_queries(client, _attendance(asked.event, suffix)))
    assert counts[0] == counts[1]


def _held(asked_kw=None):
    """An event that took place last week, with its RSVPs made before it."""
    start = timezone.now() - dt.timedelta(days=7)
    asked = asked_event(start=start, end=start + dt.timedelta(hours=1), **(asked_kw or {}))
    return asked, start - dt.timedelta(days=3)


def test_the_report_counts_each_answer_of_choice_and_yes_no_questions(client):
    asked, before = _held()
    _rsvp(asked, 1, topic="Parks", times=["Mornings", "Evenings"], first="yes", now=before)
    _rsvp(asked, 2, topic="Parks", times=["Evenings"], first="no", now=before)
    _rsvp(asked, 3, topic="Traffic", first="yes", now=before)
    _rsvp(asked, 4, now=before)
    coordinator = factories.user("coordinator")
    today = timezone.localdate()
    report = report_build(coordinator, start=today - dt.timedelta(days=30), end=today)
    counted = [
        (q.question_text, [(label.label, label.count) for label in q.labels])
        for q in report.answers
    ]
    assert counted == [
        ("Is this your first meeting?", [("Yes", 2), ("No", 1)]),
        ("Which times suit you?", [("Evenings", 2), ("Mornings", 1)]),
        ("Which topic matters most?", [("Parks", 2), ("Traffic", 1)]),
    ]
    client.force_login(coordinator)
    page = BeautifulSoup(client.get("/officers/reports/").content, "html.parser")
    tables = [
        (
            t.caption.text,
            [[c.text for c in tr.find_all(["th", "td"])] for tr in t.tbody.find_all("tr")],
        )
        for t in page.select("#answers table")
    ]
    assert tables == [
        ("Is this your first meeting?", [["Yes", "2"], ["No", "1"]]),
        ("Which times suit you?", [["Evenings", "2"], ["Mornings", "1"]]),
        ("Which topic matters most?", [["Parks", "2"], ["Traffic", "1"]]),
    ]


def test_a_program_question_is_one_row_over_all_its_events():
    asked, before = _held()
    _rsvp(asked, 1, topic="Parks", now=before)
    start = timezone.now() - dt.timedelta(days=5)
    sibling = factories.event(
        program=asked.event.program, start=start, end=start + dt.timedelta(hours=1)
    )
    rsvp_create(
        event=sibling,
        email="s@example.org",
        name="Sibling",
        answers=[AnswerInput(question=asked.topic, choices=(asked.choices["Parks"],))],
        now=start - dt.timedelta(days=1),
    )
    counted = [
        (q.question_text, [(x.label, x.count) for x in q.labels])
        for q in answer_counts([asked.event.pk, sibling.pk])
    ]
    assert counted == [("Which topic matters most?", [("Parks", 2)])]


def test_report_counts_take_three_queries_however_many_answers():
    asked, before = _held()
    for i in range(12):
        _rsvp(asked, i, topic="Parks", times=["Mornings"], first="yes", now=before)
    with CaptureQueriesContext(connection) as ctx:
        counts = answer_counts([asked.event.pk])
    assert len(ctx.captured_queries) == 3
    assert [q.total for q in counts] == [12, 12, 12]
