"""The door list's offline parts as the server serves them: the worker, the empty page it
keeps, the words with plurals, and signing out that makes the browser forget them."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_worker_is_served_from_the_officer_pages_and_keeps_only_the_shell_and_files(client):
    response = client.get("/officers/sw.js")
    body = response.content.decode()
    assert (response.status_code, response["Content-Type"]) == (
        200,
        "text/javascript; charset=utf-8",
    )
    assert response["Cache-Control"] == "no-cache"
    assert 'var SHELL = "/officers/door/shell/";' in body
    assert (
        'var FILES = ["/static/css/porchlight.css", "/static/css/officers.css", '
        '"/static/js/porchlight.js", "/static/js/door_store.js", "/static/js/checkin.js", '
        '"/static/js/scan.js", "/static/vendor/jsqr/jsQR.js", "/officers/door/words.js"];'
    ) in body
    # Another language, another worker (its shell is in that language).
    client.cookies["django_language"] = "es"
    other = client.get("/officers/sw.js").content.decode()
    version = [line for line in body.splitlines() if line.startswith("var VERSION")]
    assert version != [line for line in other.splitlines() if line.startswith("var VERSION")]


def test_the_shell_holds_no_resident_and_is_never_the_login_page(client):
    officer = factories.user("officer")
    event = factories.event(officers=[officer], start=factories.door_open())
    factories.rsvp(event, name="Ana Reyes", attendee=factories.attendee(email="ana.r@example.org"))
    assert client.get("/officers/door/shell/").status_code == 401
    client.force_login(officer)
    shell = client.get("/officers/door/shell/")
    html = shell.content.decode()
    assert shell.status_code == 200
    assert shell["Cache-Control"] == "no-store"
    for absent in ("Ana Reyes", "ana.r@example.org", event.title):
        assert absent not in html
    assert '<template id="door-row">' in html
    assert "data-shell" in html


def test_the_words_come_with_the_languages_plural_rule(client):
    client.cookies["django_language"] = "ru"
    body = client.get("/officers/door/words.js").content.decode()
    # Russian has three plural forms; only the door's words are sent, not the whole catalog.
    assert (
        "const v = (n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);"
    ) in body
    assert '"Offline: %(count)s change waiting to be sent.": [' in body
    assert "Reminders" not in body
    assert len(body) < 20_000


def test_the_shell_keeps_no_message_and_no_officers_name(client):
    officer = factories.user("officer", username="officer.reyes")
    client.force_login(officer)
    event = factories.event(officers=[officer], start=factories.door_open())
    # A message waiting for the next page (a walk-in recorded without JavaScript).
    client.post(f"/officers/events/{event.pk}/attendance/walkins/", {"head_count": 2})
    html = client.get("/officers/door/shell/").content.decode()
    assert "Walk-in recorded" not in html
    assert "officer.reyes" not in html
    # The message is still there for the next real page.
    page = client.get(f"/officers/events/{event.pk}/attendance/").content.decode()
    assert "Walk-in recorded: 2 people." in page


def test_starting_a_kiosk_makes_the_tablet_forget_the_door_list(client):
    officer = factories.user("officer")
    event = factories.event(officers=[officer], start=factories.door_open())
    client.force_login(officer)
    response = client.post(
        f"/officers/events/{event.pk}/kiosk/start/", {"pin": "482913", "pin_again": "482913"}
    )
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_signing_out_tells_the_browser_to_forget_the_door_list(client):
    client.force_login(factories.user("officer"))
    response = client.post("/accounts/logout/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_every_word_the_door_script_uses_is_in_its_catalog():
    import re
    from pathlib import Path

    from rsvp.officers.door_words import door_msgids

    script = Path("static/js/checkin.js").read_text(encoding="utf-8")
    used = set(re.findall(r'\b(?:gettext|word|words)\(\s*"((?:[^"\\]|\\.)*)"', script))
    used |= set(re.findall(r"\bwords\(\s*'((?:[^'\\]|\\.)*)'", script))
    used |= {f"{c}\x04{m}" for c, m in re.findall(r'pgettext\(\s*"([^"]+)",\s*"([^"]+)"', script)}
    used.discard("text")
    assert used, "the pattern found no words: check the test"
    assert sorted(used - door_msgids()) == []
