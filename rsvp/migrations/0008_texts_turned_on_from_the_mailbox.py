"""Text reminders start once turned on from the RSVP's page (its link goes only to the mailbox).

RSVPs that asked for texts before keep them: their texts are marked turned on when the RSVP
was made. Backwards: the column goes, and with it the wait.
"""

from django.db import migrations, models
from django.db.models import F


def keep_texts_already_asked_for(apps, schema_editor):
    Rsvp = apps.get_model("rsvp", "Rsvp")
    Rsvp.objects.filter(sms_opt_in=True).exclude(phone="").update(
        texts_confirmed_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rsvp", "0007_erasable_rsvps"),
    ]

    operations = [
        migrations.AddField(
            model_name="rsvp",
            name="texts_confirmed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(
            keep_texts_already_asked_for, migrations.RunPython.noop, elidable=False
        ),
    ]
