"""Sending notices: claim, render, send, retry, reclaim; e-mail content, .ics, links."""

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from django.core import mail
from django.utils import timezone, translation
from django_q.tasks import async_task

from notifications.delivery import notice_deliver
from notifications.dispatch import dispatch, notices_retry, stale_reclaim
from notifications.models import Notification
from notifications.tasks import SCHEDULES, notice_send
from ops.schedules import schedules_ensure
from rsvp.models import Attendee, ManageLink, Rsvp, token_hash
from rsvp.services import rsvp_cancel, rsvp_create, rsvp_texts_turn_on
from scheduler.services import event_cancel, event_save
from scheduler.when import when_text
from tests import factories
from tests.notifications.catalog import translated
from tests.scheduler.feeds_support import LA

pytestmark = pytest.mark.django_db


def notice(kind, **filters):
    return Notification.objects.get(kind=kind, **filters)


def ics_of(message):
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method"), icalendar.Calendar.from_ical(
                part.get_payload(decode=True)
            )
    return None, None


def test_confirmation_email_has_text_html_ics_and_links(client):
    start = (timezone.now() + dt.timedelta(days=5)).replace(microsecond=0)
    event = factories.event(title="Coffee with a Cop", start=start, timezone="America/Los_Angeles")
    result = rsvp_create(event=event, email="ana@example.org", name="Ana", party_size=2)
    assert notice_send(notice("confirmed").pk) == "sent"

    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "You're confirmed: Coffee with a Cop"
    assert "Hello Ana, you're confirmed. We're holding 2 seats." in message.body
    assert [mimetype for _, mimetype in message.alternatives] == ["text/html"]
    method, cal = ics_of(message)
    assert method == "REQUEST"
    assert cal["METHOD"] == "REQUEST"
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["UID"]) == event.uid
    assert vevent["SEQUENCE"] == 0
    assert vevent.decoded("DTSTART") == event.start
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    row = notice("confirmed")
    assert message.extra_headers["Message-ID"] == row.message_id
    stop_url = f"http://testserver/notices/{row.link_token('unsubscribe')}/stop-reminders/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{stop_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    manage_url = f"http://testserver/rsvp/{row.link_token('manage')}/"
    assert manage_url in message.body
    # The e-mail's own manage link opens the RSVP; so does the one shown after the form.
    assert client.get(manage_url.removeprefix("http://testserver")).status_code == 200
    assert client.get(f"/rsvp/{result.manage_token}/").status_code == 200
    assert row.state == "sent" and row.attempts == 1


# django-q2 closes the connection after a sync task: these tests need real transactions.
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_replaying_a_send_for_a_sent_notice_sends_nothing():
    event = factories.event()
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    pk = notice("confirmed").pk
    assert notice_send(pk) == "sent"
    assert notice_send(pk) == "not mine"
    assert async_task("notifications.tasks.notice_send", pk, sync=True)
    assert len(mail.outbox) == 1
    assert notice("confirmed").attempts == 1


def test_cancellation_emails_carry_method_cancel():
    event = factories.event(capacity=5)
    mine = rsvp_create(event=event, email="ana@example.org", name="Ana")
    rsvp_cancel(rsvp=mine.rsvp)
    other = rsvp_create(event=event, email="bo@example.org", name="Bo")
    event_cancel(event=event, reason="Storm warning")
    assert notice_send(notice("cancelled").pk) == "sent"
    assert notice_send(notice("event_cancelled", rsvp=other.rsvp).pk) == "sent"
    # Bo's confirmation had not gone out yet: the cancellation replaces it.
    assert notice("confirmed", rsvp=other.rsvp).state == "skipped"
    assert notice_send(notice("confirmed", rsvp=other.rsvp).pk) == "not mine"
    assert [ics_of(m)[0] for m in mail.outbox] == ["CANCEL", "CANCEL"]
    [vevent] = ics_of(mail.outbox[1])[1].walk("VEVENT")
    assert (str(vevent["STATUS"]), vevent["SEQUENCE"]) == ("CANCELLED", 1)
    assert (
        "We're sorry: this event has been cancelled. Reason: Storm warning" in mail.outbox[1].body
    )


