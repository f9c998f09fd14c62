import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rsvp", "0004_phone_and_text_opt_in_per_rsvp"),
    ]

    operations = [
        migrations.CreateModel(
            name="ManageLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "rsvp",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="manage_links",
                        to="rsvp.rsvp",
                    ),
                ),
            ],
            options={
                "verbose_name": "manage link",
                "ordering": ["created_at", "id"],
            },
        ),
    ]
