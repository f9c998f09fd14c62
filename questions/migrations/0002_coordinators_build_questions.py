"""Coordinators build the registration questions in the admin: the permissions of questions
and their choices (answers are read on the roster, not edited anywhere)."""

from django.db import migrations

CODENAMES = [
    f"{action}_{model}"
    for model in ("question", "choice")
    for action in ("add", "change", "delete", "view")
]


def grant(apps, schema_editor):
    # The permissions are made now, as post_migrate would only after this migration.
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("questions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(
        *Permission.objects.filter(content_type__app_label="questions", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Coordinators"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="questions", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_registration_questions"),
        ("scheduler", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
