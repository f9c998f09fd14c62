"""Residents' pages in their language (issue 11): chosen by the browser or the switcher, the
RSVP's own language on its manage page, and the key words as the catalogs have them.

The tests marked "catalog" compare a page with the catalog of its language and fail while
that catalog does not translate the words (the English text is the catalog's fallback).
"""

import html
import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, pgettext

from rsvp.errors import RsvpError
from rsvp.models import Rsvp
from rsvp.services import rsvp_create, rsvp_language_set
from scheduler.when import when_text
from tests import factories

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _ in settings.LANGUAGES]
OTHERS = [code for code in LANGUAGES if code != settings.LANGUAGE_CODE]
# What a phone set to each language sends.
BROWSERS = {
    "en": "en-US,en;q=0.9",
    "es": "es-MX,es;q=0.9,en;q=0.5",
    "zh-hans": "zh-CN,zh;q=0.9,en;q=0.5",
    "zh-hant": "zh-TW,zh;q=0.9,en;q=0.5",
    "vi": "vi-VN,vi;q=0.9,en;q=0.5",
    "ru": "ru-RU,ru;q=0.9,en;q=0.5",
    "pa": "pa-IN,pa;q=0.9,en;q=0.5",
    "tl": "tl-PH,tl;q=0.9,en;q=0.5",
    "hmn": "hmn-US,hmn;q=0.9,en;q=0.5",
}
PAGES = ["home", "event", "rsvp sent", "manage"]


def _lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


@pytest.fixture
def event():
    return factories.event(title="Coffee with a Cop", capacity=20)


@pytest.fixture
def token(event):
    return rsvp_create(event=event, email="ana@example.org", name="Ana Ruiz").manage_token


def _page(client, page: str, event, token, **headers):
    if page == "home":
        return client.get("/", **headers)
    if page == "event":
        return client.get(f"/events/{event.pk}/", **headers)
    if page == "rsvp sent":
        form = {"name": "Lan Nguyen", "email": "lan@example.org", "party_size": "1"}
        response = client.post(f"/events/{event.pk}/rsvp/", form, **headers)
        assert response.status_code == 202
        return response
    return client.get(f"/rsvp/{token}/", **headers)


