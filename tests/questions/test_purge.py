"""Answers are personal data: the retention purge (and a resident's erasure, which shares
its definition) deletes them; the counts of choice answers outlive them."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from privacy.services import retention_purge
from questions.models import Answer, AnswerChoice, AnswerTally
from questions.queries import answer_counts
from questions.services import AnswerInput
from rsvp.services import rsvp_create
from tests.questions.helpers import asked_event

pytestmark = pytest.mark.django_db

SECRET = "Apartment 4B behind the laundromat, knock twice"
NOW = timezone.now()


def _everything_stored() -> str:
    """Every row of every table, as text: what a dump of the database would hold."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def _asked_long_ago(settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "RETENTION_DAYS": 90}
    start = NOW - dt.timedelta(days=100)
    asked = asked_event(start=start, end=start + dt.timedelta(hours=1))
    c = asked.choices
    for i, (topic, first) in enumerate([("Parks", "yes"), ("Parks", "no"), ("Traffic", "yes")]):
        rsvp_create(
            event=asked.event,
            email=f"r{i}@example.org",
            name=f"Resident {i}",
            answers=[
                AnswerInput(question=asked.street, value=f"{SECRET} {i}"),
                AnswerInput(question=asked.notes, value=f"{SECRET} notes {i}"),
                AnswerInput(question=asked.topic, choices=(c[topic],)),
                AnswerInput(question=asked.first, value=first),
            ],
            now=start - dt.timedelta(days=2),
        )
    return asked


def _counted(event_ids):
    return [
        (q.question_text, [(x.label, x.count) for x in q.labels]) for q in answer_counts(event_ids)
    ]


def test_the_retention_purge_deletes_every_answer_and_no_trace_of_their_words_is_left(settings):
    asked = _asked_long_ago(settings)
    assert SECRET in _everything_stored()

    result = retention_purge(now=NOW)

    assert result.event_ids == [asked.event.pk]
    assert (Answer.objects.count(), AnswerChoice.objects.count()) == (0, 0)
    assert SECRET not in _everything_stored()


def test_the_counts_of_choice_answers_outlive_the_purge(settings):
    asked = _asked_long_ago(settings)
    before = _counted([asked.event.pk])
    assert before == [
        ("Is this your first meeting?", [("Yes", 2), ("No", 1)]),
        ("Which topic matters most?", [("Parks", 2), ("Traffic", 1)]),
    ]
    retention_purge(now=NOW)
    assert _counted([asked.event.pk]) == before
    # Counts name no one: an event, a question, a label, a number.
    assert sorted(AnswerTally.objects.values_list("label", "count")) == [
        ("Parks", 2),
        ("Traffic", 1),
        ("no", 1),
        ("yes", 2),
    ]


def test_a_dry_run_leaves_the_answers(settings):
    asked = _asked_long_ago(settings)
    retention_purge(now=NOW, dry_run=True)
    assert Answer.objects.filter(rsvp__event=asked.event).count() == 12
    assert AnswerTally.objects.count() == 0


def test_an_event_still_within_retention_keeps_its_answers(settings):
    _asked_long_ago(settings)
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "RETENTION_DAYS": 365}
    retention_purge(now=NOW)
    assert Answer.objects.count() == 12
