"""Calendar feed benchmark: prints timings and ratios for 1,000 events, in one run.

    .venv/bin/python bench/feeds.py [--events 1000]

Uses a fresh SQLite database in a temporary directory (or DATABASE_URL if set: then
give it a database of its own). Compares, over the same events:
  - our feed, cold (nothing cached), warm (body cached for the fingerprint) and
    after one event changed (the other 999 events' bytes reused),
  - a hand-written string template emitting the same VEVENTs (no VTIMEZONE, no RRULE),
  - django-ical's ICalFeed over the same events,
  - our 304 path against a bare Django view and a one-query Django view.
"""
# ruff: noqa: E402 - Django is set up (from the environment below) before models are imported.

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-use")
os.environ.setdefault("PORCHLIGHT_VAR_DIR", tempfile.mkdtemp(prefix="porchlight-bench-"))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import path
from django.utils import timezone
from django_ical.views import ICalFeed

from config.urls import urlpatterns as project_urls
from scheduler import queries
from scheduler.feeds.cache import feed_cache_clear
from scheduler.feeds.queries import feed_window, in_window
from scheduler.models import Event, Neighborhood, Organization, Program, Venue


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()

    print(f"Database: {connection.vendor}; events: {args.events}", flush=True)
    call_command("migrate", verbosity=0)

    # --- data ------------------------------------------------------------------------
    Event.objects.all().delete()
    program, _ = Program.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    host, _ = Organization.objects.get_or_create(slug="bench-pd", defaults={"name": "Bench PD"})
    partner, _ = Organization.objects.get_or_create(
        slug="bench-lib", defaults={"name": "Bench Library"}
    )
    hood, _ = Neighborhood.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    venue = Venue.objects.create(
        name="Community Room",
        address="12 Oak St",
        neighborhood=hood,
        latitude="45.5",
        longitude="-122.6",
        accessibility_notes="Step-free entrance.",
    )
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
    events = Event.objects.bulk_create(
        Event(
            title=f"Coffee with a Cop #{i}",
            description="Talk with the officers who patrol your neighborhood.",
            program=program,
            venue=venue,
            host=host,
            start=start + dt.timedelta(hours=7 * i),
            end=start + dt.timedelta(hours=7 * i + 1),
            uid=f"event-{uuid.uuid4()}@porchlight",
        )
        for i in range(args.events)
    )
    Event.partners.through.objects.bulk_create(
        Event.partners.through(event_id=e.pk, organization_id=partner.pk) for e in events
    )

    def selected():
        qs = queries.with_details(in_window(Event.objects.public(), feed_window()))
        return list(qs.order_by("start", "id"))

    # --- comparison views ----------------------------------------------------------------
    def esc(text: str) -> str:
        return (
            text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        )

    def utc(value):
        return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")

    def string_template(request):
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Bench//EN"]
        for e in selected():
            partners = ", ".join(p.name for p in e.partners.all())
            about = f"{e.description} Hosted by {e.host.name} with {partners}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{e.uid}",
                f"DTSTAMP:{utc(e.updated_at)}",
                f"LAST-MODIFIED:{utc(e.updated_at)}",
                f"DTSTART:{utc(e.start)}",
                f"DTEND:{utc(e.end)}",
                f"SUMMARY:{esc(e.title)}",
                f"DESCRIPTION:{esc(about)}",
                f"LOCATION:{esc(e.venue.name + ', ' + e.venue.address)}",
                f"URL:{e.absolute_url}",
                f"CATEGORIES:{esc(e.program.name)}",
                f"SEQUENCE:{e.sequence}",
                "STATUS:CONFIRMED",
                "END:VEVENT",
            ]
        lines.append("END:VCALENDAR")
        return HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar")

    class DjangoIcalFeed(ICalFeed):
        product_id = "-//Bench//EN"
        title = "Bench"
        description = "Bench"

        def items(self):
            return selected()

        def item_guid(self, item):
            return item.uid

        def item_title(self, item):
            return item.title

        def item_description(self, item):
            partners = ", ".join(p.name for p in item.partners.all())
            return f"{item.description} Hosted by {item.host.name} with {partners}"

        def item_link(self, item):
            return item.absolute_url

        def item_start_datetime(self, item):
            return item.start

        def item_end_datetime(self, item):
            return item.end

        def item_location(self, item):
            return f"{item.venue.name}, {item.venue.address}"

        def item_updateddate(self, item):
            return item.updated_at

        def item_categories(self, item):
            return [item.program.name]

        def item_sequence(self, item):
            return item.sequence

    def bare(request):
        return HttpResponse("ok")

    def one_query(request):
        return HttpResponse(str(Event.objects.count()))

    module = type(sys)("bench_urls")
    module.urlpatterns = [
        *project_urls,
        path("bench/string.ics", string_template),
        path("bench/django-ical.ics", DjangoIcalFeed()),
        path("bench/bare/", bare),
        path("bench/one-query/", one_query),
    ]
    sys.modules["bench_urls"] = module

    with override_settings(ROOT_URLCONF="bench_urls"):
        client = Client()
        url = "/calendar/events.ics"
        first = client.get(url)
        assert first.status_code == 200, first.status_code
        vevents = first.content.count(b"BEGIN:VEVENT")
        current = [first["ETag"]]

        def cold():
            feed_cache_clear()
            cache.clear()
            assert client.get(url).status_code == 200

        def warm():
            assert client.get(url).status_code == 200

        def not_modified():
            assert client.get(url, HTTP_IF_NONE_MATCH=current[0]).status_code == 304

        for name in ("string.ics", "django-ical.ics"):
            assert client.get(f"/bench/{name}").status_code == 200

        edited = iter(Event.objects.order_by("?")[:7])

        def one_changed():
            event = next(edited)
            event.title += " (moved indoors)"
            event.save()
            assert client.get(url).status_code == 200

        results = {
            "ours, cold": median_ms(cold, 7),
            "ours, warm": median_ms(warm, 50),
            "ours, one event changed": median_ms(one_changed, 7),
            "hand-written string template": median_ms(lambda: client.get("/bench/string.ics"), 7),
            "django-ical": median_ms(lambda: client.get("/bench/django-ical.ics"), 7),
        }
        current[0] = client.get(url)["ETag"]  # the ETag after the edits above
        results["ours, 304"] = median_ms(not_modified, 300)
        results["bare Django view"] = median_ms(lambda: client.get("/bench/bare/"), 300)
        results["one-query Django view"] = median_ms(lambda: client.get("/bench/one-query/"), 300)

    print(f"Feed: {vevents} VEVENTs, {len(first.content):,} bytes")
    for name, value in results.items():
        print(f"  {name:32s} {value:9.2f} ms")
    ratios = [
        ("cold / warm", "ours, cold", "ours, warm"),
        ("cold / one event changed", "ours, cold", "ours, one event changed"),
        ("cold / hand-written string", "ours, cold", "hand-written string template"),
        ("cold / django-ical", "ours, cold", "django-ical"),
        ("warm / hand-written string", "ours, warm", "hand-written string template"),
        ("warm / django-ical", "ours, warm", "django-ical"),
        ("304 / bare Django view", "ours, 304", "bare Django view"),
        ("304 / one-query Django view", "ours, 304", "one-query Django view"),
    ]
    print("Ratios:")
    for label, top, bottom in ratios:
        print(f"  {label:32s} {results[top] / results[bottom]:9.3f}x")


if __name__ == "__main__":
    main()
