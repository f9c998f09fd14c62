"""Coordinators set up volunteer roles in the admin (inline on the event) and read the
volunteers: the permissions of the new models, given to their group."""

from django.db import migrations

CODENAMES = [
    *(f"{action}_volunteerrole" for action in ("add", "change", "delete", "view")),
    "view_volunteersignup",
]


def grant(apps, schema_editor):
    # Its permissions are made now, as post_migrate would only after this migration.
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("volunteers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(
        *Permission.objects.filter(content_type__app_label="volunteers", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Coordinators"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="volunteers", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0001_volunteer_roles_and_signups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
