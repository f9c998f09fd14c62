"""Nothing is learned about a resident by typing their e-mail address (DESIGN.md rule 7).

The two attacks of issue 13, tried as an attacker would: a resident's name from their
address, and whether an address is on an event's list (status, body, words and the work
done: the same statements in the same order, whatever the address). Timing itself is
measured in bench/rsvp_answers.py, not asserted here.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from rest_framework.test import APIClient

from followup.models import ProgramFollowup
from followup.services import question_moment, still_coming_sweep
from notifications.delivery import notice_deliver
from notifications.models import Notification
from rsvp.models import Rsvp
from rsvp.services import rsvp_create, rsvp_create_headcount
from tests import factories
from tests.mail import deliver_due, manage_path, messages_to
from tests.sql import statements

pytestmark = pytest.mark.django_db

MARIA = "Maria.Lopez@example.org"
ACCEPTED = (
    "Thank you. Whether you have a seat or a place on the waitlist, and your link to change "
    "or cancel, are on their way to the e-mail address you gave (sent_to)."
)


@pytest.fixture
def api():
    return APIClient()


def _api_post(api, event, **body):
    return api.post(f"/api/v1/events/{event.pk}/rsvps/", body, format="json")


def _form_post(client, event, **data):
    return client.post(f"/events/{event.pk}/rsvp/", {"party_size": "1", **data})


def _roster_names(client, event) -> list[str]:
    """The names on the event's CSV export, as a coordinator downloads it."""
    client.force_login(factories.user("coordinator"))
    lines = client.get(f"/officers/events/{event.pk}/attendance.csv").content.decode()
    rows = [line.split(",") for line in lines.lstrip("\ufeff").splitlines()[1:]]
    client.logout()
    return [row[2] for row in rows]


# --- A resident's name from their e-mail address ----------------------------------------


def test_anonymous_api_answer_holds_no_manage_link_and_no_stored_name(api):
    first, second = factories.event(), factories.event()
    rsvp_create(event=first, email=MARIA, name="Maria Lopez")
    answer = _api_post(api, second, name="Anyone At All", email=MARIA)
    assert (answer.status_code, answer.json()) == (
        202,
        {"event": second.pk, "sent_to": MARIA, "detail": ACCEPTED},
    )


def test_an_rsvp_shows_the_name_typed_with_it_not_the_first_one_of_its_address(api, client):
    first, second = factories.event(), factories.event()
    hers = rsvp_create(event=first, email=MARIA, name="Maria Lopez")
    # What the attacker's submission made (its token goes only to Maria's mailbox).
    probe = rsvp_create(event=second, email="maria.lopez@EXAMPLE.org", name="Anyone At All")
    assert api.get(f"/api/v1/rsvps/{probe.manage_token}/").json()["name"] == "Anyone At All"
    assert api.get(f"/api/v1/rsvps/{hers.manage_token}/").json()["name"] == "Maria Lopez"
    assert (_roster_names(client, first), _roster_names(client, second)) == (
        ["Maria Lopez"],
        ["Anyone At All"],
    )


def test_whoever_uses_an_address_first_does_not_name_its_later_rsvps(client):
    squatted, hers = factories.event(), factories.event()
    rsvp_create(event=squatted, email=MARIA, name="Squatter")
    rsvp_create(event=hers, email=MARIA, name="Maria Lopez", phone="+15035550142")
    assert _roster_names(client, hers) == ["Maria Lopez"]
    assert list(Rsvp.objects.order_by("id").values_list("name", "phone")) == [
        ("Squatter", ""),
        ("Maria Lopez", "+15035550142"),
    ]


def test_a_probe_gets_no_link_and_the_rsvp_it_makes_carries_the_typed_name(api, mailoutbox):
    elsewhere, event = factories.event(), factories.event(title="Crisis Intervention")
    rsvp_create(event=elsewhere, email=MARIA, name="Maria Lopez")
    answer = _api_post(api, event, name="Probe", email=MARIA)
    assert "/rsvp/" not in answer.content.decode()
    assert list(Rsvp.objects.filter(event=event).values_list("name", "attendee__email")) == [
        ("Probe", "maria.lopez@example.org")
    ]
    deliver_due()
    # The link to see or cancel it reaches only the mailbox, which learns of the probe.
    [message] = [
        m for m in messages_to(mailoutbox, "maria.lopez@example.org") if "Crisis" in m.subject
    ]
    assert manage_path(message).startswith("/rsvp/")
    assert "Hello Probe, you're confirmed." in message.body


# --- Who attends what: a repeat answers like a new address --------------------------------


