"""The message catalogs: complete, compiled, and in step with the code.

A new English string without its translations fails here: the strings are read from the
code as `makemessages` reads them (ops/catalogs.py), without GNU gettext.
"""

import polib
import pytest
from django.conf import settings
from django.utils import translation

from ops import catalogs

LANGUAGES = catalogs.translated_languages()


@pytest.fixture(scope="module")
def messages():
    return catalogs.source_messages()


def test_the_strings_are_read_from_python_and_templates(messages):
    ids = {m.msgid for m in messages}
    # One from Python, one from a template's blocktranslate with a plural, one with context.
    assert "This event has been cancelled." in ids
    assert catalogs.Message(None, "We're holding %(n)s seat.", "We're holding %(n)s seats.") in (
        messages
    )
    assert catalogs.Message(None, "Wednesday") in messages


def test_nine_languages_and_a_catalog_for_each_but_english():
    assert [code for code, _ in settings.LANGUAGES] == [
        "en",
        "es",
        "zh-hans",
        "zh-hant",
        "vi",
        "ru",
        "pa",
        "tl",
        "hmn",
    ]
    assert {catalogs.catalog_path(code).exists() for code in LANGUAGES} == {True}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_in(language, messages):
    assert catalogs.catalog_problems(language, messages) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_the_current_one(language):
    assert catalogs.compiled_is_current(language), "run `manage.py catalogs compile`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_names_the_reviewer_and_the_plural_rule(language):
    catalog = polib.pofile(str(catalogs.catalog_path(language)))
    assert catalog.metadata["X-Review"] == catalogs.REVIEWERS[language]
    assert catalog.metadata["Plural-Forms"] == catalogs.PLURAL_FORMS[language]
    assert not catalog.metadata_is_fuzzy


def test_a_missing_string_an_empty_one_and_a_fuzzy_one_are_each_reported(tmp_path, settings):
    settings.LOCALE_PATHS = [tmp_path]
    path = tmp_path / "es" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    catalog = polib.POFile()
    catalog.metadata = {"X-Review": "someone"}
    catalog.append(polib.POEntry(msgid="Empty", msgstr=""))
    catalog.append(polib.POEntry(msgid="Unsure", msgstr="Inseguro", flags=["fuzzy"]))
    catalog.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Hola %(nombre)s"))
    catalog.save(str(path))
    wanted = {
        catalogs.Message(None, "Empty"),
        catalogs.Message(None, "Unsure"),
        catalogs.Message(None, "Hello %(name)s"),
        catalogs.Message(None, "Gone"),
    }
    assert catalogs.catalog_problems("es", wanted) == [
        "es: untranslated: 'Empty'",
        "es: missing: 'Gone'",
        "es: placeholders differ: 'Hello %(name)s'",
        "es: fuzzy: 'Unsure'",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_django_reads_the_catalog(language):
    with translation.override(language):
        assert translation.gettext("This event has been cancelled.") != (
            "This event has been cancelled."
        )
