"""The event list's "Import events": a source and defaults, the dry run, the run's progress.

Coordinators only (scheduler.permissions.is_coordinator). The pages call the import's
functions (scheduler.imports.runs) and show their reports; the run itself is a task.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from scheduler.errors import DomainError
from scheduler.forms import ImportForm
from scheduler.imports.entries import CREATE, ERROR, SERIES, SKIP, UPDATE, Report
from scheduler.imports.runs import import_run_check, import_run_start
from scheduler.models import ImportRun
from scheduler.permissions import is_coordinator
from scheduler.when import when_text

EXAMPLE_CSV = Path(__file__).resolve().parent.parent / "imports" / "example.csv"
RECENT_RUNS = 10
# How often the progress page reloads itself while the run is under way (a meta refresh:
# the pages run no inline script).
REFRESH_SECONDS = 2


class EventImportAdmin:
    """Mixed into the event admin: its URLs, under /admin/scheduler/event/import/."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [
            path("import/", wrap(self.import_view), name="scheduler_event_import"),
            path(
                "import/example.csv",
                wrap(self.import_example_view),
                name="scheduler_event_import_example",
            ),
            path(
                "import/<int:run_id>/",
                wrap(self.import_run_view),
                name="scheduler_event_import_run",
            ),
            path(
                "import/<int:run_id>/start/",
                wrap(require_POST(self.import_start_view)),
                name="scheduler_event_import_start",
            ),
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": is_coordinator(request.user)}
        return super().changelist_view(request, extra_context)

    def _context(self, request, title, **values):
        request.current_app = self.admin_site.name
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            **values,
        }

    @staticmethod
    def _coordinators_only(request) -> None:
        if not is_coordinator(request.user):
            raise PermissionDenied

    def import_view(self, request):
        self._coordinators_only(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                upload = data["upload"]
                try:
                    run = import_run_check(
                        user=request.user,
                        language=request.LANGUAGE_CODE,
                        url=data["url"] or None,
                        upload=(upload.name, upload.read()) if upload else None,
                        program=data["program"],
                        venue=data["venue"],
                        host=data["host"],
                        timezone_name=data["timezone"],
                    )
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    return redirect("admin:scheduler_event_import_run", run.pk)
            status = 400
        recent = ImportRun.objects.select_related("created_by").defer("content", "planned")
        context = self._context(
            request,
            gettext("Import events"),
            form=form,
            runs=list(recent.defer("result")[:RECENT_RUNS]),
        )
        return TemplateResponse(
            request, "admin/scheduler/event/import_form.html", context, status=status
        )

    def import_example_view(self, request):
        self._coordinators_only(request)
        response = HttpResponse(EXAMPLE_CSV.read_bytes(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="porchlight-events-example.csv"'
        return response

    def import_run_view(self, request, run_id: int):
        self._coordinators_only(request)
        run = get_object_or_404(
            ImportRun.objects.select_related("created_by", "program", "venue", "host").defer(
                "content"
            ),
            pk=run_id,
        )
        finished = run.status in (ImportRun.Status.DONE, ImportRun.Status.FAILED)
        report = Report.from_json(run.result if finished else run.planned)
        context = self._context(
            request,
            gettext("Import events"),
            run=run,
            finished=finished,
            rows=[_row_view(row, linked=finished or row.action != CREATE) for row in report.rows],
            problems=report.problems,
            told=report.told,
            refresh_seconds=REFRESH_SECONDS if run.is_under_way else None,
            can_start=run.status == ImportRun.Status.CHECKED and run.error_count == 0,
        )
        return TemplateResponse(request, "admin/scheduler/event/import_run.html", context)

    def import_start_view(self, request, run_id: int):
        self._coordinators_only(request)
        run = get_object_or_404(ImportRun, pk=run_id)
        if not import_run_start(run=run):
            self.message_user(
                request,
                gettext("This import cannot be started: it has errors, or it was started already."),
                messages.ERROR,
            )
        return redirect("admin:scheduler_event_import_run", run.pk)


ACTION_CLASSES = {CREATE: "create", UPDATE: "update", SKIP: "skip", ERROR: "error"}


def _row_view(row, *, linked: bool) -> dict:
    when = ""
    if row.start and row.end and row.timezone:
        when = when_text(
            dt.datetime.fromisoformat(row.start), dt.datetime.fromisoformat(row.end), row.timezone
        )
    link = None
    if linked and row.object_id and row.action != ERROR:
        name = "scheduler_eventseries_change" if row.kind == SERIES else "scheduler_event_change"
        link = reverse(f"admin:{name}", args=[row.object_id])
    return {"row": row, "when": when, "link": link, "css": ACTION_CLASSES.get(row.action, "")}
