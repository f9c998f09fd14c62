"""Who may see which event's roster: the one place that answers it (DESIGN.md rule 5)."""

from django.db.models import Q, QuerySet

from scheduler.models import Event

COORDINATORS = "Coordinators"
OFFICERS = "Officers"
PARTNER_STAFF = "Partner staff"
ROLE_GROUPS = (COORDINATORS, OFFICERS, PARTNER_STAFF)


def _group_names(user) -> set[str]:
    # Cached on the user object: one query per request, however many events are checked.
    if not hasattr(user, "_porchlight_groups"):
        user._porchlight_groups = set(user.groups.values_list("name", flat=True))
    return user._porchlight_groups


def is_coordinator(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or COORDINATORS in _group_names(user))
    )


def is_staff_member(user) -> bool:
    """May use the officer area at all (coordinator, officer or partner staff)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or _group_names(user) & set(ROLE_GROUPS))
    )


def roster_events(user) -> QuerySet[Event]:
    """Events whose roster this user may see."""
    if not is_staff_member(user):
        return Event.objects.none()
    if is_coordinator(user):
        return Event.objects.all()
    return Event.objects.filter(
        Q(officers=user) | Q(host__membership__user=user) | Q(partners__membership__user=user)
    ).distinct()


def can_view_roster(user, event: Event) -> bool:
    """May this user see this event's attendance list (names, contacts, check-in)?"""
    if not is_staff_member(user):
        return False
    if is_coordinator(user):
        return True
    return roster_events(user).filter(pk=event.pk).exists()
