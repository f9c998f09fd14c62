"""Officer and coordinator pages of a course: the report (applicants, attendance per
session, completion) and its CSV, decisions on applications, a session's attendance, and
the certificates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses import queries, services
from courses.errors import CourseError
from courses.models import Application, Certificate, Course
from courses.pdf import certificate_pdf
from courses.report_csv import report_csv_response
from rsvp.officers.access import staff_required
from scheduler.errors import DomainError
from scheduler.models import Event
from scheduler.permissions import is_coordinator


def _course(request, pk: int) -> Course:
    course = get_object_or_404(
        Course.objects.select_related("series__program", "series__host"), pk=pk
    )
    if not queries.may_see_course(request.user, course):
        raise PermissionDenied(_("This course's applicants are not yours to see."))
    return course


@require_GET
@staff_required
def course_list(request):
    courses = list(queries.courses_for(request.user))
    return render(request, "courses/officer_list.html", {"courses": courses})


@require_GET
@staff_required
def course_report(request, pk: int):
    course = _course(request, pk)
    report = queries.course_report(course)
    response = render(
        request,
        "courses/report.html",
        {
            "course": course,
            "report": report,
            "may_decide": is_coordinator(request.user),
            "statuses": Application.Status,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@staff_required
def course_report_csv(request, pk: int):
    course = _course(request, pk)
    return report_csv_response(queries.course_report(course))


@require_POST
@staff_required
def application_decide(request, pk: int, application_id: int):
    course = _course(request, pk)
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Only coordinators decide on applications."))
    application = get_object_or_404(Application, pk=application_id, course=course)
    try:
        services.application_decide(
            application=application, status=request.POST.get("status", ""), by=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Decision saved; the applicant is told by e-mail."))
    return redirect("courses:report", pk=course.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def session_attendance(request, pk: int, event_id: int):
    course = get_object_or_404(Course.objects.select_related("series"), pk=pk)
    session = get_object_or_404(Event, pk=event_id, series_id=course.series_id)
    if not queries.may_take_attendance(request.user, course, session):
        raise PermissionDenied(_("Only the course's officers take its attendance."))
    if request.method == "POST":
        try:
            present = {int(v) for v in request.POST.getlist("present")}
        except ValueError:
            present = None
        if present is None:
            messages.error(request, _("That list of applicants could not be read."))
        else:
            try:
                services.attendance_set(
                    course=course, session=session, present_ids=present, by=request.user
                )
            except CourseError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Attendance saved."))
                return redirect("courses:session", pk=course.pk, event_id=session.pk)
    approved = list(
        course.applications.filter(status=Application.Status.APPROVED, erased_at=None).order_by(
            "name", "id"
        )
    )
    present_ids = set(session.course_attendances.values_list("application_id", flat=True))
    response = render(
        request,
        "courses/session.html",
        {"course": course, "session": session, "approved": approved, "present_ids": present_ids},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_required
def certificates_issue(request, pk: int):
    course = _course(request, pk)
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Only coordinators issue certificates."))
    issued = services.certificates_issue(course=course)
    messages.success(request, _("Certificates issued: %(count)s.") % {"count": len(issued)})
    return redirect("courses:report", pk=course.pk)


@require_GET
@staff_required
def certificate_download(request, pk: int, certificate_id: int):
    course = _course(request, pk)
    certificate = get_object_or_404(
        Certificate.objects.select_related("application", "course__series__host"),
        pk=certificate_id,
        course=course,
    )
    if certificate.application.erased_at is not None:
        raise Http404(_("The holder's data was erased: the certificate can only be verified."))
    sessions = queries.course_sessions(course)
    first = timezone.localtime(sessions[0].start, sessions[0].tzinfo).date() if sessions else None
    body = certificate_pdf(
        certificate,
        name=certificate.application.name,
        first_session=first or certificate.completed_on,
        program=course.series.program.name,
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
