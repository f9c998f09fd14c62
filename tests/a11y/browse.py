"""Opening the pages of tests/a11y/site.py in Chromium: one browser context per role (a
resident, an officer, a coordinator, the officer's tablet in kiosk mode), each in the site's
language chosen the site's own way (the switcher's `django_language` cookie), reused from
page to page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from scheduler.models import Event
from tests.a11y.pages import (
    COORDINATOR,
    KIOSK,
    KIOSK_EVENT_TITLE,
    KIOSK_PIN,
    OFFICER,
    RESIDENT,
    Page,
)

# The browser's own locale too, as a resident whose phone is in that language.
LOCALES = {"en": "en-US", "es": "es-MX"}
USERNAMES = {OFFICER: "a11y.officer", COORDINATOR: "a11y.coordinator", KIOSK: "a11y.officer"}


def _session_cookie(who: str) -> str | None:
    if who == RESIDENT:
        return None
    client = Client()
    client.force_login(User.objects.get(username=USERNAMES[who]))
    if who == KIOSK:
        event = Event.objects.get(title=KIOSK_EVENT_TITLE)
        started = client.post(
            f"/officers/events/{event.pk}/kiosk/start/",
            {"pin": KIOSK_PIN, "pin_again": KIOSK_PIN},
        )
        assert started.status_code == 302, started.status_code
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@contextmanager
def role_pages(browser, base_url: str, language: str, viewport: dict) -> Iterator[dict]:
    """{role: a Playwright page} signed in as that role, in `language`."""
    contexts, pages = [], {}
    try:
        for who in (RESIDENT, OFFICER, COORDINATOR, KIOSK):
            context = browser.new_context(viewport=viewport, locale=LOCALES[language])
            contexts.append(context)
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
            session = _session_cookie(who)
            if session:
                cookies.append(
                    {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}
                )
            context.add_cookies(cookies)
            page = context.new_page()
            page.set_default_timeout(15_000)
            pages[who] = page
        yield pages
    finally:
        for context in contexts:
            context.close()


def open_page(pages: dict, base_url: str, spec: Page):
    """Open `spec` (and send its form), and return the Playwright page showing the answer."""
    page = pages[spec.who]
    try:
        response = page.goto(base_url + spec.path)
        if spec.then is not None:
            response = spec.then(page)
    except Exception as exc:
        raise AssertionError(f"{spec.name} ({spec.path}): {exc}") from exc
    status = response.status if response is not None else None
    assert status == spec.status, f"{spec.name} ({spec.path}): HTTP {status}, not {spec.status}"
    page.wait_for_load_state("load")
    if spec.ready:
        page.locator(spec.ready).first.wait_for()
    return page
