"""Choosing the language: the browser's on a first visit, the switcher's from then on.

Django's LocaleMiddleware and set_language (config/settings.py, config/urls.py), with the
language list and the locale data for Tagalog and Hmong from config/languages.py.
"""

import re

import polib
import pytest
from django import forms
from django.conf import settings
from django.utils import translation
from rest_framework.exceptions import NotAuthenticated

from ops import catalogs
from tests import factories

pytestmark = pytest.mark.django_db


def _lang(response) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', response.content.decode())
    assert match, "no <html lang dir>"
    return match.groups()


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("es-MX,es;q=0.9,en;q=0.5", "es"),
        ("vi-VN", "vi"),
        ("zh-CN,zh;q=0.9", "zh-hans"),
        ("zh-TW", "zh-hant"),
        ("zh-HK", "zh-hant"),
        ("ru", "ru"),
        ("pa-IN", "pa"),
        ("fil-PH", "tl"),
        ("tl", "tl"),
        ("hmn", "hmn"),
        ("de-DE", "en"),
        ("", "en"),
    ],
)
def test_a_first_visit_answers_in_the_browsers_language(client, header, language):
    response = client.get("/", headers={"accept-language": header})
    assert response.status_code == 200
    assert _lang(response) == (language, "ltr")
    assert response.headers["Content-Language"] == language


def test_the_switcher_lists_every_language_named_in_itself(client):
    body = client.get("/").content.decode()
    switcher = re.search(r'<form class="language-switcher".*?</form>', body, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)" lang="[^"]+"[^>]*>([^<]+)</option>', switcher) == [
        ("en", "English"),
        ("es", "Español"),
        ("zh-hans", "中文（简体）"),
        ("zh-hant", "中文（繁體）"),
        ("vi", "Tiếng Việt"),
        ("ru", "Русский"),
        ("pa", "ਪੰਜਾਬੀ"),
        ("tl", "Tagalog"),
        ("hmn", "Hmoob"),
    ]
    assert 'action="/i18n/setlang/"' in switcher


def test_the_switchers_choice_is_remembered_over_the_browsers_and_comes_back_to_the_page(client):
    event = factories.event()
    page = f"/events/{event.pk}/"
    response = client.post("/i18n/setlang/", {"language": "vi", "next": page})
    assert (response.status_code, response.headers["Location"]) == (302, page)
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie.value, cookie["max-age"], cookie["samesite"]) == ("vi", 31536000, "Lax")
    assert _lang(client.get(page, headers={"accept-language": "es"})) == ("vi", "ltr")


def test_an_unknown_language_from_the_switcher_changes_nothing(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert _lang(client.get("/")) == ("en", "ltr")


def test_the_switcher_never_sends_a_resident_off_the_site(client):
    response = client.post(
        "/i18n/setlang/", {"language": "es", "next": "https://elsewhere.example/"}
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/")


def test_urls_carry_no_language_prefix(client):
    event = factories.event()
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert client.get(f"/events/{event.pk}/").status_code == 200
    assert client.get(f"/es/events/{event.pk}/").status_code == 404


def test_coordinators_find_the_switcher_in_the_admin_too(client):
    client.force_login(factories.user("coordinator", is_staff=True))
    response = client.get("/admin/", headers={"accept-language": "es"})
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="es"' in body
    assert 'class="language-switcher"' in body


@pytest.mark.parametrize(("language", "local"), [("tl", "Tagalog"), ("hmn", "Hmoob")])
def test_django_knows_the_two_languages_it_ships_no_data_for(language, local):
    assert translation.get_language_info(language)["name_local"] == local
    assert translation.check_for_language(language)


@pytest.mark.parametrize("language", ["tl", "hmn", "pa"])
def test_django_and_drf_messages_speak_the_languages_they_ship_no_catalog_for(language):
    """config/framework_words.py: the framework's own refusals come from our catalogs."""
    field = forms.IntegerField()
    with translation.override(language):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean("")
        required = refused.value.messages[0]
        not_signed_in = str(NotAuthenticated().detail)
    assert required != "This field is required."
    assert required == _catalog(language, "This field is required.")
    assert not_signed_in == _catalog(language, "Authentication credentials were not provided.")
    assert not_signed_in != "Authentication credentials were not provided."


def _catalog(language: str, msgid: str) -> str:
    [entry] = [e for e in polib.pofile(str(catalogs.catalog_path(language))) if e.msgid == msgid]
    return entry.msgstr
