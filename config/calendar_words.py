"""Month and weekday names with Django's own message ids, so our catalogs carry them.

Django translates these words for the languages it ships catalogs for; for a language it
has none for (Hmong), scheduler/when.py formats dates with Django's date formatting, which
looks these words up in the active catalogs: ours must hold them. Never imported:
`makemessages` (and the catalog test) read this file for its strings.
"""

from django.utils.translation import gettext_lazy as _

WEEKDAYS = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]
WEEKDAYS_ABBR = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
MONTHS = [
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
]
# Translators: the clock's halves, as in "6:30 PM" (django.utils.dateformat, format "A").
CLOCK = [_("AM"), _("PM")]
