"""Manage links sent in notice e-mails are looked up by the RSVP app (rsvp.ManageLink).

Forward: every hash stored on a notice becomes a ManageLink of its RSVP, then the
column goes. Backward: the column comes back and each notice's hash is found again by
deriving the notice's link (HMAC of the secret key and its salt, as Notification.link_token
does) and looking for it among the ManageLinks: exact while SECRET_KEY is the key that
signed the links.
"""

import base64
import hashlib
import hmac

from django.conf import settings
from django.db import migrations

BATCH = 2000


def _manage_hash(link_salt: str) -> str:
    # Frozen copy of Notification.link_token("manage") followed by scheduler.tokens.token_hash.
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"porchlight-notice-manage:{link_salt}".encode(),
        hashlib.sha256,
    ).digest()
    token = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def links_copy_to_rsvp(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    ManageLink = apps.get_model("rsvp", "ManageLink")
    rows = (
        Notification.objects.filter(manage_token_hash__isnull=False, rsvp__isnull=False)
        .order_by("pk")
        .values_list("rsvp_id", "manage_token_hash", "claimed_at", "updated_at")
    )
    batch = []
    for rsvp_id, digest, claimed_at, updated_at in rows.iterator(chunk_size=BATCH):
        batch.append(
            ManageLink(rsvp_id=rsvp_id, token_hash=digest, created_at=claimed_at or updated_at)
        )
        if len(batch) >= BATCH:
            ManageLink.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    ManageLink.objects.bulk_create(batch, ignore_conflicts=True)


def links_copy_back(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    ManageLink = apps.get_model("rsvp", "ManageLink")
    claimed = (
        Notification.objects.filter(rsvp__isnull=False, attempts__gt=0)
        .order_by("pk")
        .values_list("pk", "link_salt")
    )
    batch: dict[str, int] = {}

    def flush():
        known = set(
            ManageLink.objects.filter(token_hash__in=list(batch)).values_list(
                "token_hash", flat=True
            )
        )
        for digest in known:
            Notification.objects.filter(pk=batch[digest]).update(manage_token_hash=digest)
        batch.clear()

    for pk, salt in claimed.iterator(chunk_size=BATCH):
        batch[_manage_hash(salt)] = pk
        if len(batch) >= BATCH:
            flush()
    flush()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_add_event_reinstated_kind"),
        ("rsvp", "0005_manage_link"),
    ]

    operations = [
        migrations.RunPython(links_copy_to_rsvp, links_copy_back, elidable=False),
        migrations.RemoveField(model_name="notification", name="manage_token_hash"),
    ]
