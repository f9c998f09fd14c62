"""The course report as CSV: one row per applicant, a column per session (1 = present),
then sessions attended, hours and completion."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from courses.queries import CourseReport
from rsvp.officers.csv_export import csv_response


def report_csv_response(report: CourseReport):
    sessions = report.sessions
    header = [_("name"), _("email"), _("phone"), _("status")]
    header += [timezone.localtime(s.start, s.tzinfo).strftime("%Y-%m-%d %H:%M") for s in sessions]
    header += [_("sessions attended"), _("hours"), _("completed"), _("certificate")]
    yes, no = pgettext("course CSV", "yes"), pgettext("course CSV", "no")
    rows = []
    for row in report.rows:
        a = row.application
        rows.append(
            [a.name, a.email, a.phone, a.get_status_display()]
            + [1 if present else "" for present in row.attended]
            + [row.sessions_attended, f"{row.hours.normalize():f}", yes if row.completed else no]
            + [yes if hasattr(a, "certificate") else no]
        )
    return csv_response(f"course-{report.course.pk}.csv", header, rows)
