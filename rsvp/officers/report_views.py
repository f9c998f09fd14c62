"""Officer pages: attendance reports (by program, neighborhood, organization, month) and
their CSV. Each figure is computed by rsvp.officers.reports for the events this user may see."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from rsvp.officers.access import staff_required
from rsvp.officers.csv_export import csv_response
from rsvp.officers.forms import ReportFilterForm
from rsvp.officers.reports import CSV_HEADER, bar_chart, report_build, report_csv_rows
from scheduler.permissions import is_coordinator

# Each report table's heading and its chart's title, whole sentences for translators (a
# dimension's name glued into "By …" would not decline, nor take the language's order).
REPORT_HEADINGS = {
    "program": (
        gettext_lazy("By program"),
        gettext_lazy("Attendance by program: attended with an RSVP, walk-ins and no-shows"),
    ),
    "neighborhood": (
        gettext_lazy("By neighborhood"),
        gettext_lazy("Attendance by neighborhood: attended with an RSVP, walk-ins and no-shows"),
    ),
    "organization": (
        gettext_lazy("By organization (host or partner)"),
        gettext_lazy(
            "Attendance by organization (host or partner): attended with an RSVP, walk-ins "
            "and no-shows"
        ),
    ),
    "month": (
        gettext_lazy("By month"),
        gettext_lazy("Attendance by month: attended with an RSVP, walk-ins and no-shows"),
    ),
}


def _report_for(request):
    form = ReportFilterForm(request.GET)
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        start, end = ReportFilterForm.default_range()
    return form, report_build(request.user, start=start, end=end)


@require_GET
@staff_required
def reports(request):
    form, report = _report_for(request)
    if form.is_valid():
        # The fields show the days the report covers, the defaults filled in; a refused
        # form stays as typed, next to its errors.
        form = ReportFilterForm(initial={"start": report.start, "end": report.end})
    tables = [
        {
            "key": key,
            "title": title,
            "heading": REPORT_HEADINGS[key][0],
            "chart_title": REPORT_HEADINGS[key][1],
            "rows": rows,
            "chart": bar_chart(rows),
        }
        for key, title, rows in report.tables()
    ]
    return render(
        request,
        "rsvp/officers/reports.html",
        {
            "form": form,
            "report": report,
            "tables": tables,
            "query_string": urlencode({"start": report.start, "end": report.end}),
            "is_coordinator": is_coordinator(request.user),
            "nav": "reports",
        },
    )


@require_GET
@staff_required
def reports_csv(request):
    form, report = _report_for(request)
    if not form.is_valid():
        errors = " ".join(e for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    return csv_response(
        f"attendance-report-{report.start:%Y-%m-%d}-{report.end:%Y-%m-%d}.csv",
        CSV_HEADER,
        report_csv_rows(report),
    )
