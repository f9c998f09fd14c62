"""Events', series', programs' and venues' texts in each language, with the default one as
fallback: on the pages, in the search, in calendar feeds and in the admin."""

import dataclasses
import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from scheduler.feeds.builder import CalendarInfo, calendar_build, event_vevent
from scheduler.feeds.cache import Resolved, cache_key
from scheduler.feeds.queries import feed_window
from scheduler.models import Event, EventLanguage, EventSeries
from scheduler.services import event_create, event_save, series_materialize
from tests import factories
from tests.scheduler.admin_support import coordinator, form_values
from tests.scheduler.feeds_support import parse

pytestmark = pytest.mark.django_db


def _spanish_event(**kw) -> Event:
    program = factories.program(name="Coffee with a Cop", name_es="Café con un policía")
    venue = factories.venue(
        accessibility_notes="Step-free entrance.", accessibility_notes_es="Entrada sin escalones."
    )
    return factories.event(
        title="Coffee with a Cop",
        title_es="Café con un policía",
        description="Bring your questions.",
        description_es="Traiga sus preguntas.",
        program=program,
        venue=venue,
        **kw,
    )


def _in(language: str) -> Client:
    return Client(headers={"accept-language": language})


def test_texts_are_the_active_languages_and_fall_back_to_english_where_empty():
    event = _spanish_event()
    event = Event.objects.select_related("program", "venue").get(pk=event.pk)

    def texts():
        return (
            event.title,
            event.description,
            event.program.name,
            event.venue.accessibility_notes,
        )

    with translation.override("es"):
        assert texts() == (
            "Café con un policía",
            "Traiga sus preguntas.",
            "Café con un policía",
            "Entrada sin escalones.",
        )
    with translation.override("vi"):  # nothing in Vietnamese: English
        assert texts() == (
            "Coffee with a Cop",
            "Bring your questions.",
            "Coffee with a Cop",
            "Step-free entrance.",
        )
    # A translation left empty in a form is "", not NULL: it falls back all the same.
    Event.objects.filter(pk=event.pk).update(title_vi="")
    event.refresh_from_db()
    with translation.override("vi"):
        assert event.title == "Coffee with a Cop"


def test_event_page_and_list_show_the_residents_language_or_english():
    event = _spanish_event()
    spanish = _in("es").get(f"/events/{event.pk}/").content.decode()
    assert "<h1>Café con un policía</h1>" in spanish
    assert "Traiga sus preguntas." in spanish
    assert "Entrada sin escalones." in spanish
    assert "Bring your questions." not in spanish
    vietnamese = _in("vi").get(f"/events/{event.pk}/").content.decode()
    assert "<h1>Coffee with a Cop</h1>" in vietnamese
    assert "Bring your questions." in vietnamese
    listed = _in("es").get("/")
    assert [e.title for e in listed.context["events"]] == ["Café con un policía"]
    assert '<span class="program">Café con un policía</span>' in listed.content.decode()


def test_search_finds_an_event_by_its_text_in_any_language():
    event = _spanish_event()
    factories.event(title="Bike rodeo")
    for client in (_in("en"), _in("es"), _in("vi")):
        for words in ("policía", "coffee", "preguntas"):
            found = [e.pk for e in client.get("/", {"q": words}).context["events"]]
            assert (words, found) == (words, [event.pk])


def test_the_calendar_entry_is_in_the_active_language():
    event = _spanish_event()
    event = Event.objects.select_related("program", "venue", "host").get(pk=event.pk)
    with translation.override("es"):
        spanish = event_vevent(event, site_url="http://testserver")
    with translation.override("vi"):
        english = event_vevent(event, site_url="http://testserver")
    assert str(spanish["SUMMARY"]) == "Café con un policía"
    assert "Traiga sus preguntas." in str(spanish["DESCRIPTION"])
    assert [str(c) for c in spanish["CATEGORIES"].cats] == ["Café con un policía"]
    assert str(english["SUMMARY"]) == "Coffee with a Cop"


