"""Officer pages and languages (issue 11): the roster and the sign-in sheet say which
language each party chose, so the officer can bring an interpreter; the officer's own pages
follow the officer's language choice."""

import re

import pytest
from django.db.models import F
from django.utils import timezone, translation

from rsvp.models import Rsvp
from scheduler.when import time_text
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return factories.user("officer")


@pytest.fixture
def event(officer):
    return factories.event(title="Coffee with a Cop", officers=[officer], capacity=20)


def _languages(body: str) -> list[str]:
    return re.findall(r'<span class="language">(.*?)</span>\n', body)


def test_the_roster_names_each_partys_language_where_it_is_not_the_sites(client, officer, event):
    factories.rsvp(event, name="Ana García", language="es")
    factories.rsvp(event, name="Bob Smith", language="en")
    factories.rsvp(event, name="Lan Nguyen", language="vi", status="waitlisted")
    factories.rsvp(event, headcount=True, reference="HC00042", language="hmn")
    client.force_login(officer)

    body = client.get(f"/officers/events/{event.pk}/attendance/").content.decode()

    assert _languages(body) == [
        '<strong>Language:</strong> Spanish (<span lang="es">Español</span>)',
        '<strong>Language:</strong> Hmong (<span lang="hmn">Hmoob</span>)',
        '<strong>Language:</strong> Vietnamese (<span lang="vi">Tiếng Việt</span>)',
    ]


def test_the_sign_in_sheet_has_a_language_column_filled_where_it_is_not_the_sites(
    client, officer, event
):
    factories.rsvp(event, name="Ana García", language="es")
    factories.rsvp(event, name="Bob Smith", language="en")
    factories.rsvp(event, name="Lan Nguyen", language="pa", status="waitlisted")
    client.force_login(officer)

    body = client.get(f"/officers/events/{event.pk}/sign-in-sheet/").content.decode()

    assert body.count('<th class="col-language" scope="col">Language</th>') == 2
    assert re.findall(r'<td class="col-language">(.*?)</td>', body) == [
        'Spanish (<span lang="es">Español</span>)',
        "",
        'Punjabi (<span lang="pa">ਪੰਜਾਬੀ</span>)',
    ]


def test_the_roster_stays_flat_in_queries_with_many_languages(client, officer, get_queries):
    languages = ["en", "es", "zh-hans", "zh-hant", "vi", "ru", "pa", "tl", "hmn"]

    def fill(count):
        event = factories.event(officers=[officer], capacity=None)
        for i in range(count):
            status = "waitlisted" if i % 4 == 0 else "confirmed"
            factories.rsvp(event, language=languages[i % len(languages)], status=status)
        return event

    small, large = fill(3), fill(90)
    client.force_login(officer)
    for suffix in ("attendance/", "sign-in-sheet/"):
        get_queries(client, f"/officers/events/{small.pk}/{suffix}")  # warm the session
        few = get_queries(client, f"/officers/events/{small.pk}/{suffix}")
        many = get_queries(client, f"/officers/events/{large.pk}/{suffix}")
        assert (suffix, few) == (suffix, many)
    body = client.get(f"/officers/events/{large.pk}/attendance/").content.decode()
    assert len(_languages(body)) == 80  # 90 parties, 10 of them in English


def test_officer_pages_follow_the_officers_language(client, officer, event):
    rsvp = factories.rsvp(event, name="Ana García")
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_at=timezone.now(), arrived=F("party_size"))
    client.force_login(officer)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/officers/"})
    for path in ("/officers/", f"/officers/events/{event.pk}/attendance/", "/officers/reports/"):
        response = client.get(path)
        assert re.search(r'<html lang="([^"]+)"', response.content.decode())[1] == "zh-hans"
    body = client.get(f"/officers/events/{event.pk}/attendance/").content.decode()
    # The arrival time as the officer's language writes it (Babel: 下午6:42, 18:42…).
    with translation.override("zh-hans"):
        arrived = time_text(Rsvp.objects.get().checked_in_at, event.timezone)
    assert arrived in body and (" AM" not in arrived and " PM" not in arrived)


def test_the_check_in_script_gets_its_words_in_the_officers_language(client, officer, event):
    """The page loads the script's words (rsvp/officers/door_words.py) from the catalog, in
    the officer's language with its plural rule: the same words offline."""
    client.force_login(officer)
    body = client.get(f"/officers/events/{event.pk}/attendance/").content.decode()
    assert '<script src="/officers/door/words.js" defer></script>' in body
    client.cookies["django_language"] = "es"
    words = client.get("/officers/door/words.js").content.decode()
    catalog = re.search(r"const newcatalog = (\{.*?\});", words, re.S)[1]
    with translation.override("es"):
        expected = translation.pgettext("button", "Check in")
    assert f'"button\\u0004Check in": "{expected}"' in catalog
    assert expected != "Check in"
    assert "nplurals=2" in words or "const v = (n != 1);" in words
