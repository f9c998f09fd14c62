"""Translatable verbose names, help texts and choice labels (gettext_lazy): the state only,
no SQL (Django alters no column for these attributes)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rsvp", "0009_nine_languages"),
        ("scheduler", "0014_translatable_labels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="attendee",
            options={
                "ordering": ["email", "id"],
                "verbose_name": "mailbox",
                "verbose_name_plural": "mailboxes",
            },
        ),
        migrations.AlterModelOptions(
            name="managelink",
            options={
                "ordering": ["created_at", "id"],
                "verbose_name": "manage link",
                "verbose_name_plural": "manage links",
            },
        ),
        migrations.AlterModelOptions(
            name="rsvp",
            options={
                "ordering": ["created_at", "id"],
                "verbose_name": "RSVP",
                "verbose_name_plural": "RSVPs",
            },
        ),
        migrations.AlterModelOptions(
            name="walkin",
            options={
                "ordering": ["recorded_at", "id"],
                "verbose_name": "walk-in",
                "verbose_name_plural": "walk-ins",
            },
        ),
        migrations.AlterField(
            model_name="attendee",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="attendee",
            name="email",
            field=models.EmailField(max_length=254, unique=True, verbose_name="email"),
        ),
        migrations.AlterField(
            model_name="attendee",
            name="feed_token_hash",
            field=models.CharField(
                editable=False,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="feed token hash",
            ),
        ),
        migrations.AlterField(
            model_name="attendee",
            name="first_attended_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first attended at"
            ),
        ),
        migrations.AlterField(
            model_name="attendee",
            name="reminders_enabled",
            field=models.BooleanField(default=True, verbose_name="reminders enabled"),
        ),
        migrations.AlterField(
            model_name="managelink",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="created at"
            ),
        ),
        migrations.AlterField(
            model_name="managelink",
            name="rsvp",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="manage_links",
                to="rsvp.rsvp",
                verbose_name="RSVP",
            ),
        ),
        migrations.AlterField(
            model_name="managelink",
            name="token_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="token hash"
            ),
        ),
        migrations.AlterField(
            model_name="rosteraccess",
            name="at",
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="at"),
        ),
        migrations.AlterField(
            model_name="rosteraccess",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="roster_accesses",
                to="scheduler.event",
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="rosteraccess",
            name="user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AlterField(
            model_name="rosteraccess",
            name="what",
            field=models.CharField(
                choices=[
                    ("page", "Attendance page"),
                    ("csv", "CSV export"),
                    ("sheet", "Sign-in sheet"),
                    ("checkin", "Check-in"),
                    ("undo", "Check-in undone"),
                    ("walkin", "Walk-in recorded"),
                    ("walkin_del", "Walk-in removed"),
                    ("api", "API roster"),
                ],
                max_length=10,
                verbose_name="what",
            ),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="accessibility_needs",
            field=models.TextField(blank=True, max_length=1000, verbose_name="accessibility needs"),
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
                verbose_name="attendee",
            ),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="cancelled_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="cancelled at"),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="checked_in_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="checked in at"),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="checked_in_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="checked in by",
            ),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="email_added_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="email added at"),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="erased_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="erased at"
            ),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rsvps",
                to="scheduler.event",
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="first_visit",
            field=models.BooleanField(
                blank=True, editable=False, null=True, verbose_name="first visit"
            ),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="language",
            field=models.CharField(
                choices=[
                    ("en", "English"),
                    ("es", "Español"),
                    ("zh-hans", "中文（简体）"),
                    ("zh-hant", "中文（繁體）"),
                    ("vi", "Tiếng Việt"),
                    ("ru", "Русский"),
                    ("pa", "ਪੰਜਾਬੀ"),
                    ("tl", "Tagalog"),
                    ("hmn", "Hmoob"),
                ],
                default="en",
                max_length=10,
                verbose_name="language",
            ),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="manage_token_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="manage token hash"
            ),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="name",
            field=models.CharField(blank=True, max_length=120, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="party_size",
            field=models.PositiveSmallIntegerField(
                default=1, help_text="The resident plus their guests.", verbose_name="party size"
            ),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="phone",
            field=models.CharField(
                blank=True,
                help_text="E.164, e.g. +15035550100",
                max_length=32,
                verbose_name="phone",
            ),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="promoted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="promoted at"),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="reference",
            field=models.CharField(blank=True, max_length=12, verbose_name="reference"),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="sms_opt_in",
            field=models.BooleanField(default=False, verbose_name="SMS opt-in"),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="status",
            field=models.CharField(
                choices=[
                    ("confirmed", "Confirmed"),
                    ("waitlisted", "Waitlisted"),
                    ("cancelled", "Cancelled"),
                ],
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="texts_confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="texts confirmed at"),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="rsvp",
            name="waitlist_joined_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="waitlist joined at"),
        ),
        migrations.AlterField(
            model_name="walkin",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="walkins",
                to="scheduler.event",
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="walkin",
            name="head_count",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="head count"),
        ),
        migrations.AlterField(
            model_name="walkin",
            name="name",
            field=models.CharField(blank=True, max_length=120, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="walkin",
            name="recorded_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
        ),
        migrations.AlterField(
            model_name="walkin",
            name="recorded_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
    ]
