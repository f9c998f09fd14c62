"""Calendar feeds (`.ics` over HTTP) and the iCalendar builder they share with e-mail.

builder (pure iCal) and timezones (VTIMEZONE); queries (which events, the one-query
fingerprint); cache (bodies by fingerprint); http (conditional GET, the feed's stamp);
views (the feed class and one subclass per feed); urls; signals (keep `updated_at` true).
"""
