"""rsvp 0006: names move from the mailbox to each RSVP, and back; head counts survive going back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from rsvp.services import rsvp_create_headcount
from scheduler.models import Event, RsvpMode
from tests import factories

BEFORE = [("rsvp", "0005_manage_link")]


def migrate(targets=None) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_names_move_to_each_rsvp_and_back_and_head_counts_keep_their_seats():
    first, second = factories.event(), factories.event()
    try:
        migrate(BEFORE)
        # Before: one name (and language, phone) per address, shown by all its RSVPs.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO rsvp_attendee (email, name, phone, language, sms_opt_in, "
                "reminders_enabled, created_at) VALUES "
                "('ana@example.org', 'Ana Reyes', '+15035550100', 'es', true, true, "
                "CURRENT_TIMESTAMP)"
            )
            for event, token in ((first, "a" * 64), (second, "b" * 64)):
                cursor.execute(
                    "INSERT INTO rsvp_rsvp (event_id, attendee_id, party_size, status, "
                    "accessibility_needs, phone, sms_opt_in, manage_token_hash, created_at, "
                    "updated_at) SELECT %s, id, 1, 'confirmed', '', '', false, %s, "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM rsvp_attendee",
                    [event.pk, token],
                )
        migrate()
        assert rows("SELECT name, language FROM rsvp_rsvp ORDER BY id") == [
            ("Ana Reyes", "es"),
            ("Ana Reyes", "es"),
        ]
        Event.objects.filter(pk=first.pk).update(rsvp_mode=RsvpMode.HEADCOUNT)
        counted = rsvp_create_headcount(event=first, party_size=3).rsvp
        # Back: each mailbox gets the name of its earliest RSVP; a head count, which the
        # older code cannot hold, gets a mailbox that can never receive mail.
        migrate(BEFORE)
        assert rows("SELECT email, name, language FROM rsvp_attendee ORDER BY id") == [
            ("ana@example.org", "Ana Reyes", "es"),
            (f"headcount-{counted.pk}@porchlight.invalid", counted.reference, "en"),
        ]
        assert rows("SELECT event_id, party_size, status FROM rsvp_rsvp ORDER BY id") == [
            (first.pk, 1, "confirmed"),
            (second.pk, 1, "confirmed"),
            (first.pk, 3, "confirmed"),
        ]
    finally:
        migrate()
    assert rows("SELECT name, reference FROM rsvp_rsvp ORDER BY id") == [
        ("Ana Reyes", ""),
        ("Ana Reyes", ""),
        (counted.reference, ""),
    ]
