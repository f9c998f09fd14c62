"""The languages Porchlight speaks, and what Django needs to know about the two it lacks.

The list follows the languages a city's language-access plan names most often for
residents with limited English (Sacramento's: Spanish, Chinese, Vietnamese, Russian,
Punjabi, Tagalog, Hmong). Each is named in itself, as the switcher shows it.

Django ships locale data (bidi, local name, date formats, its own messages) for all but
Tagalog and Hmong: LANG_INFO gets those two here, their date formats live in
config/formats/<code>/, and the words Django's date filters use (month and weekday names)
come from our own catalogs (config/calendar_words.py). A department adds a language the
same way: see README, "Adding or correcting a language".
"""

from django.conf import locale

LANGUAGE_CODE = "en"

LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("zh-hans", "中文（简体）"),
    ("zh-hant", "中文（繁體）"),
    ("vi", "Tiếng Việt"),
    ("ru", "Русский"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("tl", "Tagalog"),
    ("hmn", "Hmoob"),
]

EXTRA_LANG_INFO = {
    "tl": {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"},
    "hmn": {"bidi": False, "code": "hmn", "name": "Hmong", "name_local": "Hmoob"},
}

# Django looks languages up in this table (get_language_info, the `language_name_local`
# filter, the admin); codes it does not know would raise KeyError there.
for _code, _info in EXTRA_LANG_INFO.items():
    locale.LANG_INFO.setdefault(_code, _info)

# Browsers send regional tags; Django maps zh-cn/zh-sg to zh-hans and zh-tw/zh-hk/zh-mo to
# zh-hant itself (LANG_INFO fallbacks). Filipino is the national standard form of Tagalog:
# a phone set to Filipino asks for "fil".
# Django reads a tag's fallback only for the tag as sent, so the regional one is listed too.
for _code in ("fil", "fil-ph"):
    locale.LANG_INFO.setdefault(_code, {"fallback": ["tl"]})
