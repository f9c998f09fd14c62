"""CSV files that are safe to open in a spreadsheet (DESIGN.md rule 5).

A cell that starts with =, +, -, @, a tab or a carriage return can be read by
Excel, LibreOffice or Google Sheets as a formula ("CSV injection"): a resident
could name themselves `=HYPERLINK(...)` and run it on an officer's machine.
Such text cells get a leading apostrophe, which spreadsheets show as plain text.
"""

import csv
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from questions.queries import csv_columns
from rsvp.queries import Roster

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """The cell as a spreadsheet should see it: text that could start a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """An attachment with a UTF-8 byte-order mark, so Excel reads accented names correctly."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(title) for title in header])
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
    return response


# In the officer's language; the cells' dates stay ISO (data for a spreadsheet).
ROSTER_HEADER = [
    _("status"),
    _("waitlist position"),
    _("name"),
    _("head-count code"),
    _("party size"),
    _("email"),
    _("phone"),
    _("accessibility needs"),
    # How many of the party came: 3 of a party of 4.
    _("arrived"),
    _("checked in at"),
    _("checked in by"),
    _("no-show"),
]


# Columns other apps add at the end of the roster CSV (registered in their AppConfig.ready,
# since rsvp imports none of them): (header, function(roster) -> {RSVP id: cell}), each
# function one query for the whole roster.
ROSTER_COLUMNS: list = []


def roster_header(roster: Roster) -> list[str]:
    """ROSTER_HEADER, a column per registration question, then ROSTER_COLUMNS (roster_rows)."""
    extra, _cells = csv_columns(roster.event, [*roster.confirmed, *roster.waitlist])
    return [*ROSTER_HEADER, *extra, *(header for header, _cells in ROSTER_COLUMNS)]


def _who(r) -> list:
    """Name, code, party size, e-mail and phone of one RSVP: a head count is a count only."""
    if r.is_headcount:
        return ["", r.reference, r.party_size, "", ""]
    return [r.name, "", r.party_size, r.attendee.email, r.phone]


def roster_rows(roster: Roster) -> list[list]:
    """Confirmed parties, then the waitlist in order, then walk-ins (see ROSTER_HEADER)."""
    event = roster.event

    def when(value) -> str:
        return timezone.localtime(value, event.tzinfo).strftime("%Y-%m-%d %H:%M") if value else ""

    def who(user) -> str:
        return user.get_username() if user else ""

    no_shows = {r.pk for r in roster.no_shows}
    yes, no = pgettext("roster CSV no-show", "yes"), pgettext("roster CSV no-show", "no")
    confirmed = pgettext("roster CSV status", "confirmed")
    waitlisted = pgettext("roster CSV status", "waitlisted")
    walkin = pgettext("roster CSV status", "walk-in")
    rows = []
    # The registration questions' answers after the other columns (see roster_header).
    _header, answer_cells = csv_columns(event, [*roster.confirmed, *roster.waitlist])
    answer_cells.reverse()
    blank = [""] * len(_header)
    for r in roster.confirmed:
        no_show = (yes if r.pk in no_shows else no) if roster.is_over else ""
        rows.append(
            [confirmed, "", *_who(r), r.accessibility_needs, r.arrived or ""]
            + [when(r.checked_in_at), who(r.checked_in_by), no_show]
            + answer_cells.pop()
        )
    for r in roster.waitlist:
        rows.append(
            [waitlisted, r.position, *_who(r), r.accessibility_needs, "", "", "", ""]
            + answer_cells.pop()
        )
    extra = [cells(roster) for _header, cells in ROSTER_COLUMNS]
    for row, r in zip(rows, [*roster.confirmed, *roster.waitlist], strict=True):
        row.extend(column.get(r.pk, "") for column in extra)
    for w in roster.walkins:
        # A walk-in's contact is here only when they agreed to leave it (WalkIn.email).
        rows.append(
            [walkin, "", w.name, "", w.head_count, w.email, w.phone, "", w.head_count]
            + [when(w.recorded_at), who(w.recorded_by), ""]
            + blank
            + [""] * len(extra)
        )
    return rows
