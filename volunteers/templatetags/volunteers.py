"""The volunteer parts of pages that other apps render: the event page's roles and form,
and the roster's volunteer section. Their templates load this library, so rsvp imports
nothing of volunteers."""

from django import template

from volunteers import queries
from volunteers.forms import VolunteerSignupForm, role_label
from volunteers.services import signup_closed_reason

register = template.Library()


@register.inclusion_tag("volunteers/_event_roles.html", takes_context=True)
def volunteer_roles(context, event):
    roles = list(queries.roles_with_places(event))
    for role in roles:
        role.label_places = role_label(role)
    return {
        "event": event,
        "roles": roles,
        "form": VolunteerSignupForm(roles=roles) if roles else None,
        "closed_reason": signup_closed_reason(event) if roles else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("volunteers/_roster.html", takes_context=True)
def volunteer_roster(context, event):
    roles = queries.roles_roster(event)
    for role in roles:
        role.credited = role.shift_hours(event)
    return {"event": event, "roles": roles, "csrf_token": context.get("csrf_token")}
