"""Officer pages: roster, check-in, walk-ins, exports, reports and the calendar-feed link."""
