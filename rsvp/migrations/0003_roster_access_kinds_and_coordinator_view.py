from django.db import migrations, models

# scheduler.0002 gave Coordinators the permissions of the models that existed then;
# walk-ins and the roster access log came later and are read by coordinators in admin.
NEW_MODELS = ["walkin", "rosteraccess"]


def grant_coordinators(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("rsvp")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="rsvp", content_type__model__in=NEW_MODELS
        )
    )


def revoke_coordinators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators = Group.objects.filter(name="Coordinators").first()
    if coordinators is not None:
        coordinators.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="rsvp", content_type__model__in=NEW_MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("rsvp", "0002_walkins_and_roster_access"),
        ("scheduler", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
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
            ),
        ),
        migrations.RunPython(grant_coordinators, revoke_coordinators),
    ]
