"""Kiosk mode: a tablet at the entrance where residents check themselves in.

An officer who may see the event's roster starts it from the attendance page and sets a
PIN (4 to 8 digits, kept hashed in the server-side session, never in a cookie). From then
on that browser's session reaches only the kiosk pages of that one event (middleware.py):
the attendance page, the exports, the admin and the API all send it back to the kiosk, so
a resident at the tablet cannot walk from it into the roster. Leaving takes the PIN
(views.kiosk_exit, throttled), or signing out, which ends the session and the kiosk with it.

What a resident sees is cut down on purpose (roster.py): a match needs three letters, at
most five parties are shown, each as a first name and a last initial with its party size,
never an e-mail, a phone or needs. Searches are posted, so names never reach a URL.
"""
