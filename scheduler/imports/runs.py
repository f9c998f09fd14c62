"""An import from start to end: read the source, dry-run it, run it as a task.

The dry run and the run are one function, `import_execute`: it reads the stored content,
applies every entry through the services in one transaction (each entry in a savepoint,
so one refused entry is reported and the others still tried), and then keeps the result
only if it is the real run and nothing was refused; otherwise the whole transaction is
rolled back, notices and audit entries included. So the dry run shows exactly what the
run does, and an import with an error imports nothing: the coordinator fixes the file
(or the venues, programs and organizations it names) and checks it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from auditlog.context import set_actor
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_q.tasks import async_task

from scheduler.errors import DomainError
from scheduler.imports.apply import entry_apply, notices_mark
from scheduler.imports.csvfile import csv_read
from scheduler.imports.entries import CREATE, ERROR, SKIP, UPDATE, Entry, Report, Row
from scheduler.imports.fetch import FetchError, fetch_url, too_big_text
from scheduler.imports.icsfile import ics_read
from scheduler.imports.names import Names
from scheduler.locking import busy_on_lock_wait
from scheduler.models import ImportRun

logger = logging.getLogger(__name__)

# Stored in queued tasks of running sites: keep this path stable.
RUN_TASK = "scheduler.tasks.event_import_run"


class ImportFileError(DomainError):
    """A file that cannot be read as text."""

    code = "import_file"
    status = 400


class _RolledBack(Exception):
    """Leaves the import's transaction so that nothing of it is kept."""


def content_decode(data: bytes) -> str:
    """The file as text: UTF-8 (with or without a byte-order mark), else Windows-1252 (what
    older spreadsheet programs save as CSV)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            gettext("The file is not text: save it as UTF-8 (a calendar or CSV file).")
        ) from None


def content_format(text: str) -> str:
    head = text.lstrip()[:15].upper()
    return ImportRun.Format.ICS if head.startswith("BEGIN:VCALENDAR") else ImportRun.Format.CSV


def _read(run: ImportRun) -> tuple[list[Entry | Row], list[str]]:
    reader = ics_read if run.format == ImportRun.Format.ICS else csv_read
    return reader(run.content, timezone=run.timezone)


def import_execute(
    *, run: ImportRun, dry_run: bool, finish: Callable[[Report], None] | None = None
) -> Report:
    """Apply the run's content (see the module's docstring); `finish` is called inside the
    transaction of a real run that is kept, so its record commits with the events."""
    with translation.override(run.language):
        items, problems = _read(run)
        report = Report(problems=problems)
        try:
            with busy_on_lock_wait(), transaction.atomic():
                names = Names(venue=run.venue, program=run.program, host=run.host)
                mark = notices_mark()
                for item in items:
                    report.rows.append(item if isinstance(item, Row) else _one(item, names, mark))
                if dry_run or report.blocked:
                    raise _RolledBack
                if finish is not None:
                    finish(report)
        except _RolledBack:
            # Nothing was kept: what it created has no id to link to.
            for row in report.rows:
                if row.action == CREATE:
                    row.object_id = None
    return report


def _one(entry: Entry, names: Names, mark: int) -> Row:
    try:
        with transaction.atomic():
            return entry_apply(entry, names, mark)
    except DomainError as exc:
        return Row.refused(entry, exc.message)


def _counts(run: ImportRun, report: Report) -> None:
    run.created_count = report.count(CREATE)
    run.updated_count = report.count(UPDATE)
    run.skipped_count = report.count(SKIP)
    run.error_count = report.count(ERROR) + len(report.problems)


def import_run_check(
    *,
    user,
    language: str,
    url: str | None = None,
    upload: tuple[str, bytes] | None = None,
    program=None,
    venue=None,
    host=None,
    timezone_name: str | None = None,
) -> ImportRun:
    """Read the source (fetch the address, or take the uploaded file), make the dry run and
    keep both: the run page shows the dry run, and the run imports this same content."""
    if url:
        with translation.override(language):
            data = fetch_url(url)
        source, is_url = url, True
    elif upload is not None:
        source, data = upload
        is_url = False
    else:
        raise ValueError("An import reads an address or a file.")
    with translation.override(language):
        if len(data) > settings.PORCHLIGHT["IMPORT_MAX_BYTES"]:
            raise FetchError(too_big_text())
        text = content_decode(data)
    run = ImportRun(
        format=content_format(text),
        source=source[:2000],
        source_is_url=is_url,
        content=text,
        program=program,
        venue=venue,
        host=host,
        timezone=timezone_name or settings.TIME_ZONE,
        language=language,
        created_by=user,
    )
    report = import_execute(run=run, dry_run=True)
    run.planned = report.as_json()
    _counts(run, report)
    run.save()
    return run


def import_run_start(*, run: ImportRun) -> bool:
    """Queue the run of a checked import without errors; False if it cannot (or already
    is). The task is queued once the claim commits: a second click finds it taken."""
    with transaction.atomic():
        claimed = ImportRun.objects.filter(
            pk=run.pk, status=ImportRun.Status.CHECKED, error_count=0
        ).update(status=ImportRun.Status.QUEUED, queued_at=timezone.now())
        if claimed:
            transaction.on_commit(lambda: _enqueue(run.pk))
    run.refresh_from_db()
    return bool(claimed)


def _enqueue(run_id: int) -> None:
    try:
        async_task(
            RUN_TASK,
            run_id,
            task_name=f"event-import-{run_id}",
            save=False,
            timeout=settings.PORCHLIGHT["IMPORT_TASK_TIMEOUT_SECONDS"],
        )
    except Exception as exc:  # noqa: BLE001 - the page shows the run as stopped in time
        logger.warning("Could not queue import %s: %s", run_id, exc.__class__.__name__)


def import_run_perform(*, run_id: int) -> str:
    """The task: claim the queued run, run it, record the outcome. A second delivery of
    the same task finds the run claimed and does nothing."""
    now = timezone.now()
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, started_at=now
    )
    if claimed != 1:
        return "not mine"
    run = ImportRun.objects.select_related("program", "venue", "host", "created_by").get(pk=run_id)

    def finish(report: Report) -> None:
        _record(run, report, ImportRun.Status.DONE)

    try:
        with set_actor(run.created_by):
            report = import_execute(run=run, dry_run=False, finish=finish)
    except DomainError as exc:
        report = Report(problems=[exc.message])
    except IntegrityError:
        with translation.override(run.language):
            report = Report(
                problems=[
                    gettext(
                        "Someone changed these events while the import ran: nothing was "
                        "imported. Check the file again, then run it."
                    )
                ]
            )
    if report.blocked:
        _record(run, report, ImportRun.Status.FAILED)
        return "failed"
    return "done"


def _record(run: ImportRun, report: Report, status: str) -> None:
    run.status = status
    run.result = report.as_json()
    run.finished_at = timezone.now()
    _counts(run, report)
    run.save(
        update_fields=[
            "status",
            "result",
            "finished_at",
            "created_count",
            "updated_count",
            "skipped_count",
            "error_count",
        ]
    )
