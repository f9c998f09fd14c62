"""The event list's "Import events" pages: coordinators only, the dry run shown, the run
started as a django-q2 task, its progress page reloading until it is done."""

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_q.tasks import async_task

from scheduler.imports.runs import RUN_TASK, import_run_check
from scheduler.models import Event, ImportRun
from scheduler.tasks import event_import_run
from tests import factories
from tests.scheduler.admin_support import coordinator
from tests.scheduler.imports_support import (
    calendar,
    check,
    next_tuesday,
    places,
    run_now,
    stamp,
    vevent,
)

IMPORT = "/admin/scheduler/event/import/"


def _entries(count: int, *, hour: int = 8) -> bytes:
    day = next_tuesday()
    return calendar(
        *(
            vevent(
                f"coffee-{i}@city.example",
                f"SUMMARY:Coffee with a Cop {i}",
                f"DTSTART;TZID=America/Los_Angeles:{stamp(day + dt.timedelta(days=i), hour)}",
                f"DTEND;TZID=America/Los_Angeles:{stamp(day + dt.timedelta(days=i), hour + 1)}",
            )
            for i in range(count)
        )
    )


def _officer():
    user = factories.user("officer", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_event"))
    return user


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
def test_only_coordinators_may_import(client):
    factories.event()
    client.force_login(_officer())
    assert client.get("/admin/scheduler/event/").status_code == 200
    assert "Import events" not in client.get("/admin/scheduler/event/").content.decode()
    assert client.get(IMPORT).status_code == 403
    assert client.get(IMPORT + "example.csv").status_code == 403
    run = check(_entries(1), **places())
    assert client.get(f"{IMPORT}{run.pk}/").status_code == 403
    assert client.post(f"{IMPORT}{run.pk}/start/").status_code == 403
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED

    client.force_login(coordinator())
    changelist = client.get("/admin/scheduler/event/").content.decode()
    assert f'<a href="{IMPORT}" class="viewlink">Import events</a>' in changelist
    assert client.get(IMPORT).status_code == 200
    example = client.get(IMPORT + "example.csv")
    assert example["Content-Type"] == "text/csv; charset=utf-8"
    assert example.content.decode().splitlines()[0] == (
        "uid,title,start,end,timezone,venue,program,host,capacity,description"
    )


@pytest.mark.django_db
def test_an_upload_shows_its_dry_run_and_starts_only_on_request(client):
    user = coordinator()
    client.force_login(user)
    defaults = places()
    upload = SimpleUploadedFile("city.ics", _entries(2), content_type="text/calendar")
    response = client.post(
        IMPORT,
        {
            "upload": upload,
            "program": defaults["program"].pk,
            "venue": defaults["venue"].pk,
            "host": defaults["host"].pk,
            "timezone": "America/Los_Angeles",
        },
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{IMPORT}{run.pk}/"
    assert (run.source, run.created_by, run.status) == ("city.ics", user, "checked")

    page = _text(client.get(f"{IMPORT}{run.pk}/"))
    assert "Dry run: nothing has been saved yet. This is what the import will do." in page
    assert "<li>2 would be created</li>" in page
    assert page.count("Would be created") == 2
    assert 'http-equiv="refresh"' not in page
    assert Event.objects.count() == 0

    response = client.post(f"{IMPORT}{run.pk}/start/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.QUEUED
    page = _text(client.get(f"{IMPORT}{run.pk}/"))
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "The import is running." in page

    assert event_import_run(run.pk) == "done"
    assert event_import_run(run.pk) == "not mine"  # a second delivery does nothing
    page = _text(client.get(f"{IMPORT}{run.pk}/"))
    assert "Done: the events are imported." in page
    assert "<li>2 created</li>" in page
    assert 'http-equiv="refresh"' not in page
    assert Event.objects.count() == 2


@pytest.mark.django_db
def test_form_errors_say_what_to_give(client):
    client.force_login(coordinator())
    response = client.post(IMPORT, {"url": "", "timezone": "America/Los_Angeles"})
    assert response.status_code == 400
    assert "Give the address of a file or upload one (one of the two, not both)." in _text(response)
    response = client.post(
        IMPORT, {"url": "http://127.0.0.1:9/x.ics", "timezone": "America/Los_Angeles"}
    )
    assert response.status_code == 400
    assert (
        "“127.0.0.1” is an address on this server or a private network, which imports may not "
        "reach." in _text(response)
    )
    assert ImportRun.objects.count() == 0


@pytest.mark.django_db
def test_an_import_with_errors_cannot_be_started(client):
    client.force_login(coordinator())
    run = check(b"title,start,end\nCoffee,tomorrow,09:00\n", name="e.csv", **places())
    page = _text(client.get(f"{IMPORT}{run.pk}/"))
    assert "This file has errors, so nothing can be imported until they are fixed" in page
    assert "Import these events" not in page
    assert "Line 2" in page
    client.post(f"{IMPORT}{run.pk}/start/")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED


@pytest.mark.django_db
def test_the_dry_run_says_how_many_rsvps_will_be_told(client):
    client.force_login(coordinator())
    defaults = places()
    run_now(check(_entries(1), **defaults))
    event = Event.objects.get()
    for _ in range(3):
        factories.rsvp(event)

    moved = check(_entries(1, hour=9), **defaults)

    page = _text(client.get(f"{IMPORT}{moved.pk}/"))
    assert "<li>3 RSVPs will be told of the changes</li>" in page
    assert "<li>3 RSVPs will be told of the change.</li>" in page


@pytest.mark.django_db
def test_the_pages_query_counts_stay_flat(client, get_queries):
    client.force_login(coordinator())
    defaults = places()
    few = check(_entries(2), **defaults)
    many = check(_entries(30), **defaults)
    assert get_queries(client, f"{IMPORT}{few.pk}/") == get_queries(client, f"{IMPORT}{many.pk}/")
    one_run = get_queries(client, IMPORT)
    for _ in range(5):
        check(_entries(1), **defaults)
    assert get_queries(client, IMPORT) == one_run


@pytest.mark.django_db
def test_the_import_reads_in_the_coordinators_language(client):
    client.force_login(coordinator())
    client.cookies["django_language"] = "es"
    upload = SimpleUploadedFile("e.csv", b"title,start,end\n,2030-01-08 08:00,09:00\n")
    client.post(IMPORT, {"upload": upload, "timezone": "America/Los_Angeles"})
    assert ImportRun.objects.get().language == "es"


@pytest.mark.django_db
def test_the_reasons_are_in_the_coordinators_language():
    with translation.override("es"):
        expected = gettext("The title is missing.")
    assert expected != "The title is missing."
    run = import_run_check(
        user=None,
        language="es",
        upload=("e.csv", b"title,start,end\n,2030-01-08 08:00,09:00\n"),
        **places(),
    )
    assert run.planned["rows"][0]["reasons"] == [expected]


# django-q2 closes the connection after a sync task: this test needs real transactions.
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_the_task_runs_through_django_q2():
    run = check(_entries(3), **places())
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED)
    async_task(RUN_TASK, run.pk, sync=True)
    run.refresh_from_db()
    assert (run.status, run.created_count, Event.objects.count()) == ("done", 3, 3)
    assert run.started_at <= run.finished_at


@pytest.mark.django_db
def test_a_run_whose_worker_was_lost_is_shown_as_stopped(client):
    client.force_login(coordinator())
    run = check(_entries(1), **places())
    long_ago = timezone.now() - dt.timedelta(minutes=11)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, queued_at=long_ago)

    page = _text(client.get(f"{IMPORT}{run.pk}/"))

    assert "The import stopped before it was done (its worker was lost)" in page
    assert 'http-equiv="refresh"' not in page
    assert "Stopped: nothing was imported" in _text(client.get(IMPORT))


@pytest.mark.django_db
def test_the_audit_trail_names_the_coordinator_who_imported():
    user = coordinator()
    run_now(check(_entries(1), user=user, **places()))
    event = Event.objects.get()
    [entry] = LogEntry.objects.get_for_object(event)
    assert (entry.action, entry.actor) == (LogEntry.Action.CREATE, user)
