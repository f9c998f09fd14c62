"""The accommodations' side of the RSVP services' announcements (rsvp/signals.py): run
inside their transactions, so a request is stored, routed or withdrawn with the change."""

from accommodations import services


def rsvp_changed(sender, *, rsvp, kind: str, extras=None, **kwargs) -> None:
    if kind in ("confirmed", "waitlisted"):
        services.requests_create(rsvp=rsvp, asked=(extras or {}).get("accommodations") or [])
    elif kind == "promoted":
        services.requests_route(rsvp=rsvp)
    elif kind == "cancelled":
        services.requests_withdraw(rsvp=rsvp)
