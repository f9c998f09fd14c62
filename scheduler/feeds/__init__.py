"""Calendar feeds (`.ics` over HTTP) and the iCalendar builder they share with e-mail.

builder (pure iCal), words (its fixed words, in the active language) and timezones
(VTIMEZONE); queries (which events, the one-query fingerprint); cache (bodies by
fingerprint and language); http (conditional GET, the feed's stamp); languages (`?lang=`
and feed links); base and views (the feed class and one subclass per feed); urls;
signals (keep `updated_at` true).
"""
