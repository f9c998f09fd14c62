"""Officer pages: feedback survey results and repeat attendance, each with its CSV.

The date range is the attendance reports' own (rsvp.officers.forms.ReportFilterForm);
the figures are feedback.results' and feedback.returning's, for the events this user
may see. Free-text answers reach coordinators only, masked (feedback.masking).
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_GET

from feedback.results import RATINGS, FeedbackReport, feedback_report
from feedback.returning import RepeatReport, repeat_report
from rsvp.officers.access import staff_required
from rsvp.officers.csv_export import csv_response
from rsvp.officers.forms import ReportFilterForm
from scheduler.permissions import is_coordinator


def _range(request):
    form = ReportFilterForm(request.GET)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    start, end = ReportFilterForm.default_range()
    return form, start, end


def _page(request, template: str, report, form) -> HttpResponse:
    if form.is_valid():
        form = ReportFilterForm(initial={"start": report.start, "end": report.end})
    return render(
        request,
        template,
        {
            "form": form,
            "report": report,
            "query_string": urlencode({"start": report.start, "end": report.end}),
            "is_coordinator": is_coordinator(request.user),
            "nav": "reports",
        },
    )


def _bad_range(form) -> HttpResponse:
    errors = " ".join(e for errs in form.errors.values() for e in errs)
    return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")


@require_GET
@staff_required
def feedback_page(request):
    form, start, end = _range(request)
    return _page(
        request, "feedback/report.html", feedback_report(request.user, start=start, end=end), form
    )


@require_GET
@staff_required
def repeat_page(request):
    form, start, end = _range(request)
    return _page(
        request, "feedback/repeat.html", repeat_report(request.user, start=start, end=end), form
    )


FEEDBACK_HEADER = [
    _("grouping"),
    _("group"),
    _("date"),
    _("question"),
    _("kind"),
    _("survey links sent"),
    _("responses"),
    _("answered"),
    *[_("rated %(n)s") % {"n": n} for n in RATINGS],
    _("average rating"),
    _("answer (masked)"),
]


def feedback_csv_rows(report: FeedbackReport) -> list[list]:
    rows = []
    groups = [(pgettext("report CSV grouping", "program"), r, "") for r in report.programs]
    groups += [
        (pgettext("report CSV grouping", "event"), r, f"{r.event.start:%Y-%m-%d}")
        for r in report.events
    ]
    for grouping, result, day in groups:
        for q in result.rows:
            base = [grouping, result.label, day, q.question.text]
            base += [q.question.get_kind_display(), result.invited, result.responses, q.answered]
            if q.is_rating:
                rows.append([*base, *(q.counts[n] for n in RATINGS), q.mean, ""])
            else:
                rows.append([*base, *([""] * len(RATINGS)), "", ""])
                # The texts, masked, one a row: for coordinators, on the events' rows only.
                if result.event is not None:
                    rows.extend([*base, *([""] * len(RATINGS)), "", t] for t in q.texts)
    return rows


@require_GET
@staff_required
def feedback_csv(request):
    form, start, end = _range(request)
    if not form.is_valid():
        return _bad_range(form)
    report = feedback_report(request.user, start=start, end=end)
    return csv_response(
        f"feedback-{start:%Y-%m-%d}-{end:%Y-%m-%d}.csv", FEEDBACK_HEADER, feedback_csv_rows(report)
    )


REPEAT_HEADER = [
    _("grouping"),
    _("group"),
    _("then attended program"),
    _("residents"),
    _("first-time residents"),
    _("returning residents"),
    _("attended it later"),
]
RETENTION_WORD = pgettext_lazy("report CSV grouping", "retention")


def repeat_csv_rows(report: RepeatReport) -> list[list]:
    rows = []
    word = {
        "total": pgettext("report CSV grouping", "total"),
        "program": pgettext("report CSV grouping", "program"),
        "neighborhood": pgettext("report CSV grouping", "neighborhood"),
    }
    splits = [("total", report.total)]
    splits += [("program", s) for s in report.programs]
    splits += [("neighborhood", s) for s in report.neighborhoods]
    for key, s in splits:
        rows.append([word[key], s.label, "", s.residents, s.first_time, s.returning, ""])
    for r in report.retention:
        if r.cohort:
            rows.append([str(RETENTION_WORD), r.source, r.target, r.cohort, "", "", r.came])
    return rows


@require_GET
@staff_required
def repeat_csv(request):
    form, start, end = _range(request)
    if not form.is_valid():
        return _bad_range(form)
    report = repeat_report(request.user, start=start, end=end)
    return csv_response(
        f"repeat-attendance-{start:%Y-%m-%d}-{end:%Y-%m-%d}.csv",
        REPEAT_HEADER,
        repeat_csv_rows(report),
    )