def _page_status_ok(response):
    assert response.status_code in (200, 202), response.status_code
    return response


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_answers_in_the_language_the_browser_asks_for(
    client, event, token, page, language
):
    response = _page_status_ok(
        _page(client, page, event, token, HTTP_ACCEPT_LANGUAGE=BROWSERS[language])
    )
    assert (_lang(response), response["Content-Language"]) == (language, language)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_answers_in_the_language_chosen_with_the_switcher(
    client, event, token, page, language
):
    chosen = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert (chosen.status_code, chosen["Location"]) == (302, "/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    # The cookie wins over what the browser asks for.
    response = _page_status_ok(
        _page(client, page, event, token, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    )
    assert _lang(response) == language


def test_the_switcher_posts_and_comes_back_to_the_same_page(client, event):
    page = client.get(f"/events/{event.pk}/?from=poster").content.decode()
    form = re.search(
        r'<form class="language-switcher" action="([^"]+)" method="post">(.*?)</form>', page, re.S
    )
    action, fields = form[1], form[2]
    back = re.search(r'<input name="next" type="hidden" value="([^"]+)">', fields)[1]
    assert (action, back) == ("/i18n/setlang/", f"/events/{event.pk}/?from=poster")
    chosen = client.post(action, {"language": "vi", "next": back.replace("&amp;", "&")})
    assert (chosen.status_code, chosen["Location"]) == (302, f"/events/{event.pk}/?from=poster")
    assert _lang(client.get(chosen["Location"])) == "vi"


def test_an_rsvp_remembers_the_language_of_the_page_it_was_made_on(client, event):
    form = {"name": "Lan Nguyen", "email": "lan@example.org", "party_size": "1"}
    client.post(f"/events/{event.pk}/rsvp/", form, HTTP_ACCEPT_LANGUAGE=BROWSERS["vi"])
    assert Rsvp.objects.get(attendee__email="lan@example.org").language == "vi"


# --- The manage page: the resident changes the language of their RSVP ---------------------


def test_a_resident_changes_the_language_of_the_rsvp_and_the_answer_is_in_it(client, token):
    rsvp = Rsvp.objects.get()
    manage = client.get(f"/rsvp/{token}/").content.decode()
    assert f'<form method="post" action="/rsvp/{token}/language/"' in manage
    # Each language named in itself, as config/languages.py writes it.
    assert '<option value="en" lang="en" selected>English</option>' in manage
    assert '<option value="vi" lang="vi">Tiếng Việt</option>' in manage
    assert '<option value="pa" lang="pa">ਪੰਜਾਬੀ</option>' in manage

    response = client.post(f"/rsvp/{token}/language/", {"language": "vi"})

    assert response.status_code == 200
    rsvp.refresh_from_db()
    assert rsvp.language == "vi"
    assert (_lang(response), response["Content-Language"]) == ("vi", "vi")
    body = response.content.decode()
    assert '<option value="vi" lang="vi" selected>Tiếng Việt</option>' in body
    # Still named in themselves, not in Vietnamese ("Tiếng Anh").
    assert '<option value="en" lang="en">English</option>' in body
    with translation.override("vi"):
        done = gettext(
            "Done: this page and the messages we send you about this RSVP are now in this language."
        )
    assert f'<p class="notice" role="status">{escape(done)}</p>' in body


@pytest.mark.parametrize("code", ["xx", "", "EN ", "fr", "vi" * 40])
def test_a_language_porchlight_does_not_speak_is_a_clear_message(client, token, code):
    response = client.post(f"/rsvp/{token}/language/", {"language": code})
    assert response.status_code == 400
    assert (
        '<p class="error" id="id_rsvp_language-error" role="alert">'
        "Please choose one of the languages in the list.</p>"
    ) in response.content.decode()
    assert Rsvp.objects.get().language == "en"


def test_rsvp_language_set_validates_the_code_and_saves(event):
    rsvp = factories.rsvp(event)
    assert rsvp_language_set(rsvp=rsvp, language="hmn").language == "hmn"
    assert Rsvp.objects.get(pk=rsvp.pk).language == "hmn"
    with pytest.raises(RsvpError) as refused:
        rsvp_language_set(rsvp=rsvp, language="klingon")
    assert (refused.value.code, refused.value.field, refused.value.status) == (
        "unknown_language",
        "language",
        400,
    )
    assert Rsvp.objects.get(pk=rsvp.pk).language == "hmn"


def test_a_cancelled_rsvp_may_still_change_its_language(client, event):
    # Its last notices (a reinstated event) still go out, in the language chosen.
    result = rsvp_create(event=event, email="ana@example.org", name="Ana Ruiz")
    Rsvp.objects.filter(pk=result.rsvp.pk).update(status=Rsvp.Status.CANCELLED)
    response = client.post(f"/rsvp/{result.manage_token}/language/", {"language": "es"})
    assert (response.status_code, Rsvp.objects.get().language) == (200, "es")


def test_an_unknown_manage_link_changes_no_language(client):
    assert client.post("/rsvp/not-a-token/language/", {"language": "es"}).status_code == 404


# --- Key words as the catalogs have them (fail until the catalogs are written) -----------

KEY_WORDS = {
    "home": [
        ("", "Upcoming community events"),
        ("", "Show events"),
        ("", "Get all events in your calendar"),
    ],
    "event": [
        ("", "When"),
        ("", "Add to your calendar"),
        ("heading of the RSVP form", "RSVP"),
        ("", "Your privacy"),
    ],
    "rsvp sent": [("", "Check your e-mail"), ("", "Back to the event")],
    "manage": [
        ("", "Your RSVP"),
        ("", "Change party size"),
        ("", "Add this event to your calendar (.ics)"),
        ("", "Change language"),
    ],
}


def _translated(language: str, context: str, english: str) -> str:
    with translation.override(language):
        return pgettext(context, english) if context else gettext(english)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", OTHERS)
def test_catalog_key_words_of_each_page_are_in_the_residents_language(
    client, event, token, page, language
):
    expected = {english: _translated(language, ctx, english) for ctx, english in KEY_WORDS[page]}
    untranslated = [english for english, words in expected.items() if words == english]
    assert untranslated == [], f"{language}: the catalog does not translate these yet"
    body = _page(client, page, event, token, HTTP_ACCEPT_LANGUAGE=BROWSERS[language]).content
    # Compared as read: {% translate %} prints a catalog's apostrophe as typed, a
    # variable's is escaped; both read the same.
    body = html.unescape(body.decode())
    assert {english: words in body for english, words in expected.items()} == dict.fromkeys(
        expected, True
    )
    # No key sentence left in English (as text between tags).
    assert [english for english in expected if f">{english}<" in body] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_event_page_gives_the_time_in_the_residents_language(client, event, language):
    body = client.get(f"/events/{event.pk}/", HTTP_ACCEPT_LANGUAGE=BROWSERS[language]).content
    with translation.override(language):
        when = when_text(event.start, event.end, event.timezone, year=True)
    assert f'<dd class="when event-when">{escape(when)}</dd>' in body.decode()