def _addresses(event) -> dict[str, str]:
    """An address of each kind, typed with other letter cases than stored."""
    rsvp_create(event=factories.event(), email="known@example.org", name="Known Elsewhere")
    rsvp_create(event=event, email="repeat@example.org", name="Already Here", party_size=3)
    rsvp_create(event=event, email="again@example.org", name="Probed Twice")
    rsvp_create(event=event, email="again@example.org", name="First Probe")
    return {
        "new": "New.Person@example.org",
        "known": "Known@Example.org",
        "repeat": "REPEAT@example.org",
        # Probed once already in this window: the link was just e-mailed to it.
        "repeat again": "Again@example.org",
    }


def _submit_each(event, addresses, submit):
    submit("warm-up@example.org")  # the first request of a test fills caches
    answers, done = {}, {}
    for kind, address in addresses.items():
        with CaptureQueriesContext(connection) as ctx:
            answers[kind] = submit(address)
        done[kind] = statements(ctx)
    return answers, done


def test_api_answers_a_new_a_known_and_a_repeated_address_alike(api):
    event = factories.event(capacity=20)
    addresses = _addresses(event)
    answers, done = _submit_each(
        event, addresses, lambda email: _api_post(api, event, name="Someone", email=email)
    )
    assert {kind: (a.status_code, a.json()) for kind, a in answers.items()} == {
        kind: (202, {"event": event.pk, "sent_to": address, "detail": ACCEPTED})
        for kind, address in addresses.items()
    }
    assert {kind: done[kind] for kind in addresses} == dict.fromkeys(addresses, done["new"])
    # The stored RSVP of the repeated address is as its owner left it.
    assert Rsvp.objects.get(attendee__email="repeat@example.org").party_size == 3


def test_form_answers_a_new_a_known_and_a_repeated_address_alike(client):
    event = factories.event(capacity=20)
    addresses = _addresses(event)
    answers, done = _submit_each(
        event, addresses, lambda email: _form_post(client, event, name="Someone", email=email)
    )

    def page(kind):
        body = answers[kind].content.decode()
        assert addresses[kind] in body  # where it was sent, as typed
        # The language switcher's CSRF token is masked afresh on every page.
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
        return body.replace(addresses[kind], "ADDRESS")

    assert {kind: answers[kind].status_code for kind in addresses} == dict.fromkeys(addresses, 202)
    assert {kind: page(kind) for kind in addresses} == dict.fromkeys(addresses, page("new"))
    assert "Check your e-mail" in page("new")
    assert "/rsvp/" not in page("new")
    assert {kind: done[kind] for kind in addresses} == dict.fromkeys(addresses, done["new"])


@pytest.mark.parametrize("own_minutes", [None, 24 * 60], ids=["site default", "program's own"])
@pytest.mark.parametrize("channel", ["api", "form"])
def test_with_still_coming_asked_a_new_a_known_and_a_repeated_address_run_alike(
    api, client, settings, channel, own_minutes
):
    """ "Still coming?" on (the production default, or a program's own lead time): the
    question is planned by the dispatcher's sweep at its moment, never inside the RSVP."""
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "STILL_COMING_MINUTES": 48 * 60}
    event = factories.event(capacity=20, start=timezone.now() + dt.timedelta(days=5))
    if own_minutes is not None:
        ProgramFollowup.objects.create(program=event.program, still_coming_minutes=own_minutes)
    addresses = _addresses(event)
    if channel == "api":
        submit = lambda email: _api_post(api, event, name="Someone", email=email)  # noqa: E731
    else:
        submit = lambda email: _form_post(client, event, name="Someone", email=email)  # noqa: E731
    answers, done = _submit_each(event, addresses, submit)
    assert {kind: answers[kind].status_code for kind in addresses} == dict.fromkeys(addresses, 202)
    assert {kind: done[kind] for kind in addresses} == dict.fromkeys(addresses, done["new"])
    assert not [table for _verb, table in done["new"] if table.startswith("followup")]
    assert Notification.objects.filter(kind="still_coming").count() == 0
    # At the moment, everyone on the list is asked alike, the new address too.
    still_coming_sweep(now=question_moment(event))
    asked = Notification.objects.filter(event=event, kind="still_coming")
    assert sorted(asked.values_list("rsvp_id", flat=True)) == sorted(
        Rsvp.objects.filter(event=event).values_list("pk", flat=True)
    )
    assert Rsvp.objects.filter(event=event).count() == 5  # warm-up, new, known, 2 before


def test_the_mailbox_of_a_repeated_address_gets_its_own_link_and_the_rsvp_is_unchanged(
    api, mailoutbox
):
    event = factories.event(title="Neighborhood Watch")
    mine = rsvp_create(event=event, email=MARIA, name="Maria Lopez", party_size=2)
    deliver_due()
    mailoutbox.clear()
    _api_post(api, event, name="Imposter", email=MARIA, party_size=5, phone="503-555-0100")
    deliver_due()
    [message] = messages_to(mailoutbox, "maria.lopez@example.org")
    assert "Hello Maria Lopez" in message.body
    assert "Imposter" not in message.body
    # Her link opens her RSVP, as she left it.
    rsvp = Rsvp.objects.get(pk=mine.rsvp.pk)
    assert (rsvp.name, rsvp.party_size, rsvp.phone) == ("Maria Lopez", 2, "")
    assert api.get(f"/api/v1/rsvps/{manage_path(message).split('/')[2]}/").json()["name"] == (
        "Maria Lopez"
    )


