"""One set of input rules (rsvp/rules.py): the HTML forms, the API and the services refuse
the same bad input with the same words."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from rsvp.errors import RsvpError
from rsvp.models import Rsvp, WalkIn
from rsvp.services import rsvp_change_party_size, rsvp_create, walkin_record
from tests import factories

pytestmark = pytest.mark.django_db

GOOD = {"name": "Ana Reyes", "email": "ana@example.org", "phone": "", "party_size": 1}
NAME_REQUIRED = "Please tell us your name."
EMAIL_REQUIRED = "Please give your e-mail address: your confirmation goes there."
PHONE = "Enter a phone number we can text or call, like 503-555-0100."
AT_MOST_4 = "At most 4 people per RSVP for this event."
ONE_PERSON = "A party is at least one person."
HEAD_COUNT = "Enter how many people came in, from 1 to 500."
CONTROL_LINE = "Use one line of plain text: no line breaks, tabs or control characters."
CONTROL_BLOCK = "Use plain text: line breaks are fine, control characters are not."
LONG_DOMAIN = ".".join(["d" * 60] * 4) + ".org"  # with "ana.reyes.1@": 258 characters


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _form_errors(client, event, data) -> dict:
    form = {
        k: ("on" if v is True else str(v)) for k, v in {**GOOD, **data}.items() if v is not False
    }
    response = client.post(f"/events/{event.pk}/rsvp/", form)
    assert response.status_code == 400
    return dict(response.context["form"].errors)


def _api_errors(event, data) -> dict:
    response = APIClient().post(
        f"/api/v1/events/{event.pk}/rsvps/", {**GOOD, **data}, format="json"
    )
    assert response.status_code == 400, response.content
    return response.json()["errors"]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"name": ""}, {"name": [NAME_REQUIRED]}),
        ({"name": " \t  "}, {"name": [NAME_REQUIRED]}),
        ({"name": "x" * 121}, {"name": ["A name can be at most 120 characters long."]}),
        # An escape sequence (line breaks and tabs are folded into spaces instead).
        ({"name": "Ana \x1b[31mReyes"}, {"name": [CONTROL_LINE]}),
        ({"email": ""}, {"email": [EMAIL_REQUIRED]}),
        ({"email": "nope"}, {"email": ["Enter a valid email address."]}),
        ({"email": f"ana.reyes.1@{LONG_DOMAIN}"}, {"email": ["This e-mail address is too long."]}),
        # 252 characters, 492 once case-folded ("İ" lower-cases to two characters).
        ({"email": "İ" * 240 + "@example.org"}, {"email": ["This e-mail address is too long."]}),
        ({"phone": "12"}, {"phone": [PHONE]}),
        ({"phone": "5" * 40}, {"phone": [PHONE]}),
        (
            {"sms_opt_in": True},
            {"phone": ["Enter a phone number for text reminders, or untick the box."]},
        ),
        ({"party_size": 0}, {"party_size": [ONE_PERSON]}),
        ({"party_size": -3}, {"party_size": [ONE_PERSON]}),
        ({"party_size": 5}, {"party_size": [AT_MOST_4]}),
        ({"party_size": 40_000}, {"party_size": [AT_MOST_4]}),
        (
            {"accessibility_needs": "y" * 1001},
            {"accessibility_needs": ["Please keep this to 1000 characters."]},
        ),
        ({"accessibility_needs": "A ramp\x07"}, {"accessibility_needs": [CONTROL_BLOCK]}),
        (
            {"name": "   ", "party_size": 9},
            {"name": [NAME_REQUIRED], "party_size": [AT_MOST_4]},
        ),
    ],
)
def test_the_rsvp_form_and_the_api_refuse_bad_input_with_the_same_words(client, data, errors):
    event = factories.event(max_party_size=4)
    assert _form_errors(client, event, data) == errors
    assert _api_errors(event, data) == errors
    assert Rsvp.objects.count() == 0


@pytest.mark.parametrize(
    ("size", "message"), [(0, ONE_PERSON), (5, AT_MOST_4), (40_000, AT_MOST_4)]
)
def test_rsvp_create_refuses_a_party_size_in_the_forms_words(size, message):
    event = factories.event(max_party_size=4)
    with pytest.raises(RsvpError) as refused:
        rsvp_create(event=event, email="ana@example.org", name="Ana", party_size=size)
    assert (refused.value.field, refused.value.message) == ("party_size", message)


def test_a_name_that_fits_once_its_spaces_are_folded_is_taken_by_both(client):
    event = factories.event()
    typed = "   " + "x" * 120  # 123 characters as typed, 120 once folded
    page = client.post(f"/events/{event.pk}/rsvp/", {**GOOD, "name": typed})
    api = APIClient().post(
        f"/api/v1/events/{event.pk}/rsvps/",
        {**GOOD, "name": typed, "email": "bo@example.org"},
        format="json",
    )
    assert (page.status_code, api.status_code) == (202, 202)
    assert list(Rsvp.objects.values_list("name", flat=True)) == ["x" * 120] * 2


@pytest.mark.parametrize(
    ("size", "message"),
    [(0, ONE_PERSON), (5, AT_MOST_4), (40_000, AT_MOST_4)],
)
def test_changing_the_party_size_is_refused_in_the_same_words_everywhere(client, size, message):
    event = factories.event(max_party_size=4)
    result = rsvp_create(event=event, email="ana@example.org", name="Ana", party_size=2)
    path = f"/rsvp/{result.manage_token}/"

    page = client.post(path, {"party_size": str(size)})
    assert page.status_code == 400
    assert dict(page.context["form"].errors) == {"party_size": [message]}

    api = APIClient().patch(
        f"/api/v1/rsvps/{result.manage_token}/", {"party_size": size}, format="json"
    )
    assert (api.status_code, api.json()["errors"]) == (400, {"party_size": [message]})

    with pytest.raises(RsvpError) as refused:
        rsvp_change_party_size(rsvp=result.rsvp, party_size=size)
    assert (refused.value.field, refused.value.message) == ("party_size", message)
    assert Rsvp.objects.get().party_size == 2


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"head_count": 0}, {"head_count": [HEAD_COUNT]}),
        ({"head_count": 501}, {"head_count": [HEAD_COUNT]}),
        ({"head_count": 100_000}, {"head_count": [HEAD_COUNT]}),
        ({"name": "x" * 121}, {"name": ["A name can be at most 120 characters long."]}),
        ({"name": "Walk\x7fin"}, {"name": [CONTROL_LINE]}),
    ],
)
def test_walkins_are_refused_in_the_same_words_by_the_page_the_api_and_the_service(
    client, data, errors
):
    officer = factories.user("officer")
    event = factories.event(officers=[officer])
    body = {"name": "", "head_count": 1, **data}
    client.force_login(officer)
    page = client.post(f"/officers/events/{event.pk}/attendance/walkins/", body)
    assert page.status_code == 400
    assert dict(page.context["walkin_form"].errors) == errors

    api = APIClient()
    api.force_login(officer)
    answer = api.post(f"/api/v1/events/{event.pk}/attendance/walk-ins/", body, format="json")
    assert (answer.status_code, answer.json()["errors"]) == (400, errors)

    with pytest.raises(RsvpError) as refused:
        walkin_record(event=event, by=officer, **body)
    assert {refused.value.field: [refused.value.message]} == errors
    assert WalkIn.objects.count() == 0
