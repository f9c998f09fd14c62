"""scheduler 0014–0016: texts get a column per language, filled from the one they had, and
back; the languages at an event come and go with their table and permissions."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from scheduler.models import Event, EventSeries, Program, Venue
from tests import factories

BEFORE = [("scheduler", "0015_import_key_and_import_runs")]


def migrate(targets=None) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]


def execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.mark.django_db(transaction=True)
def test_texts_move_into_the_default_languages_column_and_back():
    program = factories.program(name="Coffee with a Cop", name_es="Café con un policía")
    venue = factories.venue(accessibility_notes="Ramp at the side.")
    event = factories.event(
        title="Watch meeting",
        title_es="Reunión de vigilancia",
        description="Monthly.",
        program=program,
        venue=venue,
    )
    series = factories.series(title="Coffee", program=program, venue=venue)
    try:
        # The single column is not what a reader sees (it is whatever was saved last):
        # going back takes the default language's text.
        execute("UPDATE scheduler_event SET title = 'stale', description = 'stale'")
        migrate(BEFORE)
        assert rows("SELECT title, description FROM scheduler_event") == [
            ("Watch meeting", "Monthly.")
        ]
        assert rows("SELECT name FROM scheduler_program") == [("Coffee with a Cop",)]
        assert rows("SELECT title FROM scheduler_eventseries") == [("Coffee",)]
        assert rows("SELECT accessibility_notes FROM scheduler_venue") == [("Ramp at the side.",)]
        # Edited while the site ran the older code.
        execute("UPDATE scheduler_event SET title = 'Watch meeting (moved)'")
        migrate()
        fresh = Event.objects.select_related("program", "venue").get(pk=event.pk)
        assert (fresh.title_en, fresh.title_es, fresh.description_en) == (
            "Watch meeting (moved)",
            None,
            "Monthly.",
        )
        assert (fresh.program.name_en, fresh.program.name_es) == ("Coffee with a Cop", None)
        assert fresh.venue.accessibility_notes_en == "Ramp at the side."
        assert EventSeries.objects.get(pk=series.pk).title_en == "Coffee"
        with translation.override("es"):  # nothing in Spanish any more: the English text
            assert (fresh.title, fresh.program.name) == (
                "Watch meeting (moved)",
                "Coffee with a Cop",
            )
        assert Program.objects.count() == Venue.objects.count() == 1
    finally:
        migrate()


@pytest.mark.django_db(transaction=True)
def test_the_languages_at_events_and_the_coordinators_permissions_come_and_go():
    def coordinators_may() -> list[str]:
        # (A transactional test before this one may have flushed the migrations' groups.)
        return sorted(
            Group.objects.filter(
                name="Coordinators", permissions__codename__endswith="_eventlanguage"
            ).values_list("permissions__codename", flat=True)
        )

    factories.event(languages=[("vi", True)])
    try:
        migrate([("scheduler", "0017_event_texts_filled_from_the_single_column")])
        assert "scheduler_eventlanguage" not in connection.introspection.table_names()
        assert coordinators_may() == []
        migrate()
        assert "scheduler_eventlanguage" in connection.introspection.table_names()
        assert coordinators_may() == [
            "add_eventlanguage",
            "change_eventlanguage",
            "delete_eventlanguage",
            "view_eventlanguage",
        ]
    finally:
        migrate()