# --- The notice on every RSVP form ---------------------------------------------------------


def _catalog(language: str) -> tuple[str, str]:
    """The notice's heading and the head count's retention sentence, as the catalog of
    `language` words them (30 days)."""
    with translation.override(language):
        heading = escape(gettext("Your privacy"))  # {% translate %} escapes what it writes
        kept = ngettext(
            "An e-mail address, if you add one, is deleted %(days)s day after the event. "
            "We keep only the count.",
            "An e-mail address, if you add one, is deleted %(days)s days after the event. "
            "We keep only the count.",
            30,
        ) % {"days": 30}
    return heading, kept


@pytest.mark.parametrize("language", [code for code, _ in django_settings.LANGUAGES])
def test_every_rsvp_form_says_what_is_asked_who_sees_it_and_how_long(client, settings, language):
    """One notice, translated through the catalog (for a language other than English, the
    test fails until its catalog words the notice)."""
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "RETENTION_DAYS": 30}
    heading, kept = _catalog(language)
    if language != "en":
        english = _catalog("en")
        assert heading != english[0] and kept != english[1], f"{language}: not translated"
    counting = factories.event(program=factories.program(default_rsvp_mode="headcount"))
    naming = factories.event()
    token = rsvp_create_headcount(event=counting).manage_token

    def notice(path):
        body = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        found = re.findall(r'<aside class="privacy-notice".*?</aside>', body, re.S)
        assert len(found) == 1, path
        assert found[0].startswith(f'<aside class="privacy-notice" lang="{language}"'), path
        return found[0]

    forms = {
        "contact": notice(f"/events/{naming.pk}/"),
        "head count": notice(f"/events/{counting.pk}/"),
        "e-mail later": notice(f"/rsvp/{token}/"),
    }
    assert {form: heading in text for form, text in forms.items()} == dict.fromkeys(forms, True)
    assert kept in forms["head count"]
    assert "30" in forms["contact"] and "30" in forms["e-mail later"]
    # Each says what it asks: the contact form its fields, the head count nothing else.
    assert len(set(forms.values())) == 3


def test_texts_wait_for_the_mailbox_so_a_probe_with_its_own_phone_learns_nothing(
    api, client, mailoutbox, settings, tmp_path
):
    """Otherwise: type her address and your own phone; texts arrive if she had no RSVP."""
    settings.SMS_BACKEND = "notifications.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    start = timezone.now() + dt.timedelta(days=2)
    event = factories.event(title="Crisis Intervention", start=start)
    probe = {"name": "Probe", "email": MARIA, "phone": "503-555-0177", "sms_opt_in": True}
    assert _api_post(api, event, **probe).status_code == 202
    texts = Notification.objects.filter(channel="sms").order_by("due_at")
    assert [t.offset_minutes for t in texts] == [1440, 120]
    # The day before: the text is not sent, for nobody turned it on.
    first = texts.first()
    assert notice_deliver(first.pk, now=first.due_at) == "skipped"
    assert Notification.objects.get(pk=first.pk).last_error == (
        "Text reminders were not turned on from the RSVP's e-mailed link."
    )
    assert not list(Path(settings.SMS_FILE_PATH).glob("*.sms"))
    # The mailbox's owner can turn them on (if the number is theirs), from her link.
    deliver_due()
    [message] = messages_to(mailoutbox, "maria.lopez@example.org")
    assert "You asked for text reminders: turn them on from that page." in message.body
    path = manage_path(message)
    assert "Turn on text reminders" in client.get(path).content.decode()
    turned = client.post(f"{path}texts/")
    assert "Text reminders go to the number ending in 77." in turned.content.decode()
    last = texts.last()
    assert notice_deliver(last.pk, now=last.due_at) == "sent"
    assert len(list(Path(settings.SMS_FILE_PATH).glob("*.sms"))) == 1


def test_the_notice_states_the_period_of_the_events_program(client, settings):
    # The purge reads the same period (Program.retention_days_in_force), so the form's
    # promise and what happens cannot drift apart.
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "RETENTION_DAYS": 90}
    own = factories.event(program=factories.program(retention_days=14))
    site = factories.event()
    assert "14 days after the event" in client.get(f"/events/{own.pk}/").text
    assert "14 days" not in client.get(f"/events/{site.pk}/").text
    assert "90 days after the event" in client.get(f"/events/{site.pk}/").text
