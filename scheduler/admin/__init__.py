"""Coordinators' admin: programs, organizations, venues, series and events.

Events and series are written through scheduler.services, never by the admin's own
save: a save the service refuses shows the form again with the reason, and writes
nothing (base.py). The RSVP app adds its inline to the event page (rsvp/admin.py).
"""

from scheduler.admin import places, series  # noqa: F401 - registers their admins
from scheduler.admin.base import AuditHistoryAdmin
from scheduler.admin.events import EventAdmin

__all__ = ["AuditHistoryAdmin", "EventAdmin"]
