"""No template shows English that the catalog cannot translate (issue 11).

Every template under templates/ is read with Django's own Lexer: what is inside
{% translate %}, {% blocktranslate %} and {% comment %} is dropped, the other tags and
variables become a placeholder, and what is left is parsed as HTML. Any word of three
letters or more in the text, or in an attribute people read (aria-label, title, alt,
placeholder, a button's value), is English typed into the template: a new untranslated
string fails here. So does English in a `|default:"…"` or in a literal handed to an
{% include … with … %}, the two ways a template passes words around.

The e-mail templates (notifications/email, privacy/email) are checked by their own tests.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES = Path(settings.BASE_DIR) / "templates"
OTHERS = ("notifications/email/", "privacy/email/")
# Names that are the same in every language.
NAMES = ("Porchlight", "Outlook.com", "Swagger")
WORD = re.compile(r"[^\W\d_]{3,}")
# Attributes whose values are read (aloud, or as a hint); `value` only on buttons.
READ = {"aria-label", "title", "alt", "placeholder", "aria-description"}
PLACEHOLDER = "\x00"
LITERAL = re.compile(r"""(?P<q>["'])(?P<text>.*?)(?P=q)""")


def _templates() -> list[str]:
    return sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*")
        if path.suffix in {".html", ".txt"}
        and not str(path.relative_to(TEMPLATES)).startswith(OTHERS)
    )


class _Visible(HTMLParser):
    """The text and the read attributes of an HTML fragment, outside <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attributes = dict(attrs)
        for name, value in attrs:
            read = name in READ or (
                name == "value" and attributes.get("type") in ("submit", "button", "reset")
            )
            if read and value:
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def _english(text: str) -> list[str]:
    for name in NAMES:
        text = text.replace(name, "")
    # A path, a file name or an address (".ics", "/calendar/events.ics") is not a word.
    text = re.sub(r"\S*(?:[/@]|\.\w)\S*", " ", text)
    return WORD.findall(text.replace(PLACEHOLDER, " "))


def _literals(token) -> list[str]:
    """English in a tag's or a variable's literals: `|default:"…"`, `include … with x="…"`."""
    contents = token.contents
    found = []
    if token.token_type == TokenType.VAR:
        for match in re.finditer(r"""\|default:(["'])(.*?)\1""", contents):
            found += _english(match.group(2))
    elif contents.split()[:1] == ["include"] and " with " in contents:
        for match in LITERAL.finditer(contents.split(" with ", 1)[1]):
            found += _english(match.group("text"))
    return found


def untranslated(source: str) -> list[str]:
    """The English words a template shows outside the translation tags."""
    kept, found = [], []
    inside = None  # the tag that closes the block being dropped
    for token in Lexer(source).tokenize():
        words = token.split_contents() if token.token_type == TokenType.BLOCK else []
        if inside:
            if words[:1] == [inside]:
                inside = None
            continue
        if token.token_type == TokenType.TEXT:
            kept.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK and words[0] in ("blocktranslate", "blocktrans"):
            inside = "end" + words[0]
            continue
        if token.token_type == TokenType.BLOCK and words[0] == "comment":
            inside = "endcomment"
            continue
        if words[:2] == ["block", "bodyclass"]:  # the admin's CSS classes of <body>
            inside = "endblock"
            continue
        found += _literals(token)
        # A tag may stand where an attribute does (<p{% if x %} class="y"{% endif %}>): a
        # space keeps the HTML parseable; a variable is a value, never a word.
        kept.append(PLACEHOLDER if token.token_type == TokenType.VAR else " ")
    parser = _Visible()
    parser.feed("".join(kept))
    parser.close()
    for text in parser.found:
        found += _english(text)
    return found


@pytest.mark.parametrize("name", _templates())
def test_template_shows_no_english_outside_the_translation_tags(name):
    assert untranslated((TEMPLATES / name).read_text()) == []


def test_the_guard_finds_english_wherever_a_template_may_hide_it():
    assert untranslated("<p>Hello {{ name }}</p>") == ["Hello"]
    assert untranslated('<button aria-label="Close it">{% translate "X" %}</button>') == [
        "Close",
    ]
    assert untranslated('<input type="submit" value="Send">') == ["Send"]
    assert untranslated("<a href=\"{% url 'x' %}\">Back</a>") == ["Back"]
    assert untranslated("{{ w.name|default:'Walk-in' }}") == ["Walk"]
    assert untranslated('{% include "x.html" with empty="No events yet." %}') == ["events", "yet"]


def test_the_guard_lets_translated_text_markup_and_code_through():
    assert (
        untranslated(
            "{% load i18n %}<p class=\"lede\">{% translate 'Hello' %}</p>"
            "{% blocktranslate trimmed %}Hello {{ name }}{% endblocktranslate %}"
            "{% comment %}Why this is so.{% endcomment %}{# a note #}"
            '<script>var x = "Ignored";</script><style>.a { color: red }</style>'
            '<a href="/calendar/events.ics" class="button">Porchlight</a> · &rsaquo; #1'
            '<input type="text" name="q" value="{{ q }}"> Outlook.com'
        )
        == []
    )
