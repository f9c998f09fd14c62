"""The message catalogs (locale/<language>/LC_MESSAGES/django.po): checked and compiled in Python.

A fresh machine has Python and nothing else, so neither the catalog test nor the setup
may need GNU gettext. This module reads the strings our code marks for translation the
way `makemessages` does (Python files directly, templates through Django's own
`templatize`, which turns a template into the Python-like text makemessages hands to
xgettext) with Babel's Python extractor, and compiles .po to .mo with polib.

`manage.py makemessages` (GNU gettext) stays the way to update the catalogs; see README,
"Adding or correcting a language".
"""

import dataclasses
import io
import re
from collections.abc import Iterator
from pathlib import Path

import polib
from babel.messages.extract import extract_python
from django.conf import settings
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

# Our code, as makemessages walks it (tests, benchmarks and migrations hold no strings
# for people to read).
SOURCE_DIRS = (
    "api",
    "config",
    "counters",
    "demo",
    "notifications",
    "ops",
    "privacy",
    "rsvp",
    "scheduler",
    "templates",
    "volunteers",
)
SKIPPED_PARTS = {"migrations", "__pycache__"}
TEMPLATE_SUFFIXES = {".html", ".txt"}

# name → (context position, singular position, plural position) in the call's arguments.
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


# Who should read each catalog before a city goes live (the X-Review header). The first
# versions were written for Porchlight by its developers, not by native speakers.
REVIEWERS = {
    "es": "a native Spanish speaker from the department's language-access team or a "
    "certified translator (ATA or court-certified), for Spanish as spoken locally",
    "zh-hans": "a native Mandarin speaker who reads Simplified Chinese (certified translator "
    "or community liaison)",
    "zh-hant": "a native speaker who reads Traditional Chinese (Cantonese and Taiwanese "
    "readers alike), certified translator or community liaison",
    "vi": "a native Vietnamese speaker (certified translator or community liaison)",
    "ru": "a native Russian speaker (certified translator or community liaison; many "
    "residents also read Ukrainian)",
    "pa": "a native Punjabi speaker who reads Gurmukhi (certified translator or Sikh "
    "community liaison)",
    "tl": "a native Tagalog/Filipino speaker (certified translator or community liaison)",
    "hmn": "a native Hmong speaker who reads RPA (Hmong Daw and Mong Leng readers alike), "
    "with the local Hmong community organization",
}
# gettext plural rules: CLDR's, in the form Django and GNU gettext read.
PLURAL_FORMS = {
    "es": "nplurals=2; plural=(n != 1);",
    "zh-hans": "nplurals=1; plural=0;",
    "zh-hant": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<12 || n%100>14) ? 1 : 2);",
    "pa": "nplurals=2; plural=(n > 1);",
    "tl": "nplurals=2; plural=(n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 "
    "|| n % 10 == 9));",
    "hmn": "nplurals=1; plural=0;",
}


@dataclasses.dataclass(frozen=True)
class Message:
    context: str | None
    msgid: str
    plural: str | None = None


def base_dir() -> Path:
    return Path(settings.BASE_DIR)


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def translated_languages() -> list[str]:
    """Every language but the one the code is written in."""
    return [code for code, _name in settings.LANGUAGES if code != "en"]


def catalog_path(language: str) -> Path:
    return locale_dir() / to_locale(language) / "LC_MESSAGES" / "django.po"


def _source_files() -> Iterator[Path]:
    root = base_dir()
    for name in SOURCE_DIRS:
        for path in sorted((root / name).rglob("*")):
            if SKIPPED_PARTS & set(path.parts) or not path.is_file():
                continue
            if path.suffix == ".py" or (name == "templates" and path.suffix in TEMPLATE_SUFFIXES):
                yield path


def _argument(args: tuple, position: int | None):
    return None if position is None or position >= len(args) else args[position]


