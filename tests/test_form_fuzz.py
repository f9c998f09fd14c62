"""Every form view under arbitrary text: control characters, NUL, lone combining marks,
right-to-left overrides, bytes that are not UTF-8, and values far past any field's limit.

Through the Django test client, as a browser posts (form-encoded bodies). Never a 5xx; what
a form refuses comes back as a 4xx or as the form with its errors, and writes nothing; what
it takes is written once, as the clean value.
"""

import datetime as dt
import operator
import os
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import event as note_case
from hypothesis import strategies as st

from rsvp.models import Rsvp, WalkIn
from rsvp.services import rsvp_create
from scheduler.models import Event, ReviewComment
from scheduler.models.validators import validate_text_block, validate_text_line
from scheduler.services import proposal_create
from tests import factories
from tests.scheduler.admin_support import coordinator, form_values

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:Generating overly large repr"),
]

# `make test` and CI: 150 cases a form; `make test-fast` fewer (PORCHLIGHT_FUZZ_EXAMPLES).
FUZZ = settings(
    max_examples=int(os.environ.get("PORCHLIGHT_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# Any code point a browser can send in UTF-8 (lone surrogates cannot be encoded).
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\r\nX-Injected: 1",
        "\u202eevil",
        "\u0301",
        '=HYPERLINK("http://x.test")',
        "<script>alert(1)</script>",
        "'; DROP TABLE rsvp_rsvp; --",
        "-1",
        "0",
        "1e309",
        "NaN",
        "9" * 400,
        "١٢",  # Arabic-Indic digits
        "ｆｕｌｌ＠ｗｉｄｔｈ.ｅｘａｍｐｌｅ",
        "a@b",
        "maria@example.org",
        "+1 415 555 0100",
        "2030-01-08",
        "25:61:00",
    ]
)
# Past Django's request-body limit (DATA_UPLOAD_MAX_MEMORY_SIZE): a plain 400, as a whole.
TOO_BIG = "é" * 1_500_000
TEXT = st.one_of(
    NASTY,
    st.text(ANY_CHAR, max_size=300),
    # Far past every field's limit (and cheap to shrink: a short piece, repeated).
    st.builds(operator.mul, st.text(ANY_CHAR, min_size=1, max_size=3), st.integers(300, 20_000)),
)
# Near what a field takes, so some cases get past one check to the next.
NUMBERISH = st.one_of(st.integers(-3, 10**7).map(str), st.integers(0, 600).map(" {} ".format))
EMAILISH = st.builds(
    "{}@{}.example".format,
    st.text(ANY_CHAR, min_size=1, max_size=30),
    st.text(ANY_CHAR, min_size=1, max_size=10),
)
# Bytes that need not be UTF-8 at all, as a broken or hostile client sends them.
VALUE = st.one_of(TEXT, TEXT, NUMBERISH, EMAILISH, st.binary(max_size=200))


def fields(*names: str, too_big: bool = True):
    """Any subset of the form's fields, each with an arbitrary value (over a valid form);
    one case in ten also carries a body past the limit."""
    chosen = st.fixed_dictionaries({}, optional=dict.fromkeys(names, VALUE))
    if not too_big:
        return chosen
    # 4: a middle number, since Hypothesis favours the ends of a range.
    return st.tuples(chosen, st.integers(0, 9), st.sampled_from(names)).map(
        lambda drawn: {**drawn[0], drawn[2]: TOO_BIG} if drawn[1] == 4 else drawn[0]
    )


def query(*names: str):
    """A query string of any subset of these parameters (a URL has no body limit)."""
    return fields(*names, too_big=False).map(
        lambda data: urlencode(
            {k: v if isinstance(v, bytes) else v.encode() for k, v in data.items()}
        )
    )


def _post(client: Client, url: str, data: dict[str, str | bytes]):
    body = "&".join(
        f"{quote_from_bytes(name.encode())}="
        + quote_from_bytes(value if isinstance(value, bytes) else value.encode())
        for name, value in data.items()
    )
    response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    note_case(
        f"HTTP {response.status_code}"
    )  # --hypothesis-show-statistics: what the cases reached
    return response


def _too_big(data: dict) -> bool:
    """Django refuses such a body before any view reads it (400, RequestDataTooBig)."""
    return any(value is TOO_BIG for value in data.values())


def _form_errors(response) -> dict:
    form = response.context["form"] if response.context else None
    return dict(form.errors) if form is not None else {}


def _refused_with_a_message(response) -> None:
    """A 4xx that names the problem: the form's errors, or the view's own message."""
    assert 400 <= response.status_code < 500, response.status_code
    if response.status_code in (400, 409) and response.context and "form" in response.context:
        assert _form_errors(response), response.content[:300]
    else:
        assert response.content.strip(), response.status_code


def _stored_text_is_clean(*lines: str, blocks: tuple[str, ...] = ()) -> None:
    for value in lines:
        validate_text_line(value)
    for value in blocks:
        validate_text_block(value)


@pytest.fixture
def event():
    return factories.event(capacity=None, max_party_size=6)


@FUZZ
@given(data=fields("name", "email", "phone", "sms_opt_in", "party_size", "accessibility_needs"))
def test_rsvp_form_answers_any_input_without_a_server_error(client, event, data):
    before = Rsvp.objects.count()
    valid = {"name": "Maria Lopez", "email": f"fuzz{factories.n()}@example.org", "party_size": "2"}
    response = _post(client, f"/events/{event.pk}/rsvp/", {**valid, **data})
    assert response.status_code < 500
    if response.status_code == 202:
        # Taken: a new RSVP, or (the same address again) none, with the same answer.
        after = Rsvp.objects.count()
        assert after in (before, before + 1)
        if after == before + 1:
            rsvp = Rsvp.objects.select_related("attendee").latest("pk")
            _stored_text_is_clean(
                rsvp.name, rsvp.attendee.email, blocks=(rsvp.accessibility_needs,)
            )
    else:
        _refused_with_a_message(response)
        assert Rsvp.objects.count() == before


@pytest.fixture
def manage_token(event):
    return rsvp_create(event=event, email="fuzz@example.org", name="Fuzz Resident").manage_token


@FUZZ
@given(data=fields("party_size"), path=st.sampled_from(["", "cancel/", "feed/"]))
def test_manage_forms_answer_any_input_without_a_server_error(client, manage_token, data, path):
    rsvp = Rsvp.objects.get()
    before = (rsvp.status, rsvp.party_size)
    response = _post(client, f"/rsvp/{manage_token}/{path}", data)
    assert response.status_code < 500
    rsvp.refresh_from_db()
    if response.status_code in (200, 302):
        if path == "":
            assert response["Location"] == f"/rsvp/{manage_token}/?updated=1"
            assert 1 <= rsvp.party_size <= 6
    else:
        _refused_with_a_message(response)
        assert (rsvp.status, rsvp.party_size) == before
    if path == "cancel/" and rsvp.status == Rsvp.Status.CANCELLED:
        # Cancelled for good this example; the next one starts from a live RSVP again.
        Rsvp.objects.filter(pk=rsvp.pk).update(status=Rsvp.Status.CONFIRMED, cancelled_at=None)


@pytest.fixture
def officer_client(event):
    # The door is open (check-in runs from 2 hours before the start): the forms are shown.
    event.start = factories.door_open()
    event.end = event.start + dt.timedelta(hours=1)
    event.save()
    officer = factories.user("officer")
    event.officers.add(officer)
    client = Client()
    client.force_login(officer)
    return client


@FUZZ
@given(data=fields("name", "head_count"))
def test_walk_in_form_answers_any_input_without_a_server_error(officer_client, event, data):
    before = WalkIn.objects.count()
    response = _post(
        officer_client,
        f"/officers/events/{event.pk}/attendance/walkins/",
        {"head_count": "1", **data},
    )
    assert response.status_code < 500
    if response.status_code == 302:
        assert WalkIn.objects.count() == before + 1
        _stored_text_is_clean(WalkIn.objects.latest("pk").name)
    else:
        _refused_with_a_message(response)
        assert WalkIn.objects.count() == before


@FUZZ
@given(data=fields("action", "q"), target=st.sampled_from(["checkin", "search"]))
def test_check_in_and_roster_search_answer_any_input(officer_client, event, data, target):
    rsvp = factories.rsvp(event)
    if target == "search":
        response = _post(officer_client, f"/officers/events/{event.pk}/attendance/", data)
        assert response.status_code == (400 if _too_big(data) else 200)
        return
    response = _post(
        officer_client, f"/officers/events/{event.pk}/attendance/{rsvp.pk}/checkin/", data
    )
    rsvp.refresh_from_db()
    if _too_big(data):
        assert (response.status_code, rsvp.checked_in_at) == (400, None)
    elif data.get("action", "in") in ("in", b"in"):
        assert response.status_code == 302
        assert rsvp.checked_in_at is not None
    elif data["action"] in ("undo", b"undo"):
        assert response.status_code == 302
    else:
        assert (response.status_code, response.content) == (
            400,
            b"Unknown action: use check in or undo.",
        )
        assert rsvp.checked_in_at is None


@pytest.fixture
def kiosk_client():
    """An officer's tablet in kiosk mode, for an event under way (its door open)."""
    officer = factories.user("officer")
    start = timezone.now() - dt.timedelta(minutes=10)
    kiosk_event = factories.event(officers=[officer], start=start)
    client = Client()
    client.force_login(officer)
    started = client.post(
        f"/officers/events/{kiosk_event.pk}/kiosk/start/", {"pin": "2468", "pin_again": "2468"}
    )
    assert started.status_code == 302
    client.kiosk_event = kiosk_event
    return client


@FUZZ
@given(
    data=fields("q", "rsvp", "arrived", "pin"),
    target=st.sampled_from(["", "checkin/", "exit/"]),
)
def test_kiosk_search_check_in_and_exit_answer_any_input(kiosk_client, data, target):
    event = kiosk_client.kiosk_event
    party = factories.rsvp(event, name="Ana García", party_size=2)
    # The party offered, as after a search, so that some cases reach the check-in itself.
    kiosk_client.post(f"/officers/events/{event.pk}/kiosk/", {"q": "ana"})
    response = _post(kiosk_client, f"/officers/events/{event.pk}/kiosk/{target}", data)
    if _too_big(data):
        assert response.status_code == 400
    elif target == "":
        assert response.status_code == 200
    elif target == "checkin/":
        assert response.status_code in (200, 302)
    else:
        assert response.status_code in (400, 403, 429)
        _refused_with_a_message(response)
    party.refresh_from_db()
    assert party.arrived in (None, 1, 2)
    # Whatever was posted, the tablet is still a kiosk: the roster is not reachable.
    roster = kiosk_client.get(f"/officers/events/{event.pk}/attendance/")
    assert roster.status_code == 302
    Rsvp.objects.filter(event=event).delete()


@FUZZ
@given(query=query("start", "end"))
def test_reports_form_answers_any_dates(officer_client, query):
    response = officer_client.get(f"/officers/reports/?{query}")
    note_case(f"HTTP {response.status_code}")
    assert response.status_code < 500
    if response.status_code != 200:
        _refused_with_a_message(response)
    response = officer_client.get(f"/officers/reports.csv?{query}")
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("limit", [3, 10**6], ids=["locking", "never-locking"])
@FUZZ
@given(data=fields("username", "password"))
def test_sign_in_form_answers_any_input(client, settings, limit, data):
    settings.AXES_FAILURE_LIMIT = limit
    response = _post(client, "/accounts/login/", data)
    assert response.status_code in (200, 400, 429), response.status_code
    assert "_auth_user_id" not in client.session
    if response.status_code == 200:
        assert _form_errors(response)


@FUZZ
@given(query=query("q", "program", "neighborhood", "organization", "language", "near", "page"))
def test_public_event_list_filters_answer_any_input(client, query):
    response = client.get(f"/?{query}")
    note_case(f"HTTP {response.status_code}")
    assert response.status_code in (200, 400, 404), response.status_code


ADMIN_FIELDS = (
    "title_en",
    "description_en",
    "title_es",
    "description_vi",
    "timezone",
    "capacity",
    "max_party_size",
    "start_0",
    "start_1",
    "end_0",
    "end_1",
    "rsvp_opens_0",
    "rsvp_closes_0",
    "visibility",
    "venue",
    "host",
    "partners",
    "officers",
)


@pytest.fixture
def admin_form():
    client = Client()
    client.force_login(coordinator())
    program = factories.program()
    url = f"/admin/scheduler/event/add/?program={program.pk}"
    values = form_values(client.get(url).content.decode())
    values.update(
        title_en=["Coffee with a Cop"],
        venue=[str(factories.venue().pk)],
        host=[str(factories.organization().pk)],
        start_0=["2030-01-08"],
        start_1=["18:30:00"],
        end_0=["2030-01-08"],
        end_1=["19:30:00"],
    )
    return client, url, {name: found[0] for name, found in values.items() if found}


@FUZZ
@given(data=fields(*ADMIN_FIELDS))
def test_admin_event_form_answers_any_input(admin_form, data):
    client, url, valid = admin_form
    before = Event.objects.count()
    response = _post(client, url, {**valid, **data})
    assert response.status_code < 500
    if response.status_code == 302:
        assert Event.objects.count() == before + 1
        saved = Event.objects.latest("pk")
        _stored_text_is_clean(
            saved.title_en,
            saved.title_es or "",
            saved.timezone,
            blocks=(saved.description_en or "", saved.description_vi or ""),
        )
    elif response.status_code == 200:
        form = response.context["adminform"].form
        assert form.errors or response.context["errors"], response.content[:300]
        assert Event.objects.count() == before
    else:
        _refused_with_a_message(response)
        assert Event.objects.count() == before


@pytest.fixture
def partner_client():
    organization = factories.organization()
    partner = factories.user("partner", organization_=organization)
    client = Client()
    client.force_login(partner)
    client.organization = organization
    client.user = partner
    return client


@FUZZ
@given(data=fields("host", "title", "description", "program", "venue", "start", "end", "capacity"))
def test_proposal_form_answers_any_input_without_a_server_error(partner_client, data):
    program, venue = factories.program(), factories.venue()
    start = timezone.localtime(timezone.now() + dt.timedelta(days=5))
    valid = {
        "host": str(partner_client.organization.pk),
        "title": "Safety night",
        "program": str(program.pk),
        "venue": str(venue.pk),
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    before = Event.objects.count()
    response = _post(partner_client, "/officers/proposals/new/", {**valid, **data})
    assert response.status_code < 500
    if response.status_code == 302:
        assert Event.objects.count() == before + 1
        made = Event.objects.latest("pk")
        _stored_text_is_clean(made.title, blocks=(made.description,))
    else:
        _refused_with_a_message(response)
        assert Event.objects.count() == before


@FUZZ
@given(data=fields("text"))
def test_proposal_submit_answers_any_input_without_a_server_error(partner_client, data):
    start = timezone.now() + dt.timedelta(days=5)
    event = proposal_create(
        author=partner_client.user,
        host=partner_client.organization,
        program=factories.program(),
        venue=factories.venue(),
        title="Safety night",
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    response = _post(partner_client, f"/officers/proposals/{event.pk}/submit/", data)
    assert response.status_code < 500
    event.refresh_from_db()
    if response.status_code == 302:
        assert event.review == "submitted"
        _stored_text_is_clean(blocks=(ReviewComment.objects.latest("pk").text,))
    else:
        assert 400 <= response.status_code < 500
        assert event.review == "draft"
