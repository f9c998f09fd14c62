"""The error pages speak the language of the request (issue 11): 404 through base.html, the
500 page on its own (it may use no tag that can fail, and still translates)."""

import re

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from ops.views import server_error

pytestmark = pytest.mark.django_db


def _lang(body: str) -> str:
    return re.search(r'<html lang="([^"]+)"', body)[1]


@pytest.mark.parametrize("language", ["en", "es", "zh-hans", "vi", "ru"])
def test_the_server_error_page_is_in_the_language_of_the_request(language):
    request = RequestFactory().get("/")
    with translation.override(language):
        response = server_error(request)
        title = escape(gettext("Something went wrong"))
    body = response.content.decode()
    assert (response.status_code, _lang(body)) == (500, language)
    assert f"<h1>{title}</h1>" in body


def test_a_missing_page_says_so_in_the_language_of_the_browser(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    with translation.override("es"):
        heading = escape(gettext("Page not found"))
    body = response.content.decode()
    assert (response.status_code, _lang(body)) == (404, "es")
    assert f"<h1>{heading}</h1>" in body


def test_a_mistyped_manage_link_says_so_in_the_language_of_the_browser(client):
    response = client.get("/rsvp/mistyped/", HTTP_ACCEPT_LANGUAGE="vi")
    with translation.override("vi"):
        reason = escape(gettext("This link is not valid. It may have been mistyped."))
    assert response.status_code == 404
    assert f"<p>{reason}</p>" in response.content.decode()
