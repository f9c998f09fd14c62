"""The languages spoken or interpreted at an event; coordinators set them in the admin."""

import django.db.models.deletion
from django.db import migrations, models

CODENAMES = [f"{action}_eventlanguage" for action in ("add", "change", "delete", "view")]


def grant(apps, schema_editor):
    # Coordinators hold every permission of the scheduler's models (0002_role_groups): the
    # new model's too. Its permissions are made now, as post_migrate would only after.
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("scheduler")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(
        *Permission.objects.filter(content_type__app_label="scheduler", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="scheduler", codename__in=CODENAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0017_event_texts_filled_from_the_single_column"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventLanguage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
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
                        max_length=10,
                        verbose_name="language",
                    ),
                ),
                (
                    "interpreted",
                    models.BooleanField(
                        default=False,
                        help_text="An interpreter is there for this language; otherwise the event is held in it.",
                        verbose_name="interpreted",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="languages",
                        to="scheduler.event",
                    ),
                ),
            ],
            options={
                "verbose_name": "language at the event",
                "verbose_name_plural": "languages at the event",
                "ordering": ["interpreted", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("event", "language"), name="event_language_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
