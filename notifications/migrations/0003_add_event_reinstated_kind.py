from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_add_feed_link_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("confirmed", "RSVP confirmed"),
                    ("waitlisted", "Waitlisted"),
                    ("promoted", "Promoted from the waitlist"),
                    ("cancelled", "Cancelled by the resident"),
                    ("link_resent", "Manage link re-sent"),
                    ("reminder", "Reminder"),
                    ("event_changed", "Event changed"),
                    ("event_cancelled", "Event cancelled"),
                    ("waitlist_closed", "Waitlist closed at the cutoff"),
                    ("feed_link", "Personal feed link"),
                    ("event_reinstated", "Event reinstated"),
                ],
                max_length=20,
            ),
        ),
    ]