def _messages_in(source: str) -> Iterator[Message]:
    for _line, name, args, _comments in extract_python(
        io.BytesIO(source.encode()), list(KEYWORDS), [], {}
    ):
        context_at, singular_at, plural_at = KEYWORDS[name]
        args = args if isinstance(args, tuple) else (args,)

        msgid = _argument(args, singular_at)
        if not isinstance(msgid, str) or not msgid:
            continue  # a variable, not a literal: nothing to translate here
        yield Message(
            context=_argument(args, context_at), msgid=msgid, plural=_argument(args, plural_at)
        )


def source_messages() -> set[Message]:
    """Every literal our code and templates mark for translation."""
    found: set[Message] = set()
    for path in _source_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".py":
            # templatize keeps the template's indentation, which Python's tokenizer
            # would refuse; its calls are each on one line, so the indentation can go.
            text = "\n".join(
                line.lstrip() for line in templatize(text, origin=str(path)).splitlines()
            )
        found.update(_messages_in(text))
    return found


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def catalog_problems(language: str, messages: set[Message] | None = None) -> list[str]:
    """What keeps this catalog from being complete: each problem as a line for a person."""
    path = catalog_path(language)
    if not path.exists():
        return [f"{path}: no catalog"]
    catalog = polib.pofile(str(path))
    problems = []
    if not catalog.metadata.get("X-Review"):
        problems.append(f"{path}: the header names no reviewer (X-Review)")
    entries = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}
    for message in sorted(
        messages if messages is not None else source_messages(),
        key=lambda m: (m.context or "", m.msgid),
    ):
        entry = entries.get((message.context, message.msgid))
        label = message.msgid[:70]
        if entry is None:
            problems.append(f"{language}: missing: {label!r}")
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{language}: fuzzy: {label!r}")
        strings = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not strings or not all(s.strip() for s in strings):
            problems.append(f"{language}: untranslated: {label!r}")
            continue
        # A translation that drops or renames a placeholder raises at render time (a 500).
        wanted = _placeholders(message.msgid) | _placeholders(message.plural or "")
        for text in strings:
            if not _placeholders(text) <= wanted:
                problems.append(f"{language}: placeholders differ: {label!r}")
                break
    return problems


def headers_set() -> None:
    """Put the language, its plural rule and its reviewer in each catalog's header."""
    names = dict(settings.LANGUAGES)
    for language in translated_languages():
        path = catalog_path(language)
        if not path.exists():
            continue
        catalog = polib.pofile(str(path), wrapwidth=79)
        catalog.header = (
            f"Porchlight's messages in {names[language]} ({language}).\n"
            f"Before a city goes live, to be read by {REVIEWERS[language]}.\n"
            "How to correct or add a language: README, 'Adding or correcting a language'."
        )
        # makemessages marks a new catalog's header fuzzy; compiled, a fuzzy header would
        # drop the plural rule.
        catalog.metadata_is_fuzzy = False
        catalog.metadata.update(
            {
                "Project-Id-Version": "Porchlight",
                "Language": to_locale(language),
                "Language-Team": f"{names[language]} <{language}>",
                "Plural-Forms": PLURAL_FORMS[language],
                "X-Review": REVIEWERS[language],
                "Content-Type": "text/plain; charset=UTF-8",
            }
        )
        catalog.save(str(path))


def compile_catalogs() -> list[Path]:
    """Write each catalog's .mo next to it; the compiled files are committed (README)."""
    written = []
    for language in translated_languages():
        path = catalog_path(language)
        if path.exists():
            target = path.with_suffix(".mo")
            polib.pofile(str(path)).save_as_mofile(str(target))
            written.append(target)
    return written


def compiled_is_current(language: str) -> bool:
    """Whether the committed .mo holds exactly what its .po says."""
    path = catalog_path(language)
    mo = path.with_suffix(".mo")
    if not mo.exists():
        return False

    def table(entries) -> dict:
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in entries
        }

    # A .mo holds only translated entries (polib's MOEntry has no translated()).
    return table(polib.pofile(str(path)).translated_entries()) == table(polib.mofile(str(mo)))
