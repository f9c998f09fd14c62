"""Translatable verbose names, help texts and choice labels (gettext_lazy): the state only,
no SQL (Django alters no column for these attributes)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import scheduler.models.validators
import scheduler.tokens


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0013_rsvp_mode_per_program_and_event"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="event",
            options={
                "ordering": ["start", "id"],
                "verbose_name": "event",
                "verbose_name_plural": "events",
            },
        ),
        migrations.AlterModelOptions(
            name="eventseries",
            options={
                "ordering": ["title"],
                "verbose_name": "event series",
                "verbose_name_plural": "event series",
            },
        ),
        migrations.AlterModelOptions(
            name="feedstamp",
            options={"verbose_name": "feed stamp", "verbose_name_plural": "feed stamps"},
        ),
        migrations.AlterModelOptions(
            name="membership",
            options={"verbose_name": "membership", "verbose_name_plural": "memberships"},
        ),
        migrations.AlterModelOptions(
            name="neighborhood",
            options={
                "ordering": ["name"],
                "verbose_name": "neighborhood",
                "verbose_name_plural": "neighborhoods",
            },
        ),
        migrations.AlterModelOptions(
            name="officerfeedtoken",
            options={
                "verbose_name": "officer feed token",
                "verbose_name_plural": "officer feed tokens",
            },
        ),
        migrations.AlterModelOptions(
            name="organization",
            options={
                "ordering": ["name"],
                "verbose_name": "organization",
                "verbose_name_plural": "organizations",
            },
        ),
        migrations.AlterModelOptions(
            name="program",
            options={
                "ordering": ["name"],
                "verbose_name": "program",
                "verbose_name_plural": "programs",
            },
        ),
        migrations.AlterModelOptions(
            name="seriesexclusion",
            options={
                "verbose_name": "series exclusion",
                "verbose_name_plural": "series exclusions",
            },
        ),
        migrations.AlterModelOptions(
            name="venue",
            options={
                "ordering": ["name"],
                "verbose_name": "venue",
                "verbose_name_plural": "venues",
            },
        ),
        migrations.AlterField(
            model_name="event",
            name="cancellation_reason",
            field=models.CharField(
                blank=True,
                max_length=300,
                validators=[scheduler.models.validators.validate_text_block],
                verbose_name="cancellation reason",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="cancelled_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="cancelled at"
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="capacity",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Seats, counting guests. Empty means unlimited.",
                null=True,
                verbose_name="capacity",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="event",
            name="description",
            field=models.TextField(
                blank=True,
                validators=[scheduler.models.validators.validate_text_block],
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="end",
            field=models.DateTimeField(
                validators=[scheduler.models.validators.validate_event_date], verbose_name="end"
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="host",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                to="scheduler.organization",
                verbose_name="host",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="is_customized",
            field=models.BooleanField(
                default=False,
                help_text="Edited by hand: no longer follows edits of its series.",
                verbose_name="is customized",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="max_party_size",
            field=models.PositiveSmallIntegerField(
                default=6,
                help_text="Most people one RSVP may bring, the resident included.",
                verbose_name="max party size",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="occurrence_date",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="occurrence date"
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="officers",
            field=models.ManyToManyField(
                blank=True,
                related_name="assigned_events",
                to=settings.AUTH_USER_MODEL,
                verbose_name="officers",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="partners",
            field=models.ManyToManyField(
                blank=True,
                related_name="partner_events",
                to="scheduler.organization",
                verbose_name="partners",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="program",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                to="scheduler.program",
                verbose_name="program",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="promotion_cutoff_minutes",
            field=models.PositiveIntegerField(
                default=120,
                help_text="The waitlist stops moving this many minutes before the start (at most 14 days).",
                validators=[django.core.validators.MaxValueValidator(20160)],
                verbose_name="promotion cutoff minutes",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="rsvp_closes_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Empty: RSVPs close when the event starts.",
                null=True,
                verbose_name="RSVPs close at",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="rsvp_opens_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Empty: RSVPs open as soon as the event is published.",
                null=True,
                verbose_name="RSVPs open at",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="sequence",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="sequence"),
        ),
        migrations.AlterField(
            model_name="event",
            name="series",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="occurrences",
                to="scheduler.eventseries",
                verbose_name="series",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="share_key",
            field=models.CharField(
                default=scheduler.tokens.token_new,
                editable=False,
                max_length=32,
                unique=True,
                verbose_name="share key",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="start",
            field=models.DateTimeField(
                validators=[scheduler.models.validators.validate_event_date], verbose_name="start"
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="status",
            field=models.CharField(
                choices=[("scheduled", "Scheduled"), ("cancelled", "Cancelled")],
                default="scheduled",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="timezone",
            field=models.CharField(
                default=scheduler.models.validators.default_timezone,
                max_length=64,
                validators=[scheduler.models.validators.validate_timezone],
                verbose_name="time zone",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="title",
            field=models.CharField(
                max_length=200,
                validators=[scheduler.models.validators.validate_text_line],
                verbose_name="title",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="uid",
            field=models.CharField(editable=False, max_length=255, unique=True, verbose_name="UID"),
        ),
        migrations.AlterField(
            model_name="event",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="event",
            name="venue",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                to="scheduler.venue",
                verbose_name="venue",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="visibility",
            field=models.CharField(
                choices=[("public", "Public (listed)"), ("unlisted", "Unlisted (link only)")],
                default="public",
                max_length=10,
                verbose_name="visibility",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="capacity",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Seats, counting guests. Empty means unlimited.",
                null=True,
                verbose_name="capacity",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="description",
            field=models.TextField(
                blank=True,
                validators=[scheduler.models.validators.validate_text_block],
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="duration",
            field=models.DurationField(
                help_text="How long each occurrence lasts, at most 24 hours, e.g. 1:30:00.",
                validators=[scheduler.models.validators.validate_series_duration],
                verbose_name="duration",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="host",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                to="scheduler.organization",
                verbose_name="host",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="materialized_until",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="materialized until"
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="max_party_size",
            field=models.PositiveSmallIntegerField(
                default=6,
                help_text="Most people one RSVP may bring, the resident included.",
                verbose_name="max party size",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="officers",
            field=models.ManyToManyField(
                blank=True,
                related_name="assigned_series",
                to=settings.AUTH_USER_MODEL,
                verbose_name="officers",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="partners",
            field=models.ManyToManyField(
                blank=True,
                related_name="partner_series",
                to="scheduler.organization",
                verbose_name="partners",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="program",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                to="scheduler.program",
                verbose_name="program",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="promotion_cutoff_minutes",
            field=models.PositiveIntegerField(
                default=120,
                help_text="The waitlist stops moving this many minutes before the start (at most 14 days).",
                validators=[django.core.validators.MaxValueValidator(20160)],
                verbose_name="promotion cutoff minutes",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="start_date",
            field=models.DateField(
                help_text="The first day the series may occur.",
                validators=[scheduler.models.validators.validate_event_date],
                verbose_name="start date",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="start_time",
            field=models.TimeField(
                help_text="Local start time, kept across daylight-saving changes.",
                verbose_name="start time",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="timezone",
            field=models.CharField(
                default=scheduler.models.validators.default_timezone,
                max_length=64,
                validators=[scheduler.models.validators.validate_timezone],
                verbose_name="time zone",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="title",
            field=models.CharField(
                max_length=200,
                validators=[scheduler.models.validators.validate_text_line],
                verbose_name="title",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="uid",
            field=models.CharField(editable=False, max_length=255, unique=True, verbose_name="UID"),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="venue",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                to="scheduler.venue",
                verbose_name="venue",
            ),
        ),
        migrations.AlterField(
            model_name="eventseries",
            name="visibility",
            field=models.CharField(
                choices=[("public", "Public (listed)"), ("unlisted", "Unlisted (link only)")],
                default="public",
                max_length=10,
                verbose_name="visibility",
            ),
        ),
        migrations.AlterField(
            model_name="feedstamp",
            name="body_key",
            field=models.CharField(max_length=120, verbose_name="body key"),
        ),
        migrations.AlterField(
            model_name="feedstamp",
            name="etag",
            field=models.CharField(max_length=80, verbose_name="ETag"),
        ),
        migrations.AlterField(
            model_name="feedstamp",
            name="ident_hash",
            field=models.CharField(max_length=64, unique=True, verbose_name="ident hash"),
        ),
        migrations.AlterField(
            model_name="feedstamp",
            name="last_modified",
            field=models.BigIntegerField(db_index=True, verbose_name="last modified"),
        ),
        migrations.AlterField(
            model_name="membership",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                to="scheduler.organization",
                verbose_name="organization",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="title",
            field=models.CharField(blank=True, max_length=120, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="membership",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AlterField(
            model_name="neighborhood",
            name="district",
            field=models.CharField(
                blank=True,
                help_text="Police district or beat.",
                max_length=80,
                verbose_name="district",
            ),
        ),
        migrations.AlterField(
            model_name="neighborhood",
            name="name",
            field=models.CharField(
                max_length=120,
                unique=True,
                validators=[scheduler.models.validators.validate_text_line],
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="neighborhood",
            name="slug",
            field=models.SlugField(max_length=80, unique=True, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="officerfeedtoken",
            name="created_at",
            field=models.DateTimeField(auto_now=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="officerfeedtoken",
            name="token_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="token hash"
            ),
        ),
        migrations.AlterField(
            model_name="officerfeedtoken",
            name="user",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="officer_feed_token",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="email",
            field=models.EmailField(
                blank=True,
                help_text="Public contact address.",
                max_length=254,
                verbose_name="email",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="kind",
            field=models.CharField(
                choices=[
                    ("department", "Police department"),
                    ("unit", "Department unit"),
                    ("school", "School or school district"),
                    ("neighborhood", "Neighborhood association"),
                    ("nonprofit", "Nonprofit"),
                    ("library", "Library"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="name",
            field=models.CharField(
                max_length=160,
                unique=True,
                validators=[scheduler.models.validators.validate_text_line],
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="units",
                to="scheduler.organization",
                verbose_name="parent",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="phone",
            field=models.CharField(
                blank=True, help_text="Public contact phone.", max_length=40, verbose_name="phone"
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="slug",
            field=models.SlugField(max_length=80, unique=True, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="organization",
            name="staff",
            field=models.ManyToManyField(
                blank=True,
                related_name="organizations",
                through="scheduler.Membership",
                to=settings.AUTH_USER_MODEL,
                verbose_name="staff",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="website",
            field=models.URLField(blank=True, verbose_name="website"),
        ),
        migrations.AlterField(
            model_name="program",
            name="default_capacity",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Empty means unlimited.",
                null=True,
                verbose_name="default capacity",
            ),
        ),
        migrations.AlterField(
            model_name="program",
            name="default_max_party_size",
            field=models.PositiveSmallIntegerField(
                default=6, verbose_name="default max party size"
            ),
        ),
        migrations.AlterField(
            model_name="program",
            name="description",
            field=models.TextField(
                blank=True,
                validators=[scheduler.models.validators.validate_text_block],
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="program",
            name="name",
            field=models.CharField(
                max_length=120,
                unique=True,
                validators=[scheduler.models.validators.validate_text_line],
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="program",
            name="reminder_offsets_minutes",
            field=models.JSONField(
                blank=True,
                default=scheduler.models.validators.default_reminder_offsets,
                help_text="Minutes before the start when reminders go out, e.g. [1440, 120].",
                validators=[scheduler.models.validators.validate_reminder_offsets],
                verbose_name="reminder offsets minutes",
            ),
        ),
        migrations.AlterField(
            model_name="program",
            name="slug",
            field=models.SlugField(max_length=60, unique=True, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="seriesexclusion",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="seriesexclusion",
            name="occurrence_date",
            field=models.DateField(verbose_name="occurrence date"),
        ),
        migrations.AlterField(
            model_name="seriesexclusion",
            name="series",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="exclusions",
                to="scheduler.eventseries",
                verbose_name="series",
            ),
        ),
        migrations.AlterField(
            model_name="venue",
            name="accessibility_notes",
            field=models.TextField(
                blank=True,
                help_text="Step-free entrance, parking, hearing loop, transit…",
                validators=[scheduler.models.validators.validate_text_block],
                verbose_name="accessibility notes",
            ),
        ),
        migrations.AlterField(
            model_name="venue",
            name="address",
            field=models.CharField(
                max_length=255,
                validators=[scheduler.models.validators.validate_text_line],
                verbose_name="address",
            ),
        ),
        migrations.AlterField(
            model_name="venue",
            name="latitude",
            field=models.DecimalField(
                blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="latitude"
            ),
        ),
        migrations.AlterField(
            model_name="venue",
            name="longitude",
            field=models.DecimalField(
                blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="longitude"
            ),
        ),
        migrations.AlterField(
            model_name="venue",
            name="name",
            field=models.CharField(
                max_length=160,
                validators=[scheduler.models.validators.validate_text_line],
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="venue",
            name="neighborhood",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="venues",
                to="scheduler.neighborhood",
                verbose_name="neighborhood",
            ),
        ),
    ]
