"""One survey link, sent from several connections at once: one set of answers is kept."""

import threading

import pytest
from django.db import connection

from feedback.errors import SurveyError
from feedback.models import SurveyInvite, SurveyResponse
from feedback.services import survey_submit, thank_yous_plan
from tests import factories
from tests.feedback.helpers import came, held, survey_for, survey_tokens

PARALLEL = 6


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_a_link_sent_from_many_connections_at_once_keeps_one_answer():
    program = factories.program()
    comfort, _useful, _text = survey_for(program)
    event = held(program=program)
    came(event)
    thank_yous_plan()
    [token] = survey_tokens(event)
    barrier = threading.Barrier(PARALLEL)
    outcomes: list[str] = []

    def send(rating: int) -> None:
        try:
            barrier.wait(timeout=10)
            survey_submit(token=token, answers={comfort.pk: rating})
            outcomes.append("kept")
        except SurveyError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=send, args=(1 + i % 5,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["kept"] + ["link_gone"] * (PARALLEL - 1)
    assert SurveyResponse.objects.count() == 1
    assert SurveyInvite.objects.count() == 0
