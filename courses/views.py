"""Public course pages: the course with its application form, and the verification of a
certificate (officer pages: courses/officer_views.py)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from courses import queries, services
from courses.errors import CourseError
from courses.forms import ApplicationForm
from courses.models import Course
from scheduler.models import Visibility


def _public_course(pk: int) -> Course:
    course = get_object_or_404(
        Course.objects.select_related("series__program", "series__venue", "series__host"), pk=pk
    )
    if course.series.visibility != Visibility.PUBLIC:
        raise Http404(_("No such course."))
    return course


@require_http_methods(["GET", "HEAD", "POST"])
def course_detail(request, pk: int):
    course = _public_course(pk)
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.application_submit(
                    course=course,
                    language=translation.get_language_from_request(request),
                    **form.cleaned_data,
                )
            except CourseError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                # The same answer for a new address and one that applied already
                # (DESIGN.md rule 7): the outcome goes to the mailbox.
                return render(
                    request,
                    "courses/sent.html",
                    {"course": course, "sent_to": form.cleaned_data["email"]},
                    status=202,
                )
    sessions = queries.course_sessions(course)
    return render(
        request,
        "courses/detail.html",
        {"course": course, "series": course.series, "sessions": sessions, "form": form},
        status=status,
    )


@require_GET
def certificate_verify(request, code: str):
    """Valid or not, the holder's initial, the course and the completion date: nothing
    more. An unknown or malformed code is a plain 404 page that says so."""
    certificate = services.certificate_verify(code)
    response = render(
        request,
        "courses/verify.html",
        {"certificate": certificate},
        status=200 if certificate else 404,
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
