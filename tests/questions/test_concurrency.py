"""Rule 1 with a required registration question on the event: the 64-way race of
tests/rsvp/test_concurrency.py (its helper, each party answering) never overbooks, and
every RSVP has its answer."""

import random

import pytest

from questions.models import Answer, Kind, Question
from questions.services import AnswerInput
from rsvp.models import Rsvp
from tests import factories
from tests.rsvp.test_concurrency import CAPACITY, PARTIES, _expected_statuses, _race


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_rsvps_with_a_required_question_never_overbook():
    rng = random.Random(20261203)
    for _ in range(3):
        event = factories.event(capacity=CAPACITY, max_party_size=6)
        street = Question.objects.create(
            event=event, text="Your street", kind=Kind.SHORT_TEXT, required=True
        )
        sizes = [rng.randint(1, 6) for _ in range(PARTIES)]
        answers = [AnswerInput(question=street, value="Maple")]
        assert _race(event, sizes, answers=answers) == []

        rows = list(
            Rsvp.objects.filter(event=event)
            .order_by("created_at", "id")
            .values_list("party_size", "status")
        )
        assert len(rows) == PARTIES
        assert sum(size for size, status in rows if status == "confirmed") <= CAPACITY
        assert [status for _, status in rows] == _expected_statuses([size for size, _ in rows])
        assert Answer.objects.filter(rsvp__event=event, value="Maple").count() == PARTIES


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_rsvps_missing_the_required_answer_write_nothing():
    event = factories.event(capacity=CAPACITY, max_party_size=6)
    Question.objects.create(event=event, text="Your street", kind=Kind.SHORT_TEXT, required=True)
    errors = _race(event, [1] * PARTIES)
    assert [type(e).__name__ for e in errors] == ["AnswerMissing"] * PARTIES
    assert (Rsvp.objects.filter(event=event).count(), Answer.objects.count()) == (0, 0)
