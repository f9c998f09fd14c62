"""The API's endpoints, by resource (events, rsvps, attendance); base.py is their base class."""
