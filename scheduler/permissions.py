"""Who may see which event's roster: the one place that answers it (DESIGN.md rule 5).

Least privilege: coordinators see every roster; anyone else with a staff role sees the
rosters of the events they are assigned to, plus those of every event hosted or partnered
by an organization whose rosters a coordinator granted them (Membership.roster_access).
Working for the host or a partner grants nothing by itself.
"""

from django.db.models import Q, QuerySet

from scheduler.models import Event, Membership, Organization, ReviewComment

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
    # Subqueries rather than joins: no duplicate rows, so no DISTINCT over the page's query.
    granted = Membership.objects.filter(user=user, roster_access=True).values("organization_id")
    assigned = Event.officers.through.objects.filter(user=user).values("event_id")
    partnered = Event.partners.through.objects.filter(organization_id__in=granted)
    return Event.objects.filter(
        Q(pk__in=assigned) | Q(host_id__in=granted) | Q(pk__in=partnered.values("event_id"))
    )


def roster_organizations(user) -> QuerySet[Organization]:
    """The organizations whose events' rosters a coordinator granted this user."""
    if not is_staff_member(user):
        return Organization.objects.none()
    return Organization.objects.filter(membership__user=user, membership__roster_access=True)


def can_view_roster(user, event: Event) -> bool:
    """May this user see this event's attendance list (names, contacts, check-in)?"""
    if not is_staff_member(user):
        return False
    if is_coordinator(user):
        return True
    return roster_events(user).filter(pk=event.pk).exists()


# Partners' proposals (scheduler/services/proposals.py): partner staff propose events for
# the organizations they work for; only coordinators publish them.


def is_partner_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and PARTNER_STAFF in _group_names(user))


def proposal_organizations(user) -> QuerySet[Organization]:
    """The organizations this user may propose events for: those they work for, if they
    are partner staff (a coordinator publishes directly and proposes nothing)."""
    if not is_partner_staff(user):
        return Organization.objects.none()
    return Organization.objects.filter(membership__user=user).order_by("name")


def may_propose_for(user, organization: Organization) -> bool:
    """May this user start a proposal hosted by this organization?"""
    if organization is None or not is_partner_staff(user):
        return False
    return Membership.objects.filter(user=user, organization=organization).exists()


def _proposed() -> QuerySet:
    """Ids of the events partners proposed (those that began as a draft): the events a
    coordinator made for an organization stay the coordinators' to change."""
    return ReviewComment.objects.filter(action=ReviewComment.Action.CREATED).values("event_id")


def proposal_events(user) -> QuerySet[Event]:
    """The events this user sees in their proposals list: those proposed for an
    organization they propose for (drafts and published ones alike)."""
    return Event.objects.filter(
        host_id__in=proposal_organizations(user).values("pk"), pk__in=_proposed()
    )


def may_see_proposal(user, event: Event) -> bool:
    """May this user open the proposal page of this event? Its organization's partner
    staff, and coordinators."""
    return may_review(user) or may_edit_proposal(user, event)


def may_edit_proposal(user, event: Event) -> bool:
    """May this user change this event as a partner? Only an event proposed for their own
    organization (not one a coordinator made, nor an occurrence of a series). What they may change
    once it is published is the organization's choice (Organization.partner_may_edit,
    checked by the service)."""
    if event.series_id is not None or not may_propose_for(user, event.host):
        return False
    return ReviewComment.objects.filter(
        event_id=event.pk, action=ReviewComment.Action.CREATED
    ).exists()


def may_review(user) -> bool:
    """May this user approve, send back or decline proposals (publish them)? Coordinators."""
    return is_coordinator(user)
