"""The admin's choice fields and autocomplete widgets, refusing a posted id that is not one.

A form shown again with its errors has the autocomplete widget look the posted ids up to
label them, and a many-to-many field checks its ids with one `pk__in` query: an id that does
not parse ("x", ":") or one past the database's integers (SQLite: OverflowError) reached
those queries and raised, so a coordinator got a 500 instead of "Select a valid choice".
"""

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError


def _target(remote_model, field_name: str | None):
    opts = remote_model._meta
    return opts.pk if field_name in (None, "pk") else opts.get_field(field_name)


def _storable(field, raw) -> bool:
    try:
        # The model field's validators include the database's integer range.
        field.run_validators(field.to_python(raw))
    except ValidationError:
        return False
    return True


class _StorableIdsOnly:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = _target(remote.model, getattr(remote, "field_name", None))
        return super().optgroups(name, [raw for raw in value if _storable(target, raw)], attr)


class AutocompleteSelect(_StorableIdsOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_StorableIdsOnly, widgets.AutocompleteSelectMultiple):
    pass


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        target = _target(self.queryset.model, self.to_field_name)
        for raw in value:
            try:
                number = target.to_python(raw)
            except ValidationError:
                continue  # Django's own check names it ("“x” is not a valid value.")
            if not _storable(target, number):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": raw},
                )
        return super()._check_values(value)


class StorableIdsAdmin:
    """For a ModelAdmin or an inline: the fields and widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
