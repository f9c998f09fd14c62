""" "Still coming?": planned by the dispatcher's sweep at its moment, one-tap links whose GET
changes nothing, a "can't" that cancels through rsvp_cancel and promotes the waitlist."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from config.logging import redact
from followup.errors import FollowupError
from followup.models import ProgramFollowup, StillComing, StillComingLink
from followup.services import (
    question_by_token,
    question_moment,
    still_coming_answer,
    still_coming_sweep,
)
from notifications.dispatch import dispatch
from notifications.models import Notification
from privacy.services.erasure import rsvps_erase
from rsvp.models import Rsvp
from rsvp.services import rsvp_cancel, rsvp_create
from scheduler.services import event_cancel, event_reinstate, event_save
from scheduler.tokens import token_hash
from tests import factories
from tests.followup.helpers import answer_of, ask, deliver, question_notices, question_token

pytestmark = pytest.mark.django_db


def _event(days: float = 5, **kw):
    return factories.event(start=timezone.now() + dt.timedelta(days=days), **kw)


def _rsvp(event, name="Ana", **kw):
    return rsvp_create(event=event, email=f"{name.lower()}@example.org", name=name, **kw).rsvp


def test_a_confirmed_rsvp_is_asked_48_hours_before_by_email_and_by_text_when_opted_in():
    event = _event()
    plain = _rsvp(event, "Ana")
    texting = _rsvp(event, "Bo", phone="+15035550101", sms_opt_in=True)
    due = event.start - dt.timedelta(hours=48)
    # Nothing at RSVP time, nor a minute before the moment; everything at it, once.
    assert Notification.objects.filter(kind="still_coming").count() == 0
    assert ask(event, after=-dt.timedelta(minutes=1)) == 0
    assert ask(event) == 3
    assert ask(event, after=dt.timedelta(minutes=1)) == 0
    assert [(n.channel, n.due_at, n.state) for n in question_notices(plain)] == [
        ("email", due, "pending")
    ]
    assert [(n.channel, n.due_at) for n in question_notices(texting)] == [
        ("email", due),
        ("sms", due),
    ]
    # Only hashes of the links are stored, one per notice.
    notice = question_notices(texting)[1]
    assert (
        StillComingLink.objects.filter(
            token_hash=token_hash(notice.link_token("still-coming"))
        ).count()
        == 1
    )
    assert StillComingLink.objects.count() == 3
    assert answer_of(plain) == ""


def test_program_lead_time_and_off_and_too_late():
    own = factories.program()
    ProgramFollowup.objects.create(program=own, still_coming_minutes=24 * 60)
    off = factories.program()
    ProgramFollowup.objects.create(program=off, still_coming_minutes=0)
    day_before = _event(program=own)
    ana = _rsvp(day_before, "Ana")
    ask(day_before)
    assert [n.due_at for n in question_notices(ana)] == [day_before.start - dt.timedelta(hours=24)]
    never = _event(program=off)
    bo = _rsvp(never, "Bo")
    assert still_coming_sweep(now=never.start - dt.timedelta(minutes=1)) == 0
    assert question_notices(bo) == []
    # An RSVP made after the moment (a day before a 48-hour question) is not asked.
    late = _rsvp(_event(days=1), "Cy")
    assert still_coming_sweep() == 0
    assert question_notices(late) == []
    assert not StillComing.objects.filter(rsvp=late).exists()


def test_the_email_carries_both_links_and_the_text_one_short_link(tmp_path, settings):
    event = _event(title="Coffee with a Cop")
    rsvp = _rsvp(event, "Bo", phone="+15035550101", sms_opt_in=True)
    Rsvp.objects.filter(pk=rsvp.pk).update(texts_confirmed_at=timezone.now())
    ask(event)
    email_notice, sms_notice = question_notices(rsvp)
    mail.outbox.clear()
    assert deliver(email_notice) == "sent"
    [message] = mail.outbox
    token = email_notice.link_token("still-coming")
    assert message.subject == "Still coming? Coffee with a Cop"
    assert f"{settings.SITE_URL}/still-coming/{token}/yes/" in message.body
    assert f"{settings.SITE_URL}/still-coming/{token}/no/" in message.body
    html = message.alternatives[0][0]
    assert f'href="{settings.SITE_URL}/still-coming/{token}/no/"' in html
    assert deliver(sms_notice) == "sent"
    [sms] = list((tmp_path / "sms").iterdir())
    text = sms.read_text()
    sms_token = sms_notice.link_token("still-coming")
    assert f"{settings.SITE_URL}/still-coming/{sms_token}/\n" in text
    assert len(text.split("\n\n", 1)[1].strip()) <= 320


def test_get_changes_nothing_post_answers_yes(client):
    event = _event()
    rsvp = _rsvp(event)
    ask(event)
    token = question_token(rsvp)
    for path in (f"/still-coming/{token}/", f"/still-coming/{token}/yes/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert b'method="post"' in response.content
    assert answer_of(rsvp) == ""
    response = client.post(f"/still-coming/{token}/yes/", {"answer": "yes"})
    assert response.status_code == 200
    assert "You told us you'll be there." in response.content.decode()
    assert answer_of(rsvp) == "coming"
    rsvp.refresh_from_db()
    assert rsvp.status == "confirmed"


def test_cant_cancels_and_promotes_the_waitlist_at_once(client):
    event = _event(capacity=2)
    ana = _rsvp(event, "Ana", party_size=2)
    bo = _rsvp(event, "Bo", party_size=2)
    assert bo.status == "waitlisted"
    ask(event)
    token = question_token(ana)
    assert client.get(f"/still-coming/{token}/no/").status_code == 200
    ana.refresh_from_db()
    assert ana.status == "confirmed"
    response = client.post(f"/still-coming/{token}/no/", {"answer": "no"})
    assert response.status_code == 200
    ana.refresh_from_db()
    bo.refresh_from_db()
    assert (ana.status, bo.status, answer_of(ana)) == ("cancelled", "confirmed", "cant")
    # The cancellation's notices, and the promoted resident's, as a cancel makes them.
    assert sorted(
        Notification.objects.filter(kind__in=["cancelled", "promoted"]).values_list(
            "kind", "rsvp_id"
        )
    ) == sorted([("cancelled", ana.pk), ("promoted", bo.pk)])
    # Ana's unsent question goes nowhere; Bo, promoted before the moment, is asked too.
    assert [n.state for n in question_notices(ana)] == ["skipped"]
    assert question_notices(bo) == []
    assert ask(event) == 1
    assert [n.state for n in question_notices(bo)] == ["pending"]


def test_used_forged_and_bad_answers_are_refused_cleanly(client):
    event = _event()
    rsvp = _rsvp(event)
    ask(event)
    token = question_token(rsvp)
    assert client.post(f"/still-coming/{token}/", {"answer": "yes"}).status_code == 200
    again = client.post(f"/still-coming/{token}/", {"answer": "no"})
    assert again.status_code == 409
    assert "This question was already answered." in again.content.decode()
    rsvp.refresh_from_db()
    assert (rsvp.status, answer_of(rsvp)) == ("confirmed", "coming")
    forged = "Zq3_xY-9aBcDeFgHiJkLmNoPqRsTuVwX"
    assert client.get(f"/still-coming/{forged}/").status_code == 404
    assert client.post(f"/still-coming/{forged}/", {"answer": "no"}).status_code == 404
    assert client.get(f"/still-coming/{'x' * 500}/yes/").status_code == 404
    assert client.get(f"/still-coming/{token}/maybe/").status_code == 404
    other = _rsvp(event, "Bo")
    ask(event)
    bad = client.post(f"/still-coming/{question_token(other)}/", {"answer": "maybe"})
    assert bad.status_code == 400
    assert answer_of(other) == ""


def test_an_answer_after_a_cancel_or_the_start_is_refused():
    event = _event()
    rsvp = _rsvp(event)
    ask(event)
    token = question_token(rsvp)
    rsvp_cancel(rsvp=rsvp)
    with pytest.raises(FollowupError) as refused:
        still_coming_answer(token=token, answer="coming")
    assert refused.value.code == "rsvp_not_confirmed"
    other = _rsvp(event, "Bo")
    ask(event)
    with pytest.raises(FollowupError) as started:
        still_coming_answer(
            token=question_token(other), answer="cant", now=event.start + dt.timedelta(minutes=1)
        )
    assert started.value.code == "event_started"
    other.refresh_from_db()
    assert (other.status, answer_of(other)) == ("confirmed", "")


def test_a_moved_event_replans_the_question():
    event = _event()
    rsvp = _rsvp(event)
    ask(event)
    [old] = question_notices(rsvp)
    event.start += dt.timedelta(days=1)
    event.end += dt.timedelta(days=1)
    event_save(event=event, changed_fields=["start", "end"])
    event.refresh_from_db()
    assert [n.state for n in question_notices(rsvp)] == ["skipped"]
    # Not at the old moment any more; at the new one, once more.
    assert still_coming_sweep(now=old.due_at) == 0
    assert ask(event) == 1
    notices = question_notices(rsvp)
    assert [(n.pk == old.pk, n.state) for n in notices] == [(True, "skipped"), (False, "pending")]
    assert notices[1].due_at == event.start - dt.timedelta(hours=48)


def test_the_still_coming_route_is_redacted_in_logs():
    assert redact("GET /still-coming/abcDEF123/no/ HTTP/1.1") == (
        "GET /still-coming/[token]/no/ HTTP/1.1"
    )


def test_the_retention_purge_kills_the_links_and_keeps_the_answer():
    event = _event()
    rsvp = _rsvp(event)
    ask(event)
    token = question_token(rsvp)
    still_coming_answer(token=token, answer="coming")
    with transaction.atomic():
        rsvps_erase([rsvp.pk])
    assert StillComingLink.objects.count() == 0
    assert StillComing.objects.get(rsvp=rsvp).answer == "coming"
    assert question_by_token(token) is None


def test_a_reinstated_event_asks_again_and_a_cancelled_one_not_at_all():
    event = _event()
    rsvp = _rsvp(event)
    ask(event)
    [first] = question_notices(rsvp)
    event_cancel(event=event)
    assert ask(event) == 0
    event.refresh_from_db()
    event_reinstate(event=event)
    event.refresh_from_db()
    assert ask(event) == 1
    again = [n for n in question_notices(rsvp) if n.pk != first.pk]
    assert [(n.state, n.event_sequence) for n in again] == [("pending", event.sequence)]


def test_the_sweep_asks_everyone_due_in_a_flat_number_of_statements(django_assert_num_queries):
    def city(n: int):
        event = _event()
        for i in range(n):
            _rsvp(event, f"R{n}x{i}", phone="+15035550101", sms_opt_in=i % 2 == 0)
        return event

    few, many = city(2), city(20)
    early, late = question_moment(few), question_moment(many)
    assert early < late
    # The lead-time settings and the RSVPs to ask (two reads); then, in one transaction,
    # the questions written and read back, the notices written and read back, the links
    # (7, and the savepoint pair of the test's own transaction).
    with django_assert_num_queries(9) as small:
        assert still_coming_sweep(now=early) == 3
    with django_assert_num_queries(9) as large:
        assert still_coming_sweep(now=late) == 30
    assert len(small.captured_queries) == len(large.captured_queries)
    # Nothing left to ask: the two reads.
    with django_assert_num_queries(2):
        assert still_coming_sweep(now=late) == 0


def test_the_dispatcher_plans_and_queues_the_question_in_the_same_run(
    django_capture_on_commit_callbacks,
):
    event = _event()
    rsvp = _rsvp(event)
    moment = question_moment(event)
    with django_capture_on_commit_callbacks():
        queued = dispatch(now=moment)
    [notice] = question_notices(rsvp)
    assert (notice.due_at, notice.enqueued_at) == (moment, moment)
    assert notice.pk in set(
        Notification.objects.filter(enqueued_at=moment).values_list("pk", flat=True)
    )
    assert queued >= 1