def test_promotion_email_carries_the_invitation_and_the_stale_waitlist_notice_is_skipped():
    event = factories.event(capacity=1)
    first = rsvp_create(event=event, email="a@example.org", name="A")
    second = rsvp_create(event=event, email="b@example.org", name="B")
    rsvp_cancel(rsvp=first.rsvp)
    assert notice_send(notice("waitlisted", rsvp=second.rsvp).pk) == "skipped"
    assert notice_send(notice("promoted").pk) == "sent"
    [message] = mail.outbox
    assert message.subject.startswith("A seat opened up")
    assert ics_of(message)[0] == "REQUEST"


def test_changed_email_says_old_and_new_time_with_updated_invitation():
    start = dt.datetime(2031, 3, 12, 18, 30, tzinfo=LA)  # Wednesday
    event = factories.event(start=start, timezone="America/Los_Angeles")
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    event.start = start + dt.timedelta(days=1)
    event.end = event.start + dt.timedelta(hours=1)
    event_save(event=event, changed_fields=["start", "end"])
    row = notice("event_changed")
    assert notice_send(row.pk) == "sent"
    [message] = mail.outbox
    assert "\nTime: Wed, Mar 12 · 6:30–7:30 PM  →  Thu, Mar 13 · 6:30–7:30 PM\n" in message.body
    [vevent] = ics_of(message)[1].walk("VEVENT")
    assert (str(vevent["UID"]), vevent["SEQUENCE"]) == (event.uid, 1)


def test_what_changed_is_written_in_the_residents_language_not_the_movers():
    start = dt.datetime(2031, 3, 12, 18, 30, tzinfo=LA)
    event = factories.event(start=start, timezone="America/Los_Angeles")
    rsvp_create(event=event, email="ana@example.org", name="Ana", language="en")
    rsvp_create(event=event, email="lan@example.org", name="Lan", language="vi")
    event.start = start + dt.timedelta(days=1)
    event.end = event.start + dt.timedelta(hours=1)
    with translation.override("es"):  # a coordinator working in Spanish moves it
        event_save(event=event, changed_fields=["start", "end"])
    for row in Notification.objects.filter(kind="event_changed"):
        assert notice_send(row.pk) == "sent"
    by_address = {m.to[0]: m for m in mail.outbox}
    english = by_address["ana@example.org"]
    assert "Wed, Mar 12 · 6:30–7:30 PM  →  Thu, Mar 13 · 6:30–7:30 PM" in english.body
    with translation.override("vi"):
        old = when_text(start, start + dt.timedelta(hours=1), "America/Los_Angeles")
        new = when_text(event.start, event.end, "America/Los_Angeles")
    vietnamese = by_address["lan@example.org"]
    assert f"{old}  →  {new}" in vietnamese.body
    assert f"<s>{old}</s> → <strong>{new}</strong>" in vietnamese.alternatives[0][0]
    assert "Mar 12" not in vietnamese.body


def test_a_change_planned_before_times_were_kept_as_moments_still_reads():
    event = factories.event()
    rsvp = rsvp_create(event=event, email="ana@example.org", name="Ana").rsvp
    row = Notification.objects.create(
        kind="event_changed",
        attendee=rsvp.attendee,
        rsvp=rsvp,
        event=event,
        payload={"when": ["Fri, Mar 12 · 6:30–7:30 PM", "Sun, Mar 14 · 6:30–7:30 PM"]},
        due_at=timezone.now(),
        dedupe_key="event_changed:old-payload",
    )
    assert notice_send(row.pk) == "sent"
    [message] = mail.outbox
    assert "\nTime: Fri, Mar 12 · 6:30–7:30 PM  →  Sun, Mar 14 · 6:30–7:30 PM\n" in message.body


