"""The texts' default-language column starts as a copy of the text each row had, so the
site reads the same straight after `migrate`; the other languages start empty (they fall
back to it). Going back copies the default language's text into the single column again.
"""

from django.db import migrations
from django.db.models import F, Q

DEFAULT = "en"
# (model, field) with a column per language since 0014.
TEXTS = (
    ("event", "title"),
    ("event", "description"),
    ("eventseries", "title"),
    ("eventseries", "description"),
    ("program", "name"),
    ("program", "description"),
    ("venue", "accessibility_notes"),
)


def copy_into_default_language(apps, schema_editor):
    # What modeltranslation's update_translation_fields does, on the models as they are at
    # this migration (the command would use today's models, which may have moved on).
    for model_name, field in TEXTS:
        model = apps.get_model("scheduler", model_name)
        column = f"{field}_{DEFAULT}"
        empty = Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
        model.objects.filter(empty).update(**{column: F(field)})


def copy_back_from_default_language(apps, schema_editor):
    for model_name, field in TEXTS:
        model = apps.get_model("scheduler", model_name)
        column = f"{field}_{DEFAULT}"
        given = model.objects.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""})
        given.update(**{field: F(column)})


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0016_event_texts_in_each_language"),
    ]

    operations = [
        migrations.RunPython(copy_into_default_language, copy_back_from_default_language),
    ]
