"""Atomic counters over a time window, for the throttles: Redis when configured, a small table
of their own otherwise (on SQLite, in a file of its own)."""
