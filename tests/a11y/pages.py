"""What tests/a11y/ checks: a page (a path, who opens it, the form it sends), the routes of
ours that are no page, and the admin's pages for each model of ours (site.py makes the rows
and the full list)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin

RESIDENT, OFFICER, COORDINATOR = "resident", "officer", "coordinator"
# The officer's tablet in kiosk mode: a session of its own (in kiosk mode it reaches nothing
# else), for the event of this title (site.py makes it, under way so the door is open).
KIOSK = "kiosk"
KIOSK_EVENT_TITLE = "Police Explorers Open House"
KIOSK_PIN = "2468"
# Our apps: their URL patterns and admin models must all be checked.
APPS = (
    "scheduler",
    "rsvp",
    "notifications",
    "privacy",
    "counters",
    "api",
    "ops",
    "demo",
    "nightout",
    "followup",
    "feedback",
    "volunteers",
    "accommodations",
    "courses",
)
OFFICER_PASSWORD = "pw-for-tests-only"


@dataclass(frozen=True)
class Page:
    name: str
    # The URL pattern's full name ("rsvp:event_detail", "admin:scheduler_event_change").
    route: str
    path: str
    who: str = RESIDENT
    # After `path` is open: the browser step that sends its form (the page checked is the
    # answer). It returns when the answer has loaded.
    then: Callable | None = None
    status: int = 200
    # What shows the page is drawn, for a page its script draws (the API docs).
    ready: str | None = None


# Named URL patterns of ours that answer no HTML page of their own, and why.
NOT_PAGES = {
    "calendar:events": "an iCalendar feed",
    "calendar:program": "an iCalendar feed",
    "calendar:organization": "an iCalendar feed",
    "calendar:event": "an iCalendar feed",
    "calendar:event_link": "an iCalendar feed",
    "calendar:officer": "an iCalendar feed",
    "calendar:personal": "an iCalendar feed",
    "calendar:series": "a redirect to the series' next event",
    "officers:checkin": "a POST that goes back to the attendance page (checked after one)",
    "officers:walkin": "a POST that goes back to the attendance page (checked after one)",
    "officers:walkin_remove": "a POST that goes back to the attendance page",
    "accommodations:decide": "a POST that goes back to the officers' home (its list: /officers/)",
    "officers:door_scan": "JSON for the attendance page's code scanner (static/js/scan.js)",
    "officers:door_list": "JSON: the door list a phone polls (static/js/checkin.js)",
    "officers:door_sync": "JSON: a phone's queue of door actions",
    "officers:door_words": "JavaScript: the door list's words in the officer's language",
    "officers:service_worker": "JavaScript: the officer pages' service worker",
    "officers:kiosk_done": "the kiosk's answer after a tap (checked after one)",
    "officers:attendance_csv": "a CSV file",
    "officers:reports_csv": "a CSV file",
    "feedback:report_csv": "a CSV file",
    "feedback:repeat_csv": "a CSV file",
    "privacy:download": "a JSON file",
    "nightout:withdraw": "a POST that goes back to the manage page (checked after one)",
    "nightout:visit_remove": "a POST that goes back to the coordinator's list",
    "volunteers:withdraw": "a POST that goes back to the manage page (checked after one)",
    "volunteers:served": "a POST that goes back to the attendance page",
    "courses:decide": "a POST that goes back to the course report (checked after one)",
    "courses:issue": "a POST that goes back to the course report",
    "courses:report_csv": "a CSV file",
    "courses:certificate_pdf": "a PDF file",
    "healthz": "a plain-text health check",
    "logout": "a POST that redirects",
    "set_language": "a POST that redirects (the switcher on every page)",
    "api-schema": "the OpenAPI document (YAML/JSON)",
    "admin:scheduler_event_import_example": "a CSV file",
    "admin:scheduler_event_import_start": "a POST that goes to the run's page (checked)",
    "admin:scheduler_eventseries_preview": "JSON: the series editor's live preview "
    "(static/js/series_editor.js)",
}
# The REST API answers JSON only; its documentation page is checked (api-docs).
NOT_PAGES_NAMESPACES = {"api": "the REST API (JSON)"}


def submit(selector: str, fill: dict[str, str | bool] | None = None) -> Callable:
    """A step: fill these fields (by selector; True ticks a box), press the submit button,
    wait for the answer."""

    def step(page):
        for field, value in (fill or {}).items():
            if value is True:
                page.locator(field).check()
            else:
                page.locator(field).fill(value)
        with page.expect_navigation() as navigation:
            page.locator(selector).click()
        return navigation.value

    return step


def admin_models() -> list:
    return [m for m in admin.site._registry if m._meta.app_label in APPS]


def admin_pages(objects: dict) -> list[Page]:
    pages = []
    for model in sorted(admin_models(), key=lambda m: m._meta.label):
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        obj = objects.get(model) or model.objects.order_by("pk").first()
        pages.append(
            Page(f"admin {meta.model_name} list", f"{prefix}_changelist", base, COORDINATOR)
        )
        if admin.site._registry[model].has_add_permission(Superuser()):
            pages.append(
                Page(f"admin {meta.model_name} add", f"{prefix}_add", f"{base}add/", COORDINATOR)
            )
        if obj is not None:
            pages.append(
                Page(
                    f"admin {meta.model_name} change",
                    f"{prefix}_change",
                    f"{base}{obj.pk}/change/",
                    COORDINATOR,
                )
            )
    return pages


class Superuser:
    """Enough of a request for has_add_permission: a coordinator who may do anything."""

    class user:  # noqa: N801
        is_active = is_staff = is_superuser = is_authenticated = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True
