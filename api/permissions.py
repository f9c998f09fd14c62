"""Who may call what: coordinators write events; a roster is for its event's staff."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from scheduler.permissions import is_coordinator


class IsCoordinator(permissions.BasePermission):
    message = _("Only coordinators may create or change events.")

    def has_permission(self, request, view):
        return is_coordinator(request.user)


class CoordinatorWrites(permissions.BasePermission):
    """Anyone may read; only coordinators may write."""

    message = IsCoordinator.message

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or is_coordinator(request.user)


class RosterPermission(permissions.IsAuthenticated):
    message = _(
        "Only the officers assigned to this event, coordinators, and staff a coordinator "
        "granted its host's or partners' rosters may see it."
    )
