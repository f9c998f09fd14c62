"""The words of the door list's script (static/js/checkin.js), in the officer's language.

The script works offline too, so it cannot ask the server to word a sentence when a
count changes. It gets these strings from `DoorCatalog` (Django's JavaScriptCatalog over
our own catalog, these strings only, with the language's plural rule) once, the service
worker keeps that file, and the script words its sentences with django.gettext,
django.ngettext and django.interpolate. Placeholders are named (%(name)s): translators
may put them in any order.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy
from django.views.i18n import JavaScriptCatalog

WORDS = [
    pgettext_lazy("button", "Check in"),
    pgettext_lazy("undo a check-in", "Undo"),
    gettext_lazy("Arrived %(time)s"),
    ngettext_lazy("%(arrived)s of %(size)s arrived", "%(arrived)s of %(size)s arrived", "arrived"),
    gettext_lazy("%(name)s checked in."),
    gettext_lazy("Check-in of %(name)s undone."),
    gettext_lazy("That did not work. Please try again."),
    gettext_lazy("Online. Everything is sent."),
    ngettext_lazy(
        "Offline: %(count)s change waiting to be sent.",
        "Offline: %(count)s changes waiting to be sent.",
        "count",
    ),
    ngettext_lazy(
        "Sending %(count)s change…",
        "Sending %(count)s changes…",
        "count",
    ),
    gettext_lazy("Last synced at %(time)s."),
    gettext_lazy("Not synced yet on this phone."),
    gettext_lazy("You are signed out. Sign in again to send what is waiting."),
    gettext_lazy("Sign in again"),
    gettext_lazy("Offline: this list is the copy kept on this phone."),
    gettext_lazy("This phone has no copy of this list. Open it once while online."),
    gettext_lazy("Waiting to be sent"),
    ngettext_lazy(
        "Walk-in recorded: %(count)s person.", "Walk-in recorded: %(count)s people.", "count"
    ),
    ngettext_lazy(
        "Walk-in taken back: %(count)s person.", "Walk-in taken back: %(count)s people.", "count"
    ),
    gettext_lazy("Walk-in"),
    gettext_lazy("Remove"),
    ngettext_lazy("%(count)s person", "%(count)s people", "count"),
    ngettext_lazy("party of %(count)s", "party of %(count)s", "count"),
    gettext_lazy("Head count %(code)s"),
    gettext_lazy("%(name)s: %(reason)s"),
    gettext_lazy("Enter how many people came in, from 1 to 500."),
    gettext_lazy(
        "Contact details are sent only with a connection. Record the count now, without them."
    ),
    # The list's headings, as attendance.html words them (the same msgids).
    ngettext_lazy(
        'Not arrived yet <span class="meta">(%(parties)s party)</span>',
        'Not arrived yet <span class="meta">(%(parties)s parties)</span>',
        "parties",
    ),
    ngettext_lazy(
        'Arrived <span class="meta">(%(parties)s party)</span>',
        'Arrived <span class="meta">(%(parties)s parties)</span>',
        "parties",
    ),
    ngettext_lazy(
        'Walk-ins <span class="meta">(<span data-count="walkins">%(walkins)s</span> person)</span>',
        'Walk-ins <span class="meta">(<span data-count="walkins">%(walkins)s</span> people)</span>',
        "walkins",
    ),
    ngettext_lazy(
        "%(count)s change is not sent yet and will be lost. Sign out anyway?",
        "%(count)s changes are not sent yet and will be lost. Sign out anyway?",
        "count",
    ),
    # A door code scanned offline (static/js/scan.js): the same words as the server's.
    ngettext_lazy(
        "Welcome, %(name)s — party of %(size)d",
        "Welcome, %(name)s — party of %(size)d",
        "size",
    ),
    ngettext_lazy(
        "Already checked in at %(time)s: %(name)s — party of %(size)d.",
        "Already checked in at %(time)s: %(name)s — party of %(size)d.",
        "size",
    ),
]


def door_msgids() -> set[str]:
    """The catalog keys of WORDS: a plural by its singular, "context\x04msgid" with a context.

    A lazy string keeps the arguments it was made with (`_args`, and `_kw` for a plural
    whose number is named): they are the msgids.
    """
    keys = set()
    for word in WORDS:
        kw = getattr(word, "_kw", {}) or {}
        args = getattr(word, "_args", ()) or ()
        if "singular" in kw:
            keys.add(kw["singular"])
        elif len(args) == 2 and isinstance(args[1], str):
            keys.add(f"{args[0]}\x04{args[1]}")  # pgettext_lazy(context, message)
        elif args:
            keys.add(args[0])
    return keys


class DoorCatalog(JavaScriptCatalog):
    """Django's JavaScript catalog, from our catalog (the "django" domain), WORDS only."""

    domain = "django"

    def get_catalog(self):
        wanted = door_msgids()
        catalog = super().get_catalog()
        # Context strings are keyed "context\x04msgid" in the catalog.
        return {key: value for key, value in catalog.items() if key in wanted}
