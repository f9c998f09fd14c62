"""Forms tell what went wrong where a screen reader and a thumb find it: after a refused submit
an error summary heads the form with a link to each field in error, every field in error says
so (aria-invalid), and every aria-describedby names an element of the page (help and error ids
Django's BoundField uses). Each form of ours a person submits, public, officer and admin."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.utils import timezone

from privacy.tasks import data_link_send
from rsvp.services import rsvp_create, rsvp_create_headcount
from tests import factories
from tests.scheduler.admin_support import coordinator

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """What the checks need of a page: its ids in order, the references to ids, the fields
    marked invalid, and the error summary's attributes and links."""

    def __init__(self, body: str):
        super().__init__()
        self.ids: list[str] = []
        self.described: list[str] = []
        self.labelled: list[str] = []
        self.invalid: list[str] = []
        self.summary: dict | None = None
        self.summary_links: list[str] = []
        self._depth = 0  # open <div>s inside the summary, while in it
        self.feed(body)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if a.get("aria-describedby"):
            self.described.extend(a["aria-describedby"].split())
        if tag == "label" and a.get("for"):
            self.labelled.append(a["for"])
        if a.get("aria-invalid") == "true":
            self.invalid.append(a["id"])
        if tag == "div" and "data-error-summary" in a:
            assert self.summary is None, "one summary per page"
            self.summary = {**a, "position": len(self.ids)}
            self._depth = 1
        elif tag == "div" and self._depth:
            self._depth += 1
        elif tag == "a" and self._depth:
            self.summary_links.append(a["href"].removeprefix("#"))

    def handle_endtag(self, tag):
        if tag == "div" and self._depth:
            self._depth -= 1


def _clean(response) -> None:
    """A form page before any submit: every id it refers to exists, and nothing says invalid."""
    assert response.status_code == 200
    page = _Page(response.content.decode())
    assert set(page.described) <= set(page.ids), page.described
    assert set(page.labelled) <= set(page.ids), page.labelled
    assert (page.invalid, page.summary) == ([], None)


