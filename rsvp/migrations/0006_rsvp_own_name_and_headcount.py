"""Names, languages (and phones, already) belong to each RSVP; a mailbox is only an address.

Each RSVP takes the name and language its attendee row had (the one typed with the first
RSVP of that address), so rosters read as before. Head-count RSVPs (no mailbox, a
reference code) become possible.

Backwards: each mailbox gets back the name and language of its earliest RSVP (and its
phone), and a head-count RSVP, which the older code cannot hold, gets a mailbox of its own
at an address that can never receive mail (RFC 2606 `.invalid`), so its seats are kept.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BATCH = 500


def names_to_rsvps(apps, schema_editor):
    Attendee = apps.get_model("rsvp", "Attendee")
    Rsvp = apps.get_model("rsvp", "Rsvp")
    for attendee in Attendee.objects.only("pk", "name", "language").iterator(chunk_size=BATCH):
        Rsvp.objects.filter(attendee_id=attendee.pk).update(
            name=attendee.name, language=attendee.language
        )


def names_to_mailboxes(apps, schema_editor):
    Attendee = apps.get_model("rsvp", "Attendee")
    Rsvp = apps.get_model("rsvp", "Rsvp")
    for attendee in Attendee.objects.iterator(chunk_size=BATCH):
        first = Rsvp.objects.filter(attendee_id=attendee.pk).order_by("created_at", "id").first()
        if first is None:
            continue
        attendee.name = first.name or first.reference
        attendee.language = first.language
        attendee.phone = first.phone
        attendee.sms_opt_in = first.sms_opt_in
        attendee.save(update_fields=["name", "language", "phone", "sms_opt_in"])


def headcounts_to_placeholder_mailboxes(apps, schema_editor):
    Attendee = apps.get_model("rsvp", "Attendee")
    Rsvp = apps.get_model("rsvp", "Rsvp")
    for rsvp in Rsvp.objects.filter(attendee__isnull=True).iterator(chunk_size=BATCH):
        mailbox = Attendee.objects.create(
            email=f"headcount-{rsvp.pk}@porchlight.invalid", reminders_enabled=False
        )
        Rsvp.objects.filter(pk=rsvp.pk).update(attendee=mailbox)


class Migration(migrations.Migration):
    dependencies = [
        ("rsvp", "0005_manage_link"),
        ("scheduler", "0013_rsvp_mode_per_program_and_event"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="rsvp",
            name="name",
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AddField(
            model_name="rsvp",
            name="language",
            field=models.CharField(
                choices=[
                    ("en", "English"),
                    ("es", "Español"),
                    ("vi", "Tiếng Việt"),
                    ("zh-hans", "中文"),
                ],
                default="en",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="rsvp",
            name="reference",
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AddField(
            model_name="rsvp",
            name="email_added_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(names_to_rsvps, names_to_mailboxes, elidable=False),
        # A default first, so that going back can add the column to rows that exist.
        migrations.AlterField(
            model_name="attendee",
            name="name",
            field=models.CharField(default="", max_length=120),
        ),
        migrations.RemoveField(model_name="attendee", name="language"),
        migrations.RemoveField(model_name="attendee", name="name"),
        migrations.RemoveField(model_name="attendee", name="phone"),
        migrations.RemoveField(model_name="attendee", name="sms_opt_in"),
        migrations.AlterModelOptions(
            name="attendee",
            options={"ordering": ["email", "id"], "verbose_name": "mailbox"},
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="attendee",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rsvps",
                to="rsvp.attendee",
            ),
        ),
        # Forwards nothing to do; backwards, before the mailbox is required again.
        migrations.RunPython(
            migrations.RunPython.noop, headcounts_to_placeholder_mailboxes, elidable=False
        ),
        migrations.AddConstraint(
            model_name="rsvp",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("attendee__isnull", False), ~models.Q(reference=""), _connector="OR"
                ),
                name="rsvp_mailbox_or_reference",
            ),
        ),
        migrations.AddConstraint(
            model_name="rsvp",
            constraint=models.UniqueConstraint(
                condition=~models.Q(reference=""),
                fields=("event", "reference"),
                name="rsvp_reference_unique_per_event",
            ),
        ),
    ]
