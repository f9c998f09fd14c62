"""The iCalendar builder: events in, bytes out (RFC 5545, written by icalendar).

Pure: it never queries the database. Callers hand it events with `program`, `venue`,
`host`, `series` and `partners` loaded (scheduler.queries.with_details does that). Its
fixed words ("Cancelled: …", "Hosted by …") are in the active language, which the caller
chooses (scheduler.feeds.base: the feed's; notifications.email: the resident's).
The feeds use calendar_build; an e-mail invitation puts event_vevent's VEVENT (with its
own iTIP properties) into event_calendar, so both carry the same VEVENT and VTIMEZONE.

A series is written as one VEVENT with an RRULE (UID = the series' UID) whose
expansion is exactly the occurrences handed in: EXDATE for the dates the rule gives
that are not among them, RDATE for occurrences the rule no longer gives, and a
RECURRENCE-ID override for each occurrence that differs from the series (edited by
hand, cancelled, moved, tentative). Everything else is a plain VEVENT with the
event's own UID. Identical input gives identical bytes: DTSTAMP and LAST-MODIFIED
come from the rows' `updated_at`, never from the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from collections.abc import Iterable, MutableMapping

import icalendar
from dateutil import rrule as du_rrule
from django.utils.translation import get_language

from scheduler.feeds.timezones import vtimezone_bytes
from scheduler.feeds.words import cancelled_summary, event_description
from scheduler.recurrence import local_datetime, rrule_normalize

PRODID = "-//Porchlight//Community events//EN"
UTC = dt.UTC

STATUS_CONFIRMED = "CONFIRMED"
STATUS_TENTATIVE = "TENTATIVE"
STATUS_CANCELLED = "CANCELLED"


@dataclasses.dataclass(frozen=True)
class CalendarInfo:
    """What a calendar app shows about the feed itself."""

    name: str
    description: str
    site_url: str
    refresh_minutes: int = 60


def _series_url(site_url: str, series_id: int) -> str:
    return f"{site_url}/calendar/series/{series_id}/"


def _event_url(site_url: str, event) -> str:
    return site_url + event.get_absolute_url()


def _status(event, tentative: bool) -> str:
    if event.status == event.Status.CANCELLED:
        return STATUS_CANCELLED
    return STATUS_TENTATIVE if tentative else STATUS_CONFIRMED


def _content_key(event, tentative: bool) -> tuple:
    """Everything an instance shows apart from its times and its link."""
    venue = event.venue
    return (
        event.title,
        event.description,
        event.cancellation_reason if event.status == event.Status.CANCELLED else "",
        event.program.name,
        event.host.name,
        tuple(p.name for p in event.partners.all()),
        venue.name,
        venue.address,
        venue.latitude,
        venue.longitude,
        venue.accessibility_notes,
        event.timezone,
        _status(event, tentative),
    )


def _add_content(component, event, *, url: str, status: str) -> None:
    venue = event.venue
    cancelled = status == STATUS_CANCELLED
    component.add("summary", cancelled_summary(event.title) if cancelled else event.title)
    component.add(
        "description",
        event_description(event, url, cancelled=cancelled, tentative=status == STATUS_TENTATIVE),
    )
    component.add("location", f"{venue.name}, {venue.address}")
    if venue.latitude is not None and venue.longitude is not None:
        component.add("geo", (float(venue.latitude), float(venue.longitude)))
    component.add("url", url)
    component.add("categories", [event.program.name])
    component.add("status", status)
    if status == STATUS_CANCELLED:
        # Cancelled: keep it visible in subscribed calendars, but not as busy time.
        component.add("transp", "TRANSPARENT")


def _stamp(component, *, uid: str, sequence: int, updated_at: dt.datetime) -> None:
    stamp = updated_at.astimezone(UTC).replace(microsecond=0)
    component.add("uid", uid)
    component.add("dtstamp", stamp)
    component.add("last-modified", stamp)
    component.add("sequence", sequence)


def _times(component, start: dt.datetime, end: dt.datetime, tz: zoneinfo.ZoneInfo) -> None:
    component.add("dtstart", start.astimezone(tz))
    component.add("dtend", end.astimezone(tz))


def event_vevent(event, *, site_url: str, tentative: bool = False) -> icalendar.Event:
    """One occurrence as a plain VEVENT with its own UID (a download, an invitation)."""
    status = _status(event, tentative)
    component = icalendar.Event()
    _stamp(component, uid=event.uid, sequence=event.sequence, updated_at=event.updated_at)
    _times(component, event.start, event.end, event.tzinfo)
    _add_content(component, event, url=_event_url(site_url, event), status=status)
    return component


def _rule_without_end(rule: str) -> str:
    parts = [p for p in rrule_normalize(rule).split(";") if p]
    kept = [p for p in parts if p.partition("=")[0] not in ("COUNT", "UNTIL")]
    return ";".join(kept)


def _series_components(
    series, occurrences: list, *, site_url: str, tentative_ids: frozenset[int]
) -> list[icalendar.Event]:
    """One master VEVENT (RRULE, RDATE, EXDATE) and its RECURRENCE-ID overrides."""
    tz = series.tzinfo
    by_date = {event.occurrence_date: event for event in occurrences}
    dates = sorted(by_date)
    first, last = dates[0], dates[-1]

    def instance_start(day: dt.date) -> dt.datetime:
        return local_datetime(day, series.start_time, series.timezone)

    # The master starts on the first date the series' own rule gives from the first
    # occurrence on, so the emitted rule keeps the series' phase (INTERVAL, BYSETPOS…).
    base_rule = _rule_without_end(series.rrule)
    anchored = du_rrule.rrulestr(
        base_rule, dtstart=dt.datetime.combine(series.start_date, series.start_time)
    )
    anchor = anchored.after(dt.datetime.combine(first, dt.time.min), inc=True)
    rule_dates: list[dt.date] = []
    until_day = None
    if anchor is not None and anchor.date() <= last:
        master_day = anchor.date()
        emitted = du_rrule.rrulestr(
            base_rule, dtstart=dt.datetime.combine(master_day, series.start_time)
        )
        end_bound = dt.datetime.combine(last, dt.time.max)
        for when in emitted.xafter(dt.datetime.combine(master_day, dt.time.min), inc=True):
            if when > end_bound:
                break
            rule_dates.append(when.date())
        until_day = rule_dates[-1]
    else:
        master_day = first
        rule_dates = [first]

    in_rule = set(rule_dates)
    exdates = [day for day in rule_dates if day not in by_date]
    rdates = [day for day in dates if day not in in_rule]

    master_start = instance_start(master_day)
    master_end = master_start + series.duration
    length = master_end.astimezone(UTC) - master_start.astimezone(UTC)

    def matches_rule(event) -> bool:
        start = instance_start(event.occurrence_date)
        return event.start == start and event.end == start + length

    def plain(event) -> bool:
        return (
            not event.is_customized
            and event.status != event.Status.CANCELLED
            and event.pk not in tentative_ids
            and matches_rule(event)
        )

    # What the master shows: the latest occurrence that still follows the series.
    followers = [by_date[day] for day in dates if plain(by_date[day])]
    template = followers[-1] if followers else by_date[last]
    template_key = _content_key(template, template.pk in tentative_ids)
    overrides = [
        by_date[day]
        for day in dates
        if not plain(by_date[day])
        or _content_key(by_date[day], by_date[day].pk in tentative_ids) != template_key
    ]
    override_ids = {event.pk for event in overrides}
    represented = [event for event in occurrences if event.pk not in override_ids]
    sequence = max(event.sequence for event in occurrences)
    master_updated = max([series.updated_at] + [event.updated_at for event in represented])

    master = icalendar.Event()
    _stamp(master, uid=series.uid, sequence=sequence, updated_at=master_updated)
    _times(master, master_start, master_end, tz)
    if until_day is not None and len(rule_dates) > 1:
        recur = icalendar.vRecur.from_ical(base_rule)
        recur["UNTIL"] = [instance_start(until_day).astimezone(UTC)]
        master.add("rrule", recur)
    if rdates:
        master.add("rdate", [instance_start(day) for day in rdates])
    if exdates:
        master.add("exdate", [instance_start(day) for day in exdates])
    _add_content(
        master,
        template,
        url=_series_url(site_url, series.pk),
        status=_status(template, template.pk in tentative_ids),
    )
    components = [master]
    for event in overrides:
        override = icalendar.Event()
        _stamp(
            override,
            uid=series.uid,
            sequence=max(event.sequence, sequence),
            updated_at=event.updated_at,
        )
        override.add("recurrence-id", instance_start(event.occurrence_date))
        _times(override, event.start, event.end, event.tzinfo)
        _add_content(
            override,
            event,
            url=_event_url(site_url, event),
            status=_status(event, event.pk in tentative_ids),
        )
        components.append(override)
    return components


FOOTER = b"END:VCALENDAR\r\n"


def _calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _without_footer(calendar: icalendar.Calendar) -> bytes:
    return calendar.to_ical()[: -len(FOOTER)]


def _note_zone(zones: dict[str, list[int]], tzid: str, *moments: dt.datetime) -> None:
    """The years a zone's VTIMEZONE must cover: those of the times written in it."""
    tz = zoneinfo.ZoneInfo(tzid)
    zones.setdefault(tzid, []).extend(moment.astimezone(tz).year for moment in moments)