def test_email_in_the_residents_language_through_the_catalog():
    """Needs the Spanish catalog."""
    event = factories.event(title="Caminata")
    rsvp_create(event=event, email="lupe@example.org", name="Lupe", language="es")
    notice_send(notice("confirmed").pk)
    [message] = mail.outbox
    assert message.subject == translated("es", "You're confirmed: %(title)s", title="Caminata")
    hello = translated("es", "Hello %(name)s, you're confirmed.", name="Lupe")
    assert message.body.startswith(hello)
    with translation.override("es"):
        when = when_text(event.start, event.end, event.timezone)
    assert f"\n{translated('es', 'When:')} {when}\n" in message.body
    assert '<html lang="es" dir="ltr">' in message.alternatives[0][0]


def test_a_language_the_site_no_longer_offers_gets_the_default():
    event = factories.event(title="Night Walk")
    rsvp = rsvp_create(event=event, email="ana@example.org", name="Ana").rsvp
    Rsvp.objects.filter(pk=rsvp.pk).update(language="fr")  # stored before French was dropped
    assert notice_send(notice("confirmed").pk) == "sent"
    [message] = mail.outbox
    assert message.subject == "You're confirmed: Night Walk"
    assert '<html lang="en" dir="ltr">' in message.alternatives[0][0]


def test_reminder_is_never_sent_after_the_event_started():
    event = factories.event(start=timezone.now() + dt.timedelta(days=2))
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    row = notice("reminder", offset_minutes=120)
    assert notice_deliver(row.pk, now=event.start + dt.timedelta(minutes=1)) == "skipped"
    assert mail.outbox == []
    row.refresh_from_db()
    assert (row.state, row.last_error) == ("skipped", "The event has started.")


def test_reminder_is_sent_at_its_moment_with_the_offset_in_words():
    event = factories.event(start=timezone.now() + dt.timedelta(days=2))
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    row = notice("reminder", offset_minutes=1440)
    assert notice_deliver(row.pk, now=row.due_at - dt.timedelta(seconds=1)) == "not mine"
    assert notice_deliver(row.pk, now=row.due_at) == "sent"
    assert mail.outbox[0].body.startswith("A reminder: you're coming tomorrow.")
    assert ics_of(mail.outbox[0]) == (None, None)


def test_sms_reminder_goes_through_the_file_backend(settings):
    event = factories.event(title="Neighborhood Watch", start=timezone.now() + dt.timedelta(days=2))
    made = rsvp_create(
        event=event, email="t@example.org", name="T", phone="+15035550100", sms_opt_in=True
    )
    rsvp_texts_turn_on(rsvp=made.rsvp)  # from the RSVP's page, by its e-mailed link
    row = notice("reminder", offset_minutes=120, channel="sms")
    assert notice_deliver(row.pk, now=row.due_at) == "sent"
    [path] = Path(settings.SMS_FILE_PATH).glob("*.sms")
    text = path.read_text()
    assert text.startswith(
        f"To: +15035550100\nMessage-ID: {row.message_id}\n\nReminder: Neighborhood Watch,"
    )
    assert f"/rsvp/{row.link_token('manage')}/" in text
    assert mail.outbox == []


def test_transport_errors_retry_with_backoff_then_fail(settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backends.DownEmailBackend"
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "NOTICE_MAX_ATTEMPTS": 3}
    event = factories.event()
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    row = notice("confirmed")
    now = timezone.now()
    seen = []
    for _ in range(3):
        assert notice_deliver(row.pk, now=now) in ("retry", "failed")
        row.refresh_from_db()
        seen.append((row.state, row.attempts, round((row.due_at - now).total_seconds() / 60)))
        now = row.due_at
    assert [s[:2] for s in seen] == [("pending", 1), ("pending", 2), ("failed", 3)]
    assert [s[2] for s in seen[:2]] == [1, 2]  # minutes of backoff, doubling
    assert row.last_error == "ConnectionRefusedError: mail server down"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notices_retry([row.pk]) == 1
    assert notice_send(row.pk) == "sent"
    assert len(mail.outbox) == 1


