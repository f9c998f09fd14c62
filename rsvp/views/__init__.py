"""Residents' pages: upcoming events (home), an event with its RSVP form (event), then the RSVP
managed by its secret link (manage)."""
