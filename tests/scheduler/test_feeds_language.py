"""Language-specific feeds: `?lang=` chooses the words of a feed, never Accept-Language.

Some tests read the words from the project's catalog (tests/notifications/catalog.py) and
fail until it is filled; the others use a small catalog of their own (`test_catalog`), so
that what they check (caching by language, validators, links) holds whatever the
translators write.
"""

import datetime as dt

import polib
import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from rsvp.models import Attendee, token_hash
from scheduler.feeds.cache import feed_cache_clear
from scheduler.feeds.languages import feed_url, supported_language
from scheduler.services import event_cancel, officer_feed_token_rotate
from tests import factories
from tests.notifications.catalog import translated
from tests.scheduler.feeds_support import parse, vevents

pytestmark = pytest.mark.django_db

TEST_WORDS = {
    "Community events": "Eventos (catálogo de prueba)",
    "Community events (filtered)": "Eventos filtrados (catálogo de prueba)",
    "Cancelled: %(title)s": "Anulado (prueba): %(title)s",
    "My community events": "Mis eventos (prueba)",
}


def _write_catalog(folder, words: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    for msgid, msgstr in words.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save_as_mofile(str(folder / "django.mo"))


@pytest.fixture
def test_catalog(settings, tmp_path):
    """A Spanish catalog with a few of the feeds' words, in place of the project's."""
    _write_catalog(tmp_path / "es" / "LC_MESSAGES", TEST_WORDS)
    settings.LOCALE_PATHS = [tmp_path]  # Django's test signals drop the loaded catalogs
    feed_cache_clear()
    cache.clear()
    return tmp_path


@pytest.fixture
def feed_events():
    program = factories.program(slug="coffee")
    on = factories.event(title="Night Walk", program=program)
    off = factories.event(title="Bike Rodeo", program=program)
    event_cancel(event=off, reason="Rain.")
    return on, off


def _calendar(response):
    assert response.status_code == 200
    return parse(response.content)


def _summaries(response) -> list[str]:
    return sorted(str(v["SUMMARY"]) for v in vevents(response.content))


def test_a_feed_asked_for_in_spanish_names_itself_and_its_cancellations_in_spanish(
    client, feed_events
):
    """Needs the Spanish catalog."""
    name = translated("es", "Community events")
    description = translated(
        "es", "Events run by the police department with its community partners."
    )
    cancelled = translated("es", "Cancelled: %(title)s", title="Bike Rodeo")
    details = translated("es", "Details and RSVP: %(url)s", url="")
    english = client.get("/calendar/events.ics")
    spanish = client.get("/calendar/events.ics?lang=es")

    calendar = _calendar(spanish)
    assert (str(calendar["X-WR-CALNAME"]), str(calendar["NAME"])) == (name, name)
    assert str(calendar["X-WR-CALDESC"]) == description
    assert _summaries(spanish) == sorted([cancelled, "Night Walk"])
    assert all(details.strip() in str(v["DESCRIPTION"]) for v in vevents(spanish.content))
    assert b"Details and RSVP" not in spanish.content
    assert spanish["Content-Language"] == "es"
    assert english["Content-Language"] == "en"
    assert str(_calendar(english)["X-WR-CALNAME"]) == "Community events"
    assert _summaries(english) == ["Cancelled: Bike Rodeo", "Night Walk"]
    assert spanish["ETag"] != english["ETag"]


def test_every_public_feed_takes_lang(client, feed_events):
    """Needs the Spanish catalog."""
    on, _ = feed_events
    organization = on.host
    program_description = translated(
        "es", "%(program)s: community events with the police department.", program=on.program.name
    )
    urls = {
        "/calendar/programs/coffee.ics?lang=es": program_description,
        f"/calendar/organizations/{organization.slug}.ics?lang=es": translated(
            "es",
            "Community events hosted by %(organization)s or with it as a partner.",
            organization=organization.name,
        ),
        f"/calendar/events/{on.pk}.ics?lang=es": translated("es", "One community event."),
        "/calendar/events.ics?program=coffee&lang=es": translated(
            "es", "Events run by the police department with its community partners."
        ),
    }
    for url, description in urls.items():
        response = client.get(url)
        assert response["Content-Language"] == "es", url
        assert str(_calendar(response)["X-WR-CALDESC"]) == description, url
    filtered = client.get("/calendar/events.ics?program=coffee&lang=es")
    assert str(_calendar(filtered)["X-WR-CALNAME"]) == translated(
        "es", "Community events (filtered)"
    )


def test_english_and_spanish_bodies_are_cached_apart(client, feed_events, test_catalog):
    english = client.get("/calendar/events.ics")
    spanish = client.get("/calendar/events.ics?lang=es")
    assert str(_calendar(spanish)["X-WR-CALNAME"]) == "Eventos (catálogo de prueba)"
    assert _summaries(spanish) == ["Anulado (prueba): Bike Rodeo", "Night Walk"]
    assert spanish["ETag"] != english["ETag"]
    # Served again from this process's memory, then from the shared cache (another
    # process), then rebuilt: each language keeps its own body, whatever came first.
    for forget in (lambda: None, feed_cache_clear, lambda: (feed_cache_clear(), cache.clear())):
        forget()
        for url, first in [
            ("/calendar/events.ics?lang=es", spanish),
            ("/calendar/events.ics", english),
        ]:
            again = client.get(url)
            assert (again.content, again["ETag"]) == (first.content, first["ETag"]), url
            assert again["Content-Language"] == first["Content-Language"]
    # A validator from one language never matches the other.
    assert client.get("/calendar/events.ics", HTTP_IF_NONE_MATCH=spanish["ETag"]).status_code == 200
    assert (
        client.get("/calendar/events.ics?lang=es", HTTP_IF_NONE_MATCH=spanish["ETag"]).status_code
        == 304
    )
    assert (
        client.get(
            "/calendar/events.ics?lang=es", HTTP_IF_MODIFIED_SINCE=spanish["Last-Modified"]
        ).status_code
        == 304
    )


def test_a_corrected_translation_is_served_at_once_after_a_deploy(
    client, settings, feed_events, test_catalog
):
    before = client.get("/calendar/events.ics?lang=es")
    # The new release's catalog (its own folder: Python's gettext keeps a file it read), read
    # by a new process; the shared cache still holds the body with the old words.
    release = test_catalog / "release-2"
    _write_catalog(
        release / "es" / "LC_MESSAGES", {**TEST_WORDS, "Community events": "Eventos, corregido"}
    )
    settings.LOCALE_PATHS = [release]
    feed_cache_clear()
    after = client.get("/calendar/events.ics?lang=es")
    assert str(_calendar(after)["X-WR-CALNAME"]) == "Eventos, corregido"
    assert after["ETag"] != before["ETag"]


def test_a_single_event_download_in_spanish_is_cached_apart(client, feed_events, test_catalog):
    _, off = feed_events
    english = client.get(f"/calendar/events/{off.pk}.ics")
    spanish = client.get(f"/calendar/events/{off.pk}.ics?lang=es")
    assert _summaries(english) == ["Cancelled: Bike Rodeo"]
    assert _summaries(spanish) == ["Anulado (prueba): Bike Rodeo"]
    assert _summaries(client.get(f"/calendar/events/{off.pk}.ics")) == ["Cancelled: Bike Rodeo"]


@pytest.mark.parametrize("asked", ["xx", "", "en", "%00", "es" * 400, "../es", "en;q=0.8"])
def test_an_unknown_language_gives_the_default_one(client, feed_events, test_catalog, asked):
    english = client.get("/calendar/events.ics")
    response = client.get("/calendar/events.ics", {"lang": asked})
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert response.content == english.content


@pytest.mark.parametrize("asked", ["es", "ES", "es-MX", "es_mx"])
def test_a_language_is_read_as_the_site_offers_it(client, feed_events, test_catalog, asked):
    response = client.get("/calendar/events.ics", {"lang": asked})
    assert response["Content-Language"] == "es"
    assert str(_calendar(response)["X-WR-CALNAME"]) == "Eventos (catálogo de prueba)"


def test_without_lang_a_feed_ignores_accept_language(client, feed_events, test_catalog):
    response = client.get("/calendar/events.ics", HTTP_ACCEPT_LANGUAGE="es")
    assert response["Content-Language"] == "en"
    assert str(_calendar(response)["X-WR-CALNAME"]) == "Community events"


def test_lang_is_not_a_filter(client, feed_events, test_catalog):
    response = client.get("/calendar/events.ics?lang=es")
    # "(filtered)" only for a real filter, and every public event is there.
    assert str(_calendar(response)["X-WR-CALNAME"]) == "Eventos (catálogo de prueba)"
    assert len(vevents(response.content)) == 2
    filtered = client.get("/calendar/events.ics?program=coffee&lang=es")
    assert str(_calendar(filtered)["X-WR-CALNAME"]) == "Eventos filtrados (catálogo de prueba)"


def test_a_bad_filter_is_explained_in_the_language_asked_for(client):
    """Needs the Spanish catalog."""
    response = client.get("/calendar/events.ics?program=no-such-program&lang=es")
    assert response.status_code == 400
    assert response["Content-Language"] == "es"
    sentence = translated(
        "es", "This calendar link has a filter that cannot be used (%(problems)s).", problems="\0"
    )
    before, after = sentence.split("\0")
    body = response.content.decode()
    assert body.startswith(before)
    assert body.endswith(after + "\n")


def _personal(email="lan@example.org", token="me-token"):
    attendee = Attendee.objects.create(email=email, feed_token_hash=token_hash(token))
    return attendee


def test_a_personal_feed_without_lang_follows_the_residents_latest_rsvp(
    client, feed_events, test_catalog
):
    on, off = feed_events
    attendee = _personal()
    factories.rsvp(on, attendee=attendee, language="vi")
    assert client.get("/calendar/me/me-token.ics")["Content-Language"] == "vi"
    later = factories.event(title="Later", start=timezone.now() + dt.timedelta(days=9))
    factories.rsvp(later, attendee=attendee, language="es")
    response = client.get("/calendar/me/me-token.ics")
    assert response["Content-Language"] == "es"
    assert str(_calendar(response)["X-WR-CALNAME"]) == "Mis eventos (prueba)"
    # The link e-mailed with a language keeps it.
    assert client.get("/calendar/me/me-token.ics?lang=vi")["Content-Language"] == "vi"
    assert client.get("/calendar/me/me-token.ics?lang=en")["Content-Language"] == "en"
    # A language the site does not offer: the resident's own.
    assert client.get("/calendar/me/me-token.ics?lang=xx")["Content-Language"] == "es"


def test_an_officers_feed_is_in_the_default_language_unless_asked(client, test_catalog):
    officer = factories.user("officer")
    token = officer_feed_token_rotate(user=officer)
    factories.event(officers=[officer])
    assert client.get(f"/calendar/officers/{token}.ics")["Content-Language"] == "en"
    assert client.get(f"/calendar/officers/{token}.ics?lang=es")["Content-Language"] == "es"


# --- links to feeds ---------------------------------------------------------------------


def test_feed_links_carry_the_language_of_the_page(settings):
    settings.SITE_URL = "https://events.example.gov"
    assert feed_url("/calendar/events.ics") == "https://events.example.gov/calendar/events.ics"
    with translation.override("vi"):
        assert feed_url("/calendar/events.ics") == (
            "https://events.example.gov/calendar/events.ics?lang=vi"
        )
        assert feed_url("/calendar/events.ics", "program=coffee&q=night%20walk") == (
            "https://events.example.gov/calendar/events.ics?program=coffee&q=night%20walk&lang=vi"
        )
        assert feed_url("https://events.example.gov/calendar/events/4.ics?lang=es") == (
            "https://events.example.gov/calendar/events/4.ics?lang=vi"
        )
        assert feed_url("/calendar/programs/coffee.ics", language="en") == (
            "https://events.example.gov/calendar/programs/coffee.ics"
        )
    with translation.override("en"):
        assert feed_url("/calendar/events.ics", "?program=coffee") == (
            "https://events.example.gov/calendar/events.ics?program=coffee"
        )


def test_supported_language_reads_tags_as_the_site_offers_them():
    assert [
        supported_language(code)
        for code in ["vi", "ZH-hans", "zh-TW", "hmn", "tl", "es-419", "xx", "", None, 7]
    ] == ["vi", "zh-hans", "zh-hant", "hmn", "tl", "es", None, None, None, None]


@pytest.mark.django_db
def test_a_page_read_in_spanish_offers_the_spanish_feeds(client):
    event = factories.event()
    home = client.get("/", headers={"accept-language": "es"}).content.decode()
    assert "http://testserver/calendar/events.ics?lang=es" in home
    assert "webcal://testserver/calendar/events.ics?lang=es" in home
    page = client.get(f"/events/{event.pk}/", headers={"accept-language": "es"}).content.decode()
    assert f"http://testserver/calendar/events/{event.pk}.ics?lang=es" in page
    english = client.get("/").content.decode()
    assert "http://testserver/calendar/events.ics?" not in english
    assert "http://testserver/calendar/events.ics" in english