def test_a_retried_send_records_its_manage_link_once(settings, client):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backends.DownEmailBackend"
    event = factories.event()
    result = rsvp_create(event=event, email="ana@example.org", name="Ana")
    row = notice("confirmed")
    assert notice_deliver(row.pk) == "retry"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    row.refresh_from_db()
    assert notice_deliver(row.pk, now=row.due_at) == "sent"
    assert list(ManageLink.objects.values_list("rsvp_id", "token_hash")) == [
        (result.rsvp.pk, token_hash(row.link_token("manage")))
    ]
    assert client.get(f"/rsvp/{row.link_token('manage')}/").status_code == 200


def test_a_skipped_notice_records_no_manage_link():
    event = factories.event(capacity=1)
    first = rsvp_create(event=event, email="a@example.org", name="A")
    second = rsvp_create(event=event, email="b@example.org", name="B")
    rsvp_cancel(rsvp=first.rsvp)
    assert notice_send(notice("waitlisted", rsvp=second.rsvp).pk) == "skipped"
    assert ManageLink.objects.count() == 0


def test_a_send_lost_with_its_worker_is_reclaimed_after_the_lease(settings):
    lease = settings.PORCHLIGHT["NOTICE_LEASE_SECONDS"]
    assert lease == settings.EMAIL_TIMEOUT + 25  # tied to the send timeout, not minutes
    event = factories.event()
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    row = notice("confirmed")
    claimed_at = timezone.now() - dt.timedelta(seconds=lease + 1)
    # A worker on another machine: whether it lives cannot be seen, so the lease decides.
    Notification.objects.filter(pk=row.pk).update(
        state="sending", claimed_at=claimed_at, claimed_by="0123456789abcdef:4242", attempts=1
    )
    assert stale_reclaim(now=claimed_at + dt.timedelta(seconds=lease - 1)) == 0
    assert stale_reclaim() == 1
    row.refresh_from_db()
    assert (row.state, row.enqueued_at) == ("pending", None)
    assert notice_send(row.pk) == "sent"
    row.refresh_from_db()
    assert row.attempts == 2


