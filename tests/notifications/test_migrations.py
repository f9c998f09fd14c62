"""The manage links of notices moved to the RSVP app (rsvp.ManageLink): both ways, no link lost."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from notifications.models import Notification
from notifications.tasks import notice_send
from rsvp.services import rsvp_by_token, rsvp_create
from scheduler.tokens import token_hash
from tests import factories

BEFORE = [("rsvp", "0004_phone_and_text_opt_in_per_rsvp")]


def migrate(targets=None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def stored_manage_hashes() -> dict[int, str | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, manage_token_hash FROM notifications_notification WHERE kind = 'confirmed'"
        )
        return dict(cursor.fetchall())


@pytest.mark.django_db(databases="__all__")
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_manage_links_of_older_notice_emails_still_open_their_rsvp(client):
    event = factories.event()
    sent = rsvp_create(event=event, email="ana@example.org", name="Ana").rsvp
    older = rsvp_create(event=event, email="bo@example.org", name="Bo").rsvp
    sent_notice = Notification.objects.get(kind="confirmed", rsvp=sent)
    older_notice = Notification.objects.get(kind="confirmed", rsvp=older)
    assert notice_send(sent_notice.pk) == "sent"
    sent_token = sent_notice.link_token("manage")
    older_token = older_notice.link_token("manage")

    try:
        # Back to the code before the move: the link sent since comes back to its notice...
        migrate(BEFORE)
        assert stored_manage_hashes() == {
            sent_notice.pk: token_hash(sent_token),
            older_notice.pk: None,
        }
        # ...and a notice goes out the old way, its link's hash kept on the notice.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE notifications_notification SET manage_token_hash = %s, state = 'sent', "
                "attempts = 1 WHERE id = %s",
                [token_hash(older_token), older_notice.pk],
            )
    finally:
        migrate()

    assert rsvp_by_token(sent_token) == sent
    assert rsvp_by_token(older_token) == older
    assert rsvp_by_token(older_token[:-1]) is None
    assert client.get(f"/rsvp/{older_token}/").status_code == 200
    assert client.get(f"/rsvp/{older_token[:-1]}x/").status_code == 404