def _vtimezones(zones: dict[str, list[int]]) -> list[bytes]:
    return [vtimezone_bytes(tzid, min(years), max(years)) for tzid, years in sorted(zones.items())]


def _header(info: CalendarInfo) -> bytes:
    calendar = _calendar()
    calendar.add("x-wr-calname", info.name)
    calendar.add("x-wr-caldesc", info.description)
    calendar.add("name", info.name)
    calendar.add("description", info.description)
    # RFC 7986 REFRESH-INTERVAL and the older X-PUBLISHED-TTL that Outlook reads.
    refresh = dt.timedelta(minutes=info.refresh_minutes)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(refresh))
    return _without_footer(calendar)


def event_calendar(event, vevent: icalendar.Event, **properties) -> bytes:
    """A VCALENDAR with one VEVENT made for `event` (see event_vevent) and the VTIMEZONE
    of its zone; `properties` go on the calendar itself (an invitation's METHOD)."""
    calendar = _calendar()
    for name, value in properties.items():
        calendar.add(name, value)
    zones: dict[str, list[int]] = {}
    _note_zone(zones, event.timezone, event.start, event.end)
    return b"".join([_without_footer(calendar), *_vtimezones(zones), vevent.to_ical(), FOOTER])


def _single_fragments(events, *, site_url: str, tentative: frozenset[int]) -> list[tuple]:
    return [
        (
            (event.start, event.uid),
            event_vevent(event, site_url=site_url, tentative=event.pk in tentative).to_ical(),
        )
        for event in events
    ]


