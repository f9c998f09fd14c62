"""What the RSVP services announce, inside their transactions (see scheduler/signals.py).

`rsvp_changed(rsvp=Rsvp, kind=str)`, kind one of: confirmed, waitlisted, promoted,
cancelled, party_size_changed, link_resent, feed_link. No clear token travels here: each
notice derives its own links when it is sent. A new RSVP's also carries `extras`: what
other apps' form parts asked with it (rsvp/extensions.py).
"""

from django.dispatch import Signal

rsvp_changed = Signal()
