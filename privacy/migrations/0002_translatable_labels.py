"""Translatable verbose names, help texts and choice labels (gettext_lazy): the state only,
no SQL (Django alters no column for these attributes)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("rsvp", "0010_translatable_labels"),
        ("scheduler", "0014_translatable_labels"),
    ]

    operations = [
        migrations.AlterField(
            model_name="dataaccesslink",
            name="attendee",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="data_access_links",
                to="rsvp.attendee",
                verbose_name="attendee",
            ),
        ),
        migrations.AlterField(
            model_name="dataaccesslink",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="created at"
            ),
        ),
        migrations.AlterField(
            model_name="dataaccesslink",
            name="token_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="token hash"
            ),
        ),
        migrations.AlterField(
            model_name="legalhold",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="legal_holds",
                to="scheduler.event",
                verbose_name="event",
            ),
        ),
    ]
