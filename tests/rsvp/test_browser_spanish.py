"""A Spanish-speaking resident on a phone, browser set to Spanish: finds an event, RSVPs,
manages the RSVP, and never reads an English sentence of ours on the way.

"English" is measured against the catalog: every English string of ours that the Spanish
catalog translates differently (whole sentences and labels, 12 characters or more) must be
absent from the visible text of each page, and the page says lang="es".
"""

import re

import polib
import pytest
from django.utils import translation

from ops import catalogs
from rsvp.models import Rsvp
from tests import factories
from tests.mail import deliver_due, manage_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _english_sentences() -> list[str]:
    catalog = polib.pofile(str(catalogs.catalog_path("es")))
    found = []
    for entry in catalog:
        if entry.obsolete or entry.msgid_plural or "%" in entry.msgid or "{" in entry.msgid:
            continue
        if len(entry.msgid) >= 12 and entry.msgstr and entry.msgstr != entry.msgid:
            found.append(entry.msgid)
    return found


def _es(text: str) -> str:
    with translation.override("es"):
        translated = translation.gettext(text)
    assert translated != text, f"not translated: {text!r}"
    return translated


def _assert_spanish(page, english: list[str]) -> None:
    assert page.locator("html").get_attribute("lang") == "es"
    assert _found(english, page.locator("body").inner_text()) == []


def _found(english: list[str], text: str) -> list[str]:
    return [s for s in english if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)]


@pytest.fixture
def spanish_page(chromium_browser, browser_viewport):
    context = chromium_browser.new_context(viewport=browser_viewport, locale="es-MX")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


def test_a_spanish_speaking_resident_rsvps_and_manages_without_english(
    live_server, spanish_page, mailoutbox
):
    # Content named as a department would (factories' "Organization 3" would read as English).
    event = factories.event(
        title="Café con un policía",
        capacity=20,
        program=factories.program(name="Café con un policía"),
        host=factories.organization(name="Policía de Riverside"),
        venue=factories.venue(
            name="Biblioteca Central",
            neighborhood=factories.neighborhood(name="Centro"),
        ),
    )
    english = _english_sentences()
    assert len(english) > 100
    page = spanish_page

    page.goto(live_server.url + "/")
    _assert_spanish(page, english)
    page.get_by_role("link", name="Café con un policía").click()
    assert page.url == f"{live_server.url}/events/{event.pk}/"
    _assert_spanish(page, english)

    page.get_by_label(_es("Your name")).fill("María López")
    page.get_by_label(_es("E-mail")).fill("maria@example.org")
    page.get_by_label(_es("How many people, you included")).fill("2")
    page.locator(f'form[action="{event.rsvp_path}#rsvp"] button[type=submit]').click()
    assert page.get_by_role("heading", name=_es("Check your e-mail")).is_visible()
    _assert_spanish(page, english)
    assert Rsvp.objects.get().language == "es"

    deliver_due()
    [message] = mailoutbox
    assert _found(english, message.body) == []
    page.goto(live_server.url + manage_path(message))
    _assert_spanish(page, english)

    page.get_by_role("link", name=_es("Cancel my RSVP…")).click()
    _assert_spanish(page, english)
    page.get_by_role("button", name=_es("Yes, cancel my RSVP")).click()
    _assert_spanish(page, english)
    assert list(Rsvp.objects.values_list("status", flat=True)) == ["cancelled"]
