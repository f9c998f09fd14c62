"""Translatable verbose names, help texts and choice labels (gettext_lazy): the state only,
no SQL (Django alters no column for these attributes)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_token_scopes"),
        migrations.swappable_dependency(settings.KNOX_TOKEN_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="tokenscope",
            options={"verbose_name": "token scope", "verbose_name_plural": "token scopes"},
        ),
        migrations.AlterField(
            model_name="tokenscope",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="tokenscope",
            name="scope",
            field=models.CharField(
                choices=[
                    (
                        "rsvp:manage-links",
                        "Gets back the seat outcome and the manage link of the RSVPs it makes",
                    )
                ],
                max_length=40,
                verbose_name="scope",
            ),
        ),
        migrations.AlterField(
            model_name="tokenscope",
            name="token",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="scopes",
                to=settings.KNOX_TOKEN_MODEL,
                verbose_name="token",
            ),
        ),
    ]
