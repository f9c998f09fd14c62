"""Guards against a new user-facing string in Python that skips the catalogs.

Three looks at the running code — every model's and field's label, help text and choice
labels, every form field's and serializer field's words, every domain error's default
message must be a lazy translation (gettext_lazy: a `Promise`), so that each is read in the
language of whoever sees it — and one at the source: refusals, 404s, admin messages and
class-level labels written as a plain string literal or an f-string.

Each guard is first shown a plain string, so that it is known to catch one.
"""

import ast
import fnmatch
import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from rest_framework import serializers

from scheduler.errors import DomainError

ROOT = Path(__file__).resolve().parent.parent
APPS = ("scheduler", "rsvp", "notifications", "privacy", "api", "counters", "ops", "demo")


def _lazy(value) -> bool:
    return isinstance(value, Promise)


# --- Models ----------------------------------------------------------------------------


def model_field_problems(field) -> list[str]:
    """What of one model field a person reads that is not a lazy translation."""
    problems = []
    if not _lazy(field.verbose_name):
        problems.append(f"verbose_name {field.verbose_name!r}")
    if field.help_text and not _lazy(field.help_text):
        problems.append(f"help_text {field.help_text!r}")
    # A language is named in itself ("Español"), as the switcher shows it: not translated.
    if field.choices and list(field.choices) != list(settings.LANGUAGES):
        problems += [f"choice {label!r}" for _, label in field.flatchoices if not _lazy(label)]
    return problems


def _our_fields():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if field.auto_created or not hasattr(field, "verbose_name"):
                    continue  # reverse relations and the automatic `id`
                yield model, field


def test_the_model_guard_catches_a_plain_string():
    field = models.CharField("title", help_text="One line.", choices=[("a", "A")])
    field.set_attributes_from_name("title")
    assert model_field_problems(field) == [
        "verbose_name 'title'",
        "help_text 'One line.'",
        "choice 'A'",
    ]


def test_every_model_field_label_help_text_and_choice_is_translated():
    problems = [
        f"{model.__name__}.{field.name}: {problem}"
        for model, field in _our_fields()
        for problem in model_field_problems(field)
    ]
    assert problems == []


def test_every_model_and_app_name_is_translated():
    problems = []
    for label in APPS:
        config = apps.get_app_config(label)
        if not _lazy(config.verbose_name):
            problems.append(f"app {label}: {config.verbose_name!r}")
        for model in config.get_models():
            for name in ("verbose_name", "verbose_name_plural"):
                value = getattr(model._meta, name)
                if not _lazy(value):
                    problems.append(f"{model.__name__} {name}: {value!r}")
    assert problems == []


# --- Forms and serializers -------------------------------------------------------------


def form_field_problems(field) -> list[str]:
    problems = []
    for name in ("label", "help_text"):
        value = getattr(field, name, None)
        if value and not _lazy(value):
            problems.append(f"{name} {value!r}")
    for key, value in getattr(field, "error_messages", {}).items():
        if not _lazy(value):
            problems.append(f"error_messages[{key!r}] {value!r}")
    return problems


def _modules(package: str):
    importlib.import_module(settings.ROOT_URLCONF)  # registers the URL converters routes use
    root = importlib.import_module(package)
    yield root
    for info in pkgutil.walk_packages(root.__path__, f"{package}."):
        if ".migrations" in info.name or ".management" in info.name:
            continue
        yield importlib.import_module(info.name)


def _classes_defined_in_our_modules(base: type):
    seen = set()
    for package in APPS:
        for module in _modules(package):
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, base)
                    and value.__module__ == module.__name__
                    and value not in seen
                ):
                    seen.add(value)
                    yield value


def test_the_form_guard_catches_a_plain_string():
    field = forms.CharField(label="Name", help_text="Yours.", error_messages={"required": "!"})
    assert form_field_problems(field) == [
        "label 'Name'",
        "help_text 'Yours.'",
        "error_messages['required'] '!'",
    ]


def test_every_form_field_label_help_text_and_error_is_translated():
    form_classes = list(_classes_defined_in_our_modules(forms.BaseForm))
    assert len(form_classes) >= 10  # the RSVP, admin, officer, privacy and sign-in forms
    problems = [
        f"{form_class.__module__}.{form_class.__name__}.{name}: {problem}"
        for form_class in form_classes
        for name, field in form_class.base_fields.items()
        for problem in form_field_problems(field)
    ]
    assert problems == []


def test_every_serializer_field_help_text_is_translated():
    serializer_classes = list(_classes_defined_in_our_modules(serializers.Serializer))
    assert len(serializer_classes) >= 15
    problems = [
        f"{serializer.__name__}.{name}: help_text {field.help_text!r}"
        for serializer in serializer_classes
        for name, field in serializer._declared_fields.items()
        if field.help_text and not _lazy(field.help_text)
    ]
    assert problems == []