def test_feed_fragments_kept_between_builds_are_kept_per_language():
    # A process keeps each event's bytes for the next build: an English build's must not
    # come back in a Spanish one.
    event = _spanish_event()
    events = list(Event.objects.select_related("program", "venue", "host", "series"))
    info = CalendarInfo(name="Events", description="", site_url="http://testserver")
    fragments: dict = {}
    summaries = []
    for language in ("en", "es", "en"):
        with translation.override(language):
            body = calendar_build(events, info=info, fragments=fragments)
        summaries += [str(v["SUMMARY"]) for v in parse(body).walk("VEVENT")]
    assert summaries == ["Coffee with a Cop", "Café con un policía", "Coffee with a Cop"]
    assert len(fragments) == 2
    assert event.pk


def test_a_feed_served_in_two_languages_keeps_a_body_for_each():
    # The feed's language (its ?lang=, scheduler/feeds/languages.py) keys its stored body.
    feed = Resolved(
        ident="events?",
        fingerprint=(1, 1, None, None),
        stamp=None,
        info=CalendarInfo(name="Events", description="", site_url="http://testserver"),
        load=lambda: ([], frozenset()),
    )
    window = feed_window()
    keys = {}
    for language in ("en", "es", "vi", "en"):
        keys[language] = cache_key(dataclasses.replace(feed, language=language), window)
    assert len(set(keys.values())) == 3


def test_the_confirmation_email_is_in_the_rsvps_language():
    from django.core import mail

    from notifications.delivery import notice_deliver
    from notifications.models import Notification

    event = _spanish_event()
    for language in ("es", "vi"):
        rsvp = factories.rsvp(event, name="Ana", language=language)
        row = Notification.objects.create(
            kind="confirmed",
            attendee=rsvp.attendee,
            rsvp=rsvp,
            event=event,
            due_at=timezone.now(),
            dedupe_key=f"test:{language}",
        )
        assert notice_deliver(row.pk) == "sent"
    spanish, vietnamese = mail.outbox
    assert spanish.subject.endswith(": Café con un policía")
    assert "Café con un policía" in spanish.body
    assert "Coffee with a Cop" not in spanish.body
    assert vietnamese.subject.endswith(": Coffee with a Cop")
    [calendar] = [p for p in spanish.message().walk() if p.get_content_type() == "text/calendar"]
    [vevent] = parse(calendar.get_payload(decode=True)).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Café con un policía"


def test_a_series_gives_its_occurrences_its_texts_in_every_language():
    series = factories.series(
        title="Watch meeting",
        title_es="Reunión de vigilancia",
        start_date=timezone.localdate() + dt.timedelta(days=1),
    )
    series_materialize(series=series, until=timezone.localdate() + dt.timedelta(days=20))
    assert set(series.occurrences.values_list("title_en", "title_es")) == {
        ("Watch meeting", "Reunión de vigilancia")
    }
    first = series.occurrences.order_by("start").first()
    sequence = first.sequence
    EventSeries.objects.filter(pk=series.pk).update(title_es="Reunión vecinal", title_vi="Họp")
    series.refresh_from_db()
    series_materialize(series=series, until=timezone.localdate() + dt.timedelta(days=20))
    assert set(series.occurrences.values_list("title_es", "title_vi")) == {
        ("Reunión vecinal", "Họp")
    }
    first.refresh_from_db()
    assert first.sequence == sequence + 1  # a calendar in Spanish must pick up the new title
    # Materializing again changes nothing (a NULL and a "" are the same missing text).
    Event.objects.filter(pk=first.pk).update(description_ru="")
    assert series_materialize(series=series).updated == 0