@pytest.mark.django_db(databases="__all__")
def test_dispatch_queues_each_due_notice_once(django_capture_on_commit_callbacks, settings):
    from django_q.models import OrmQ

    event = factories.event(start=timezone.now() + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_create(event=event, email="ana@example.org", name="Ana")
    # The confirmation is queued right after the RSVP's commit.
    assert OrmQ.objects.using(settings.QUEUE_DATABASE).count() == 1
    # Two days later the day-before reminder is due, and the confirmation, queued but
    # never sent (no worker ran), is queued again once its enqueue lease ran out; the
    # "still coming?" question (48 hours before, the site's default) is planned by the
    # same run (followup's planner, notifications.dispatch.PLANNERS) and queued with them.
    later = timezone.now() + dt.timedelta(days=2, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch(now=later) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch(now=later) == 0
    # One task for the confirmation, then one batch for the three of the run.
    tasks = [(q.func(), q.args()) for q in OrmQ.objects.using(settings.QUEUE_DATABASE)]
    confirmed, reminder, still_coming = (
        notice("confirmed").pk,
        notice("reminder", offset_minutes=1440).pk,
        notice("still_coming").pk,
    )
    assert [func for func, _ in tasks] == ["notifications.tasks.notices_send"] * 2
    assert tasks[0][1] == ([confirmed],)
    assert sorted(tasks[1][1][0]) == sorted([confirmed, reminder, still_coming])
    assert sorted(
        Notification.objects.filter(enqueued_at=later).values_list("kind", flat=True)
    ) == ["confirmed", "reminder", "still_coming"]
    assert Notification.objects.get(kind="reminder", offset_minutes=1440).enqueued_at == later


@pytest.mark.django_db(databases="__all__")
def test_one_dispatch_run_queues_each_due_notice_once_however_slow_the_queue(
    django_capture_on_commit_callbacks, settings
):
    from django_q.models import OrmQ

    # Batches of two, and an enqueue lease shorter than queuing one batch takes.
    settings.PORCHLIGHT = {
        **settings.PORCHLIGHT,
        "NOTICE_DISPATCH_BATCH": 2,
        "NOTICE_ENQUEUE_LEASE_SECONDS": 0,
        "NOTICE_DISPATCH_BUDGET_SECONDS": 2,
    }
    event = factories.event(start=timezone.now() + dt.timedelta(days=3))
    for i in range(5):
        rsvp_create(event=event, email=f"r{i}@example.org", name="R")
    Notification.objects.filter(kind="confirmed").update(enqueued_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch() == 5
    # Each claim of two queues its own batch: five notices, three tasks.
    ids = list(
        Notification.objects.filter(kind="confirmed").order_by("pk").values_list("pk", flat=True)
    )
    assert [q.args() for q in OrmQ.objects.using(settings.QUEUE_DATABASE).order_by("id")] == [
        (ids[0:2],),
        (ids[2:4],),
        (ids[4:5],),
    ]


def test_stop_reminders_link_needs_a_post_and_is_one_click(client):
    event = factories.event()
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    row = notice("confirmed")
    notice_send(row.pk)
    url = f"/notices/{row.link_token('unsubscribe')}/stop-reminders/"
    assert client.get(url).status_code == 200
    assert Attendee.objects.get().reminders_enabled is True
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Attendee.objects.get().reminders_enabled is False
    assert list(Notification.objects.filter(kind="reminder").values_list("state", flat=True)) == [
        "skipped",
        "skipped",
    ]
    assert client.post("/notices/not-a-real-token/stop-reminders/").status_code == 404


def test_links_work_only_after_the_notice_was_sent(client):
    event = factories.event()
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    row = notice("confirmed")
    url = f"/rsvp/{row.link_token('manage')}/"
    assert client.get(url).status_code == 404
    notice_send(row.pk)
    assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_async_task_in_sync_mode_runs_the_send():
    event = factories.event()
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    async_task("notifications.tasks.notice_send", notice("confirmed").pk, sync=True)
    assert notice("confirmed").state == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(databases="__all__")
def test_dispatch_schedule_is_ensured_once():
    from django_q.models import Schedule

    [(name, _)] = SCHEDULES.items()
    assert Schedule.objects.filter(name=name).count() == 1  # ensured by migrate already
    schedules_ensure()
    schedules_ensure()
    [(name, (func, kind, minutes))] = SCHEDULES.items()
    assert list(
        Schedule.objects.filter(name=name).values_list("func", "schedule_type", "minutes")
    ) == [("notifications.tasks.notices_dispatch", "I", 1)]


@pytest.mark.django_db(databases="__all__")
def test_healthz_reports_the_queue(client):
    from notifications.health import heartbeat_record

    client.force_login(factories.user("coordinator"))  # the figures are for staff

    event = factories.event()
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    Notification.objects.filter(kind="confirmed").update(
        due_at=timezone.now() - dt.timedelta(minutes=20)
    )
    body = client.get("/healthz").json()
    queue = body["checks"]["queue"]
    assert (queue["status"], queue["due"], queue["last_heartbeat_age_seconds"]) == (
        "stale",
        1,
        None,
    )
    assert queue["oldest_due_age_seconds"] >= 1200
    Notification.objects.update(state="sent")
    heartbeat_record()
    queue = client.get("/healthz").json()["checks"]["queue"]
    assert (queue["status"], queue["due"], queue["oldest_due_age_seconds"]) == ("ok", 0, 0)
    assert queue["last_heartbeat_age_seconds"] in (0, 1)


def test_admin_lists_filters_and_retries_failed_notices(client):
    admin_user = factories.user(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    event = factories.event()
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    row = notice("confirmed")
    Notification.objects.filter(pk=row.pk).update(state="failed", attempts=5)
    response = client.get("/admin/notifications/notification/?state__exact=failed&q=ana")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [row]
    response = client.post(
        "/admin/notifications/notification/",
        {"action": "retry", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("pending", 0)
