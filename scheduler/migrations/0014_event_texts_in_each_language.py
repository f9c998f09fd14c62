"""A column per language for the texts residents read (django-modeltranslation), filled.

The default language's column starts as a copy of the text each row had, so the site reads
the same straight after `migrate`; the other languages start empty (they fall back to it).
Going back copies the default language's text into the single column again.
"""

from django.db import migrations, models
from django.db.models import F, Q

import scheduler.models.validators

# The languages as this migration made them (config/languages.py then); one added later
# gets its columns from a migration of its own.
CODES = ("en", "es", "zh_hans", "zh_hant", "vi", "ru", "pa", "tl", "hmn")
DEFAULT = "en"


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


def copy_into_default_language(apps, schema_editor):
    # What modeltranslation's update_translation_fields does, on the models as they are at
    # this migration (the command would use today's models, which may have moved on).
    for model_name, field, _definition in TEXTS:
        model = apps.get_model("scheduler", model_name)
        column = f"{field}_{DEFAULT}"
        empty = Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
        model.objects.filter(empty).update(**{column: F(field)})


def copy_back_from_default_language(apps, schema_editor):
    for model_name, field, _definition in TEXTS:
        model = apps.get_model("scheduler", model_name)
        column = f"{field}_{DEFAULT}"
        given = model.objects.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""})
        given.update(**{field: F(column)})


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0013_rsvp_mode_per_program_and_event"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model_name, name=f"{field}_{code}", field=definition())
            for model_name, field, definition in TEXTS
            for code in CODES
        ),
        migrations.RunPython(copy_into_default_language, copy_back_from_default_language),
    ]
