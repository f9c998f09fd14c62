"""The languages spoken at an event or interpreted into there: shown to residents on the
event's page and card, and a filter on `/` and in the feeds."""

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils.translation import gettext, override

from scheduler.models import EventLanguage
from tests import factories
from tests.scheduler.feeds_support import parse

pytestmark = pytest.mark.django_db


def _name(code: str) -> str:
    # Each language named in itself, as config/languages.py names it ("Tiếng Việt").
    return dict(settings.LANGUAGES)[code]


def _events():
    return {
        "vietnamese": factories.event(
            title="Home security", languages=[("en", False), ("vi", True)]
        ),
        "hmong": factories.event(title="Personal safety", languages=[("en", False), ("hmn", True)]),
        "english": factories.event(title="Bike rodeo", languages=[("en", False)]),
        "unsaid": factories.event(title="Explorers"),
        "held_in_vietnamese": factories.event(
            title="Tết picnic", languages=[("vi", False), ("es", True), ("hmn", True)]
        ),
        "unlisted": factories.event(
            title="Private", visibility="unlisted", languages=[("vi", True)]
        ),
    }


def _titles(response) -> list[str]:
    assert response.status_code == 200
    return [event.title for event in response.context["events"]]


def test_the_list_filters_by_a_language_spoken_or_interpreted_there(client):
    _events()
    assert _titles(client.get("/?language=vi")) == ["Home security", "Tết picnic"]
    assert _titles(client.get("/?language=hmn")) == ["Personal safety", "Tết picnic"]
    assert _titles(client.get("/?language=es")) == ["Tết picnic"]
    assert _titles(client.get("/?language=ru")) == []
    assert len(_titles(client.get("/?language="))) == 5
    refused = client.get("/?language=klingon")
    assert _titles(refused) == []
    assert "Some filters could not be used" in refused.content.decode()


def test_the_list_has_a_language_select_naming_each_language_in_itself(client):
    page = client.get("/?language=vi").content.decode()
    select = '<select name="language" id="filter-language"><option value="">Any language</option>'
    assert select in page
    assert f'<option value="vi" lang="vi" selected>{_name("vi")}</option>' in page
    assert '<option value="hmn" lang="hmn">Hmoob</option>' in page


def test_the_public_feed_filters_by_language_too(client):
    _events()
    body = client.get("/calendar/events.ics?language=vi").content
    assert sorted(str(v["SUMMARY"]) for v in parse(body).walk("VEVENT")) == [
        "Home security",
        "Tết picnic",
    ]
    assert client.get("/calendar/events.ics?language=klingon").status_code == 400


def test_the_event_page_and_card_say_which_languages_are_spoken_and_interpreted(client):
    events = _events()
    event = events["vietnamese"]
    expected = (
        '<p class="languages">Spoken: <span lang="en">English</span> · '
        f'Interpretation: <span lang="vi">{_name("vi")}</span></p>'
    )

    def languages_line(html: str) -> str:
        start = html.index('<p class="languages">')
        return " ".join(html[start : html.index("</p>", start) + 4].split())

    assert languages_line(client.get(f"/events/{event.pk}/").content.decode()) == expected
    card = client.get("/?q=home").content.decode()
    assert languages_line(card) == expected
    picnic = client.get(f"/events/{events['held_in_vietnamese'].pk}/").content.decode()
    assert languages_line(picnic) == (
        f'<p class="languages">Spoken: <span lang="vi">{_name("vi")}</span> · '
        f'Interpretation: <span lang="es">Español</span>, <span lang="hmn">Hmoob</span></p>'
    )
    unsaid = client.get(f"/events/{events['unsaid'].pk}/").content.decode()
    assert '<p class="languages">' not in unsaid


def test_languages_are_named_in_themselves_whatever_the_pages_language():
    event = factories.event(languages=[("en", False), ("zh-hant", True)])
    html = Client(headers={"accept-language": "vi"}).get(f"/events/{event.pk}/").content.decode()
    assert '<span lang="en">English</span>' in html
    assert f'<span lang="zh-hant">{_name("zh-hant")}</span>' in html


def test_the_event_page_says_spoken_and_interpretation_in_the_residents_language():
    # Needs the Spanish catalog: fails until "Spoken: …" is translated there.
    event = factories.event(languages=[("en", False), ("vi", True)])
    with override("es"):
        spoken = gettext("Spoken: %(languages)s") % {"languages": '<span lang="en">English</span>'}
    assert spoken != 'Spoken: <span lang="en">English</span>'
    html = Client(headers={"accept-language": "es"}).get(f"/events/{event.pk}/").content.decode()
    assert spoken in html


def test_a_language_is_listed_once_per_event():
    event = factories.event(languages=[("vi", True)])
    with pytest.raises(IntegrityError), transaction.atomic():
        EventLanguage.objects.create(event=event, language="vi", interpreted=False)
    assert [str(row) for row in event.languages.all()] == [_name("vi")]