def _group_fragments(series, group, *, site_url: str, tentative: frozenset[int]) -> list[tuple]:
    try:
        parts = _series_components(series, group, site_url=site_url, tentative_ids=tentative)
    except (ValueError, TypeError, OverflowError):
        # A rule dateutil cannot read (stored before validation): the occurrences
        # still reach calendars, one by one, rather than the feed failing.
        return _single_fragments(group, site_url=site_url, tentative=tentative)
    first_start = parts[0].decoded("dtstart")
    return [((first_start, series.uid, index), part.to_ical()) for index, part in enumerate(parts)]


def calendar_build(
    events: Iterable,
    *,
    info: CalendarInfo,
    tentative_ids: Iterable[int] = (),
    group_series: bool = True,
    fragments: MutableMapping | None = None,
    extras: Iterable = (),
) -> bytes:
    """The whole VCALENDAR for these events, as bytes.

    tentative_ids: events shown as STATUS:TENTATIVE (a resident's waitlisted RSVPs).
    group_series: write occurrences of a series as one recurring VEVENT (feeds); off for
    a single-event download, which carries the occurrence's own UID.
    fragments: a store for the bytes of each event (or series) keyed on everything they
    are made from — `updated_at` moves with every change that shows — so an unchanged
    event is not written again. The output is the same with or without it.
    """
    tentative = frozenset(tentative_ids)
    site = info.site_url
    # The fixed words of each event are in the active language (the feed's).
    language = get_language()
    series_groups: dict[int, list] = {}
    singles = []
    for event in events:
        if group_series and event.series_id and event.occurrence_date:
            series_groups.setdefault(event.series_id, []).append(event)
        else:
            singles.append(event)

    zones: dict[str, list[int]] = {}

    def cached(key: tuple, make) -> list[tuple]:
        if fragments is None:
            return make()
        found = fragments.get(key)
        if found is None:
            found = make()
            fragments[key] = found
        return found

    pieces: list[tuple] = []
    for event in singles:
        key = ("event", site, language, event.pk, event.updated_at, event.pk in tentative)
        pieces += cached(
            key, lambda event=event: _single_fragments([event], site_url=site, tentative=tentative)
        )
        _note_zone(zones, event.timezone, event.start, event.end)
    for group in series_groups.values():
        series = group[0].series
        key = (
            "series",
            site,
            language,
            series.pk,
            series.updated_at,
            tuple((e.pk, e.updated_at, e.pk in tentative) for e in group),
        )
        pieces += cached(
            key,
            lambda series=series, group=group: _group_fragments(
                series, group, site_url=site, tentative=tentative
            ),
        )
        _note_zone(zones, series.timezone, *(e.start for e in group), *(e.end for e in group))
        for event in group:
            _note_zone(zones, event.timezone, event.start, event.end)

    # Entries that are not events (scheduler.feeds.extras.Extra): written as given.
    for extra in extras:
        pieces.append((extra.sort_key, extra.component.to_ical()))
        _note_zone(zones, extra.timezone, extra.start, extra.end)

    out = [_header(info)]
    out += _vtimezones(zones)
    out += [piece for _, piece in sorted(pieces, key=lambda item: item[0])]
    out.append(FOOTER)
    return b"".join(out)
