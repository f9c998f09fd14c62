"""Attendance reports: what the programs achieve, per program, neighborhood, organization
and month. One query gives every held event with its figures (subqueries, so the count
of queries does not grow with RSVPs or events); grouping happens in Python."""

import dataclasses
import datetime as dt
from collections.abc import Callable

from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from questions.queries import QuestionCounts, answer_counts
from rsvp.models import Rsvp, WalkIn
from rsvp.queries import _sum_subquery
from scheduler.models import Event
from scheduler.permissions import is_coordinator, roster_events
from scheduler.when import month_text

# The key (the page's anchors), the table's title, and the word in the CSV's first column.
DIMENSIONS = [
    ("program", _("Program"), pgettext_lazy("report CSV grouping", "program")),
    ("neighborhood", _("Neighborhood"), pgettext_lazy("report CSV grouping", "neighborhood")),
    (
        "organization",
        _("Organization (host or partner)"),
        pgettext_lazy("report CSV grouping", "organization"),
    ),
    ("month", _("Month"), pgettext_lazy("report CSV grouping", "month")),
]
NO_NEIGHBORHOOD = _("No neighborhood set")


def _count_subquery(queryset: QuerySet) -> Coalesce:
    counted = (
        queryset.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def held_events(
    user, *, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> QuerySet[Event]:
    """Events this user may see that took place (not cancelled, over) between the two local
    dates, each with n_rsvps, n_expected, n_attended, n_walkins, n_arrived_named (parties
    that RSVPed with an address, not as a head count) and n_first_time."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    events = Event.objects.filter(
        status=Event.Status.SCHEDULED, end__lte=now, start__gte=since, start__lt=until
    )
    if not is_coordinator(user):
        events = events.filter(pk__in=roster_events(user).values("pk"))

    confirmed = Rsvp.objects.filter(status=Rsvp.Status.CONFIRMED)
    arrived = confirmed.filter(checked_in_at__isnull=False)
    # First-time or returning is asked of RSVPs made with an address only: a head count
    # is counted, never followed from one event to the next.
    arrived_named = arrived.filter(reference="")
    # A resident is first-time at the event where they were first checked in, returning
    # at later ones. Written as "start of their first attended event" per RSVP (an index
    # lookup by attendee) rather than NOT EXISTS(an earlier one): without fresh table
    # statistics PostgreSQL turned the latter into an anti-join over all earlier events:
    # 12-15 s for 300 events and 18,000 RSVPs, against 0.26-0.43 s for this form.
    first_start = Subquery(
        Rsvp.objects.filter(
            attendee=OuterRef("attendee"),
            status=Rsvp.Status.CONFIRMED,
            checked_in_at__isnull=False,
            reference="",
        )
        .order_by()
        .values("attendee")
        .annotate(first=Min("event__start"))
        .values("first")
    )
    # RSVPs erased under the retention schedule lost their link to the resident: each
    # kept whether it was a first visit (first_visit), and a resident who stays kept the
    # start of the first event they attended among them (first_attended_at). Either way
    # the counts are the same before and after a purge.
    earlier = F("attendee__first_attended_at")
    arrived_first = arrived_named.annotate(
        first_start=Least(Coalesce(first_start, earlier), Coalesce(earlier, first_start))
    )
    first_time = Q(first_visit=True) | Q(first_visit__isnull=True, first_start=F("event__start"))
    return (
        events.select_related("program", "venue__neighborhood", "host")
        .prefetch_related("partners")
        .annotate(
            n_rsvps=_count_subquery(confirmed),
            n_expected=_sum_subquery(confirmed, "party_size"),
            n_attended=_sum_subquery(arrived, "arrived"),
            n_walkins=_sum_subquery(WalkIn.objects.all(), "head_count"),
            n_arrived_named=_count_subquery(arrived_named),
            n_first_time=_count_subquery(arrived_first.filter(first_time)),
        )
        .order_by("start", "id")
    )


@dataclasses.dataclass
class Row:
    label: str
    sort_key: tuple = ()
    events: int = 0
    rsvps: int = 0
    expected: int = 0
    attended: int = 0
    walkins: int = 0
    first_time: int = 0
    returning: int = 0

    @property
    def no_shows(self) -> int:
        return self.expected - self.attended

    @property
    def no_show_rate(self) -> float | None:
        """Share of confirmed people who did not come; None when nobody had RSVPed."""
        return self.no_shows / self.expected if self.expected else None

    @property
    def no_show_percent(self) -> str:
        rate = self.no_show_rate
        return "–" if rate is None else f"{rate * 100:.0f}%"

    @property
    def total_attendance(self) -> int:
        return self.attended + self.walkins

    def add(self, event: Event) -> None:
        self.events += 1
        for name in ("rsvps", "expected", "attended", "walkins", "first_time"):
            setattr(self, name, getattr(self, name) + getattr(event, f"n_{name}"))
        # Every resident checked in (head counts aside) was there for the first time or
        # came back.
        self.returning += event.n_arrived_named - event.n_first_time


def _keys(event: Event, dimension: str) -> list[tuple[tuple, str]]:
    if dimension == "program":
        return [((event.program.name.casefold(),), event.program.name)]
    if dimension == "neighborhood":
        hood = event.venue.neighborhood
        name = hood.name if hood else str(NO_NEIGHBORHOOD)
        return [((hood is None, name.casefold()), name)]
    if dimension == "organization":
        orgs = {event.host_id: event.host, **{o.pk: o for o in event.partners.all()}}
        return [((o.name.casefold(),), o.name) for o in orgs.values()]
    zone = timezone.get_current_timezone_name()
    local = timezone.localtime(event.start)
    return [((local.year, local.month), month_text(event.start, zone))]


@dataclasses.dataclass
class ReportSection:
    """A part of the report that an app above rsvp adds (volunteers: hours served): its
    page template (given `section`), and its own header and rows at the end of the CSV."""

    template: str
    csv_header: list
    csv_rows: list[list]
    context: dict = dataclasses.field(default_factory=dict)


# Providers of sections, registered from their AppConfig.ready() (rsvp imports none of
# them): each is called with the user and the held events, and gives one ReportSection.
_SECTIONS: list[Callable[..., ReportSection]] = []


def report_section_register(provider: Callable[..., ReportSection]) -> None:
    if provider not in _SECTIONS:
        _SECTIONS.append(provider)


@dataclasses.dataclass
class Report:
    start: dt.date
    end: dt.date
    total: Row
    groups: dict[str, list[Row]]
    # How many picked each answer of the registration questions (choices, yes/no).
    answers: list[QuestionCounts] = dataclasses.field(default_factory=list)
    sections: list[ReportSection] = dataclasses.field(default_factory=list)

    def tables(self) -> list[tuple[str, str, list[Row]]]:
        return [(key, title, self.groups[key]) for key, title, _word in DIMENSIONS]


def report_build(user, *, start: dt.date, end: dt.date, now: dt.datetime | None = None) -> Report:
    events = list(held_events(user, start=start, end=end, now=now))
    total = Row(label=gettext("All events"))
    groups: dict[str, dict[tuple, Row]] = {key: {} for key, *_titles in DIMENSIONS}
    for event in events:
        total.add(event)
        for dimension, rows in groups.items():
            for sort_key, label in _keys(event, dimension):
                rows.setdefault(sort_key, Row(label=label, sort_key=sort_key)).add(event)
    return Report(
        start=start,
        end=end,
        total=total,
        groups={key: [rows[k] for k in sorted(rows)] for key, rows in groups.items()},
        answers=answer_counts(e.pk for e in events),
        sections=[provider(user=user, events=events) for provider in _SECTIONS],
    )


# In the officer's language (rsvp.officers.csv_export writes each as text).
CSV_HEADER = [
    _("grouping"),
    _("group"),
    _("events held"),
    _("RSVPs"),
    _("people expected"),
    _("attended (RSVP)"),
    _("walk-ins"),
    _("total attendance"),
    _("no-shows"),
    _("no-show rate"),
    _("first-time residents"),
    _("returning residents"),
]


def report_csv_rows(report: Report) -> list[list]:
    def line(grouping: str, row: Row) -> list:
        rate = row.no_show_rate
        return [
            grouping,
            row.label,
            row.events,
            row.rsvps,
            row.expected,
            row.attended,
            row.walkins,
            row.total_attendance,
            row.no_shows,
            "" if rate is None else f"{rate:.3f}",
            row.first_time,
            row.returning,
        ]

    rows = [line(pgettext("report CSV grouping", "total"), report.total)]
    words = {key: str(word) for key, _title, word in DIMENSIONS}
    for key, _title, group_rows in report.tables():
        rows.extend(line(words[key], row) for row in group_rows)
    # After a blank line, each section with rows: its own header, then its rows (a CSV of
    # a range with none reads as before).
    for section in report.sections:
        if section.csv_rows:
            rows += [[], [str(title) for title in section.csv_header], *section.csv_rows]
    return rows


# --- Charts: plain SVG geometry, drawn by the template ---------------------------------

BAR_HEIGHT = 22
BAR_GAP = 10
LABEL_WIDTH = 165
CHART_WIDTH = 400
SERIES = [
    ("attended", _("Attended (RSVP)"), "chart-attended"),
    ("walkins", _("Walk-ins"), "chart-walkins"),
    ("no_shows", _("No-shows"), "chart-noshows"),
]


def bar_chart(rows: list[Row]) -> dict:
    """Horizontal stacked bars (attended, walk-ins, no-shows) in SVG user units."""
    plot_width = CHART_WIDTH - LABEL_WIDTH - 40
    largest = max((r.attended + r.walkins + r.no_shows for r in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        x = LABEL_WIDTH
        segments = []
        for field, title, css in SERIES:
            value = getattr(row, field)
            width = round(value / largest * plot_width, 1)
            if value:
                text = gettext("%(series)s: %(count)d") % {"series": title, "count": value}
                segments.append({"x": x, "width": width, "css": css, "title": text})
            x += width
        label = row.label if len(row.label) <= 17 else row.label[:16] + "…"
        bars.append(
            {
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "label": label,
                "full_label": row.label,
                "segments": segments,
                "total_x": x + 6,
                "total": row.total_attendance,
            }
        )
    height = max(len(rows) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT)
    return {
        "width": CHART_WIDTH,
        "height": height,
        "bar_height": BAR_HEIGHT,
        "label_x": LABEL_WIDTH - 8,
        "bars": bars,
        "summary": chart_summary(rows),
    }


def chart_summary(rows: list[Row]) -> str:
    """What the chart shows, in a sentence or two: read before the bars, and by a screen
    reader instead of them (WCAG 1.1.1; the table below has every figure)."""
    if not rows:
        return ""
    most = max(rows, key=lambda row: (row.total_attendance, row.label))
    words = [
        ngettext(
            "%(label)s drew the most people: %(count)d person, walk-ins included (%(walkins)d).",
            "%(label)s drew the most people: %(count)d people, walk-ins included (%(walkins)d).",
            most.total_attendance,
        )
        % {"label": most.label, "count": most.total_attendance, "walkins": most.walkins}
    ]
    rated = [row for row in rows if row.no_show_rate is not None]
    if len(rated) > 1:
        worst = max(rated, key=lambda row: (row.no_show_rate, row.label))
        words.append(
            gettext("Highest no-show rate: %(label)s, %(rate)s.")
            % {"label": worst.label, "rate": worst.no_show_percent}
        )
    return " ".join(words)
