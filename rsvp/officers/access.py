"""Who may open the officer pages at all (a roster's own rule is rsvp.queries.roster_event)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from scheduler.permissions import is_staff_member


def staff_required(view):
    """Signed in (else the login page) and a coordinator, officer or partner staff (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied(_("Your account has no access to the officer pages."))
        return view(request, *args, **kwargs)

    return wrapper