def test_event_services_write_the_default_language_whatever_is_active():
    program, venue, host = factories.program(), factories.venue(), factories.organization()
    start = timezone.now() + dt.timedelta(days=3)
    with translation.override("es"):
        event = event_create(
            title="Night walk",
            description="Meet at the gate.",
            translations={"title_es": "Paseo nocturno"},
            program=program,
            venue=venue,
            host=host,
            start=start,
            end=start + dt.timedelta(hours=1),
        )
    row = Event.objects.get(pk=event.pk)
    assert (row.title_en, row.description_en, row.title_es, row.title_vi) == (
        "Night walk",
        "Meet at the gate.",
        "Paseo nocturno",
        None,
    )
    with pytest.raises(ValueError):
        event_create(
            title="x",
            translations={"name_es": "y"},
            program=program,
            venue=venue,
            host=host,
            start=start,
            end=start + dt.timedelta(hours=1),
        )
    # A translation is a change calendars pick up (SEQUENCE), like the English title.
    row.title_vi = "Đi bộ ban đêm"
    saved = event_save(event=row, changed_fields=["title_vi"])
    assert (saved.title_vi, saved.sequence) == ("Đi bộ ban đêm", 1)


def test_coordinators_enter_translations_in_the_admins_language_tabs(client):
    client.force_login(coordinator())
    event = factories.event(title="Watch meeting")
    url = f"/admin/scheduler/event/{event.pk}/change/"
    page = client.get(url).content.decode()
    # A field per language, grouped by modeltranslation's tabs script and our tabs.
    for name in ("title_en", "title_es", "title_zh_hans", "title_hmn", "description_vi"):
        assert f'name="{name}"' in page
    assert 'name="title"' not in page
    assert "/static/js/admin_translation_tabs.js" in page
    assert "/static/modeltranslation/js/tabbed_translation_fields.js" in page
    assert "googleapis" not in page
    values = form_values(page)
    values.update(
        title_es=["Reunión de vigilancia"],
        **{
            "languages-TOTAL_FORMS": ["2"],
            "languages-0-language": ["en"],
            "languages-1-language": ["vi"],
            "languages-1-interpreted": ["on"],
        },
    )
    response = client.post(url, values)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.title_en, event.title_es) == ("Watch meeting", "Reunión de vigilancia")
    assert list(event.languages.values_list("language", "interpreted")) == [
        ("en", False),
        ("vi", True),
    ]
    # The same language twice is refused by the form, not by the database.
    values = form_values(client.get(url).content.decode())
    values.update(
        {"languages-TOTAL_FORMS": ["3"], "languages-2-language": ["vi"], "languages-2-id": [""]}
    )
    response = client.post(url, values)
    assert response.status_code == 200
    assert EventLanguage.objects.filter(event=event).count() == 2


def test_coordinators_find_events_by_any_languages_title_in_the_admin(client):
    client.force_login(coordinator())
    event = factories.event(title="Watch meeting", title_es="Reunión de vigilancia")
    factories.event(title="Bike rodeo")
    listed = client.get("/admin/scheduler/event/", {"q": "reunión"})
    assert [e.pk for e in listed.context["cl"].result_list] == [event.pk]


def test_programs_series_and_venues_have_their_texts_by_language_in_the_admin(client):
    client.force_login(coordinator())
    program, venue = factories.program(), factories.venue()
    series = factories.series(program=program, venue=venue)
    pages = {
        "program": (f"/admin/scheduler/program/{program.pk}/change/", ["name", "description"]),
        "venue": (f"/admin/scheduler/venue/{venue.pk}/change/", ["accessibility_notes"]),
        "series": (f"/admin/scheduler/eventseries/{series.pk}/change/", ["title", "description"]),
    }
    for url, fields in pages.values():
        page = client.get(url).content.decode()
        for field in fields:
            assert f'name="{field}"' not in page, (url, field)
            for code in ("en", "es", "vi", "hmn"):
                assert f'name="{field}_{code}"' in page, (url, field, code)
    add = client.get("/admin/scheduler/program/add/").content.decode()
    # The slug is made from the English name.
    assert "&quot;dependency_list&quot;: [&quot;name_en&quot;]" in add
    values = form_values(client.get(pages["program"][0]).content.decode())
    values.update(name_es=["Café con un policía"])
    assert client.post(pages["program"][0], values).status_code == 302
    program.refresh_from_db()
    assert (program.name_es, program.name_vi) == ("Café con un policía", None)