def _tied(response, *, invalid: list[str]) -> list[str]:
    """The summary's links, after checking the page ties every error to its field: the ids
    referred to exist, exactly the fields in `invalid` say aria-invalid, and the summary is
    there, focusable, announced, and above the fields it links to."""
    assert response.status_code in (200, 400)
    page = _Page(response.content.decode())
    ids = set(page.ids)
    assert len(ids) == len(page.ids), "ids are unique"
    assert set(page.described) <= ids, page.described
    assert set(page.labelled) <= ids, page.labelled
    assert page.invalid == invalid
    summary = page.summary
    assert summary is not None
    assert (summary["role"], summary["tabindex"]) == ("alert", "-1")
    assert summary["aria-labelledby"] in ids
    assert set(page.summary_links) <= ids
    for link in page.summary_links:
        assert page.ids.index(link) >= summary["position"], "the summary heads the form"
    return page.summary_links


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_privacy_request_form(client, language):
    response = client.post("/privacy/", {"email": "not an address"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert _tied(response, invalid=["id_email"]) == ["id_email"]


def test_the_privacy_delete_form(client):
    rsvp_create(event=factories.event(), name="Ana Ruiz", email="ana@example.org", party_size=1)
    data_link_send("ana@example.org", "en")
    link = re.search(r"http://testserver(/privacy/data/[\w-]+/)", mail.outbox[-1].body)[1]
    response = client.post(link + "delete/", {})
    assert response.status_code == 400
    assert _tied(response, invalid=["id_confirm"]) == ["id_confirm"]
    assert 'aria-describedby="id_confirm_error"' in response.text


def test_the_rsvp_form(client):
    event = factories.event()
    response = client.post(f"/events/{event.pk}/rsvp/", {"party_size": "1", "email": "ana@"})
    assert response.status_code == 400
    assert _tied(response, invalid=["id_name", "id_email"]) == ["id_name", "id_email"]


def test_the_manage_pages_party_size_form(client):
    event = factories.event(max_party_size=2)
    token = rsvp_create(
        event=event, name="Ana Ruiz", email="ana@example.org", party_size=1
    ).manage_token
    response = client.post(f"/rsvp/{token}/", {"party_size": "7"})
    assert response.status_code == 400
    assert _tied(response, invalid=["id_party_size"]) == ["id_party_size"]
    assert 'aria-describedby="id_party_size_error"' in response.text


def test_the_walk_in_form(client):
    officer = factories.user("officer")
    # The door is open (the walk-in form is shown only then): the event starts now.
    event = factories.event(officers=[officer], start=timezone.now())
    client.force_login(officer)
    response = client.post(f"/officers/events/{event.pk}/attendance/walkins/", {"head_count": ""})
    assert response.status_code == 400
    assert _tied(response, invalid=["id_head_count"]) == ["id_head_count"]


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        (
            "en",
            "Please enter a correct username and password. Note that both fields may be "
            "case-sensitive.",
        ),
        (
            "hmn",
            "Thov sau tus username thiab password kom raug. Nco ntsoov tias ob qho no yuav cais "
            "cov ntawv loj thiab ntawv me.",
        ),
    ],
)
def test_the_sign_in_form_after_a_wrong_password(client, language, refusal):
    factories.user("officer", username="lee", password="right horse battery")
    response = client.post(
        "/accounts/login/", {"username": "lee", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE=language
    )
    # The refusal is the whole form's: it links to the first field, where a retry starts.
    assert _tied(response, invalid=[]) == ["id_username"]
    assert f'<a href="#id_username">{refusal}</a>' in response.text
    assert 'autocomplete="username"' in response.text
    assert 'autocomplete="current-password"' in response.text


def test_the_sign_in_form_without_a_user_name(client):
    response = client.post("/accounts/login/", {"username": "", "password": "x"})
    assert _tied(response, invalid=["id_username"]) == ["id_username"]


def test_the_reports_filter_form(client):
    client.force_login(factories.user("officer"))
    response = client.get("/officers/reports/", {"start": "2026-13-40", "end": "soon"})
    assert _tied(response, invalid=["id_start", "id_end"]) == ["id_start", "id_end"]
    # The fields keep what was typed, next to their errors.
    assert 'value="2026-13-40"' in response.text


def test_the_reports_filter_forms_days_in_the_wrong_order(client):
    client.force_login(factories.user("officer"))
    response = client.get("/officers/reports/", {"start": "2026-03-10", "end": "2026-03-01"})
    assert _tied(response, invalid=[]) == ["id_start"]


def test_the_reports_filter_form_shows_the_days_it_covers(client):
    client.force_login(factories.user("officer"))
    response = client.get("/officers/reports/")
    today = timezone.localdate()
    assert f'value="{today:%Y-%m-%d}"' in response.text
    assert "data-error-summary" not in response.text


def test_the_admins_choose_a_program_page(client):
    client.force_login(coordinator())
    factories.program(name="Coffee with a Cop")
    response = client.get("/admin/scheduler/event/add/", {"program": "999999"})
    assert _tied(response, invalid=["id_program"]) == ["id_program"]
    assert 'aria-describedby="id_program_helptext id_program_error"' in response.text


def test_the_admins_cancel_confirmation(client):
    client.force_login(coordinator())
    event = factories.event(start=timezone.now() + dt.timedelta(days=2))
    response = client.post(
        "/admin/scheduler/event/",
        {"action": "cancel_events", "_selected_action": [event.pk], "post": "yes", "reason": ""},
    )
    assert _tied(response, invalid=["id_reason"]) == ["id_reason"]


def test_the_admins_change_forms(client):
    client.force_login(coordinator())
    response = client.post("/admin/scheduler/venue/add/", {"name": "", "address": ""})
    assert _tied(response, invalid=["id_name", "id_address"]) == ["id_name", "id_address"]
    # The summary says it; Django's own note is hidden behind it (admin_forms.css).
    assert "There is a problem" in response.text


def test_the_admins_import_form(client):
    client.force_login(coordinator())
    response = client.post(
        "/admin/scheduler/event/import/", {"url": "", "timezone": "America/Los_Angeles"}
    )
    assert response.status_code == 400
    # Neither the address nor a file: the whole form's error, linked to its first field.
    assert _tied(response, invalid=[]) == ["id_url"]


def test_the_home_pages_filters(client):
    response = client.get("/", {"start_after": "31/12/2031", "when": "someday", "q": "coffee"})
    links = _tied(response, invalid=["filter-when", "filter-start_after"])
    assert links == ["filter-start_after", "filter-when"]
    assert 'aria-describedby="filter-when-error"' in response.text


def test_every_form_page_refers_only_to_ids_it_has_before_a_submit(client):
    event = factories.event(officers=[officer := factories.user("officer")])
    headcount = factories.event(program=factories.program(default_rsvp_mode="headcount"))
    token = rsvp_create(
        event=event, name="Ana Ruiz", email="ana@example.org", phone="+15035550100", party_size=1
    ).manage_token
    headcount_token = rsvp_create_headcount(event=headcount, party_size=2).manage_token
    data_link_send("ana@example.org", "en")
    data = re.search(r"http://testserver(/privacy/data/[\w-]+/)", mail.outbox[-1].body)[1]
    for url in [
        "/",
        f"/events/{event.pk}/",
        f"/events/{headcount.pk}/",
        f"/rsvp/{token}/",
        f"/rsvp/{headcount_token}/",
        f"/rsvp/{token}/cancel/",
        "/privacy/",
        data + "delete/",
        "/accounts/login/",
    ]:
        _clean(client.get(url))
    client.force_login(officer)
    for url in [f"/officers/events/{event.pk}/attendance/", "/officers/reports/"]:
        _clean(client.get(url))
    client.force_login(coordinator())
    for url in ["/admin/scheduler/event/add/", "/admin/scheduler/event/import/"]:
        _clean(client.get(url))
    _clean(
        client.post(
            "/admin/scheduler/event/", {"action": "cancel_events", "_selected_action": [event.pk]}
        )
    )
