"""What a course application's notice shows (courses/): the course, its sessions and the
applicant's status, read when the notice is sent."""

from django.conf import settings

from notifications.models import Notification
from scheduler.when import when_text

COURSE_LAYOUTS = {
    "subject": "notifications/email/_subject.txt",
    "text": "notifications/email/_course_base.txt",
    "html": "notifications/email/_course_base.html",
}


def course_context(notice: Notification) -> dict:
    application = notice.application
    series = application.course.series
    sessions = [
        when_text(e.start, e.end, e.timezone)
        for e in series.occurrences.exclude(status="cancelled")
        .order_by("start")
        .only("start", "end", "timezone")
    ]
    return {
        "notice": notice,
        "kind": notice.kind,
        "application": application,
        "course": application.course,
        "title": series.title,
        "venue": series.venue,
        "host": series.host,
        "sessions": sessions,
        "course_url": f"{settings.SITE_URL}/courses/{application.course_id}/",
        "site_url": settings.SITE_URL,
    }
