from django.db import migrations, models

PARTNER_STAFF = "Partner staff"


def keep_partner_staff_access(apps, schema_editor):
    # Until now every member of an event's host or partner saw its roster. Partner staff
    # were told they see their organization's events, so their memberships keep that as an
    # explicit grant; officers' memberships do not: officers see their assigned events.
    Membership = apps.get_model("scheduler", "Membership")
    Membership.objects.filter(user__groups__name=PARTNER_STAFF).update(roster_access=True)


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0007_text_and_date_validators"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="roster_access",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "May see the attendance lists (names and contacts) of every event this "
                    "organization hosts or partners on. Without it: only the events this "
                    "person is assigned to."
                ),
                verbose_name="sees all rosters",
            ),
        ),
        migrations.RunPython(keep_partner_staff_access, migrations.RunPython.noop),
    ]