# --- Domain errors ---------------------------------------------------------------------


def _subclasses(base: type) -> list[type]:
    found = []
    for sub in base.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def error_default_problems(error_class: type) -> list[str]:
    message = error_class.__dict__.get("message", "")
    return [] if message == "" or _lazy(message) else [f"{error_class.__name__}: {message!r}"]


def test_the_error_guard_catches_a_plain_string():
    class Refused(DomainError):
        message = "No."

    assert error_default_problems(Refused) == ["Refused: 'No.'"]


def test_every_domain_error_default_message_is_translated():
    for package in APPS:
        list(_modules(package))  # every error class defined, so __subclasses__ sees it
    ours = [c for c in _subclasses(DomainError) if c.__module__.split(".")[0] in APPS]
    assert len(ours) >= 4  # EventError, CapacityError, Busy, RsvpError
    assert [p for c in ours for p in error_default_problems(c)] == []


# --- The source: literals where a translation belongs -----------------------------------

# Raised or returned to a person: the first argument (or `detail`/`message`) is their words.
MESSAGE_CALLS = {
    "ValidationError",
    "Http404",
    "PermissionDenied",
    "NotFound",
    "ParseError",
    "AuthenticationFailed",
    "Throttled",
    "RequestDataTooBig",
    "DomainError",
    "EventError",
    "CapacityError",
    "RsvpError",
    "Busy",
}
# Keyword arguments that are a label someone reads.
LABEL_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "detail",
    "title",
    "violation_error_message",
}
# Class attributes that are a label someone reads (Meta, AppConfig, list filters, DRF
# permissions, feeds' 404s, domain errors).
LABEL_ATTRIBUTES = {
    "verbose_name",
    "verbose_name_plural",
    "message",
    "missing",
    "title",
    "search_help_text",
}


def _plain(node) -> bool:
    """A string literal with words in it, or an f-string: text no catalog will see."""
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip()


def _name(func) -> str:
    return getattr(func, "id", None) or getattr(func, "attr", "")


def literal_problems(source: str, path: str = "<source>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            args = []
            if name in MESSAGE_CALLS and node.args:
                args.append(node.args[0])
            if name == "message_user" and len(node.args) >= 2:
                args.append(node.args[1])
            for keyword in node.keywords:
                if keyword.arg in LABEL_KEYWORDS or (
                    keyword.arg == "description" and name in ("display", "action")
                ):
                    args.append(keyword.value)
                if keyword.arg == "message" and name in MESSAGE_CALLS:
                    args.append(keyword.value)
            found += [f"{path}:{arg.lineno}" for arg in args if _plain(arg)]
        elif isinstance(node, ast.ClassDef):
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and any(getattr(t, "id", None) in LABEL_ATTRIBUTES for t in statement.targets)
                    and _plain(statement.value)
                ):
                    found.append(f"{path}:{statement.lineno}")
    return sorted(found, key=lambda where: int(where.rpartition(":")[2]))


# Not scanned: operators' command output (English, as Django's own), the OpenAPI document's
# examples, migrations (labels as they were), the demo data (events' content, not the
# site's words), and modules whose texts are still to follow (the pages' views and
# template tags).
NOT_SCANNED = (
    "*/migrations/*",
    "*/management/*",
    "api/examples.py",
    "demo/*",
    "*/views.py",
    "*/templatetags/*",
)
SCANNED_ANYWAY = ()


def _sources() -> list[Path]:
    paths = []
    for package in APPS:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            # fnmatch's * spans folders: "notifications/*" is all of that app.
            if relative in SCANNED_ANYWAY or not any(
                fnmatch.fnmatch(relative, pattern) for pattern in NOT_SCANNED
            ):
                paths.append(Path(relative))
    return paths


def test_the_source_guard_catches_plain_strings():
    source = """
raise ValidationError("Enter a date.")
raise RsvpError(f"{n} seats left.", code="x")
field = forms.CharField(label="Name", help_text=_("Fine."))
self.message_user(request, "Done.")

@admin.display(description="Status")
def status(self, obj): ...

class Filter(admin.SimpleListFilter):
    title = "neighborhood"
"""
    assert literal_problems(source) == [
        "<source>:2",
        "<source>:3",
        "<source>:4",
        "<source>:5",
        "<source>:7",
        "<source>:11",
    ]


@pytest.mark.parametrize("path", _sources(), ids=str)
def test_no_user_facing_literal_skips_the_catalog(path):
    assert literal_problems((ROOT / path).read_text(), path.as_posix()) == []
