from django.db import migrations, models

import scheduler.tokens


# Its own migration: on PostgreSQL a table whose rows were just updated cannot be altered
# in the same transaction while it has deferred constraints to check.
class Migration(migrations.Migration):
    dependencies = [("scheduler", "0010_event_share_key")]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="share_key",
            field=models.CharField(
                default=scheduler.tokens.token_new, editable=False, max_length=32, unique=True
            ),
        ),
    ]
