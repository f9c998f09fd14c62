"""Translatable verbose names, help texts and choice labels (gettext_lazy): the state only,
no SQL (Django alters no column for these attributes)."""

import django.db.models.deletion
from django.db import migrations, models

import notifications.models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_claim_holder"),
        ("rsvp", "0010_translatable_labels"),
        ("scheduler", "0014_translatable_labels"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="notification",
            options={
                "ordering": ["due_at", "id"],
                "verbose_name": "notification",
                "verbose_name_plural": "notifications",
            },
        ),
        migrations.AlterField(
            model_name="notification",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="attendee",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to="rsvp.attendee",
                verbose_name="attendee",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="channel",
            field=models.CharField(
                choices=[("email", "E-mail"), ("sms", "SMS")],
                default="email",
                max_length=5,
                verbose_name="channel",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="claimed at"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="claimed_by",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=40, verbose_name="claimed by"
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="dedupe_key",
            field=models.CharField(max_length=200, unique=True, verbose_name="dedupe key"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="due_at",
            field=models.DateTimeField(verbose_name="due at"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="enqueued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="enqueued at"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to="scheduler.event",
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="event_sequence",
            field=models.PositiveIntegerField(default=0, verbose_name="event sequence"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("confirmed", "RSVP confirmed"),
                    ("waitlisted", "Waitlisted"),
                    ("promoted", "Promoted from the waitlist"),
                    ("cancelled", "Cancelled by the resident"),
                    ("link_resent", "Manage link re-sent"),
                    ("reminder", "Reminder"),
                    ("event_changed", "Event changed"),
                    ("event_cancelled", "Event cancelled"),
                    ("waitlist_closed", "Waitlist closed at the cutoff"),
                    ("feed_link", "Personal feed link"),
                    ("event_reinstated", "Event reinstated"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="last_error",
            field=models.TextField(blank=True, verbose_name="last error"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="link_salt",
            field=models.CharField(
                default=notifications.models.salt_new,
                editable=False,
                max_length=32,
                verbose_name="link salt",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="offset_minutes",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="offset minutes"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="payload",
            field=models.JSONField(blank=True, default=dict, verbose_name="payload"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="rsvp",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to="rsvp.rsvp",
                verbose_name="RSVP",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent at"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("failed", "Failed"),
                    ("skipped", "Skipped"),
                ],
                default="pending",
                max_length=8,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="unsubscribe_token_hash",
            field=models.CharField(
                editable=False,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="unsubscribe token hash",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
    ]
