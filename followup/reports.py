"""No-show figures the "still coming?" question is judged by, for the officers' reports.

Over the same held events as the attendance report (rsvp.officers.reports.held_events:
scheduled, over, in the range, among those the user may see), confirmed RSVPs with an
address, counted in people as the attendance report counts no-shows: a party's expected
people minus those checked in. Grouped three ways:

- per program;
- per lead time, how long before the start the RSVP was made, in the buckets LEAD_BUCKETS
  (under a day; 1 to 3 days; 3 to 7; 7 to 14; 14 days or more);
- per "still coming?" answer: "yes, coming", asked without an answer, not asked (too
  late, or the program has it off). A "can't" answer cancelled the RSVP, so it is no
  no-show: those are counted apart, as parties that freed their seats ahead.

Two queries whatever the number of events or RSVPs.
"""

import dataclasses
import datetime as dt

from django.utils.translation import gettext_lazy as _

from followup.models import StillComing
from rsvp.models import Rsvp
from rsvp.officers.reports import held_events

DAY = dt.timedelta(days=1)
# (upper bound of the lead time, label): an RSVP made exactly 3 days ahead is in "3–7 days".
LEAD_BUCKETS = [
    (DAY, _("Less than a day ahead")),
    (3 * DAY, _("1 to 3 days ahead")),
    (7 * DAY, _("3 to 7 days ahead")),
    (14 * DAY, _("7 to 14 days ahead")),
    (None, _("14 days or more ahead")),
]
ANSWER_GROUPS = [
    (StillComing.Answer.COMING, _('Answered "Yes, I\'ll be there"')),
    (StillComing.Answer.NONE, _('Asked "Still coming?", no answer')),
    (None, _('Not asked "Still coming?"')),
]


@dataclasses.dataclass
class NoShowRow:
    label: str
    rsvps: int = 0
    expected: int = 0
    no_shows: int = 0

    @property
    def no_show_percent(self) -> str:
        if not self.expected:
            return "–"
        return f"{self.no_shows / self.expected * 100:.1f}%"

    def add(self, party_size: int, arrived: int) -> None:
        self.rsvps += 1
        self.expected += party_size
        self.no_shows += party_size - min(arrived, party_size)


@dataclasses.dataclass
class FollowupReport:
    programs: list[NoShowRow]
    lead_times: list[NoShowRow]
    answers: list[NoShowRow]
    cancelled_ahead: int


def lead_bucket(lead: dt.timedelta) -> int:
    for index, (bound, _label) in enumerate(LEAD_BUCKETS):
        if bound is None or lead < bound:
            return index
    return len(LEAD_BUCKETS) - 1


def followup_report(user, *, start: dt.date, end: dt.date, now=None) -> FollowupReport:
    events = held_events(user, start=start, end=end, now=now).values("pk")
    rows = (
        Rsvp.objects.filter(event__in=events, status=Rsvp.Status.CONFIRMED, attendee__isnull=False)
        .order_by()
        .values_list(
            "event__program__name",
            "event__start",
            "created_at",
            "party_size",
            "checked_in_at",
            "arrived",
            "still_coming__answer",
        )
    )
    programs: dict[str, NoShowRow] = {}
    leads = [NoShowRow(str(label)) for _bound, label in LEAD_BUCKETS]
    answers = {key: NoShowRow(str(label)) for key, label in ANSWER_GROUPS}
    for program, start_at, made, size, checked_in, arrived, answer in rows:
        came = (arrived if arrived is not None else size) if checked_in else 0
        programs.setdefault(program, NoShowRow(program)).add(size, came)
        leads[lead_bucket(start_at - made)].add(size, came)
        answers[answer if answer is not None else None].add(size, came)
    cancelled_ahead = StillComing.objects.filter(
        event__in=events, answer=StillComing.Answer.CANT
    ).count()
    return FollowupReport(
        programs=sorted(programs.values(), key=lambda row: row.label),
        lead_times=leads,
        answers=list(answers.values()),
        cancelled_ahead=cancelled_ahead,
    )
