import secrets

from django.db import migrations, models


def fill_share_keys(apps, schema_editor):
    # Each event its own key (a field default would give every existing row the same one).
    Event = apps.get_model("scheduler", "Event")
    for event in Event.objects.filter(share_key__isnull=True).only("pk").iterator():
        Event.objects.filter(pk=event.pk).update(share_key=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0009_coordinators_read_the_audit_trail")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="share_key",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(fill_share_keys, migrations.RunPython.noop),
    ]
