"""What the API reads and writes, by resource (events, rsvps, attendance)."""
