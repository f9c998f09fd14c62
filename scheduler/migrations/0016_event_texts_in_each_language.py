"""A column per language for the texts residents read (django-modeltranslation).

0015 fills the default language's from the single column they had. Kept apart: on
PostgreSQL a table whose rows were just updated cannot be altered in the same transaction,
which going back through both at once would do.
"""

from django.db import migrations, models

import scheduler.models.validators

# The languages as this migration made them (config/languages.py then); one added later
# gets its columns from a migration of its own.
CODES = ("en", "es", "zh_hans", "zh_hant", "vi", "ru", "pa", "tl", "hmn")


def _line(max_length: int, **kwargs) -> models.CharField:
    return models.CharField(
        max_length=max_length,
        null=True,
        validators=[scheduler.models.validators.validate_text_line],
        **kwargs,
    )


def _block(**kwargs) -> models.TextField:
    return models.TextField(
        blank=True,
        null=True,
        validators=[scheduler.models.validators.validate_text_block],
        **kwargs,
    )


# (model, field, the translation column's definition)
TEXTS = (
    ("event", "title", lambda: _line(200)),
    ("event", "description", _block),
    ("eventseries", "title", lambda: _line(200)),
    ("eventseries", "description", _block),
    ("program", "name", lambda: _line(120, unique=True)),
    ("program", "description", _block),
    (
        "venue",
        "accessibility_notes",
        lambda: _block(help_text="Step-free entrance, parking, hearing loop, transit…"),
    ),
)


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0015_import_key_and_import_runs"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model_name, name=f"{field}_{code}", field=definition())
            for model_name, field, definition in TEXTS
            for code in CODES
        ),
    ]
