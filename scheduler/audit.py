"""The audit trail: who changed what, when, from what to what (django-auditlog).

Every change to an event, a series, a program, a membership (the roster grant), an RSVP
or a walk-in is a LogEntry with its actor and the fields' values before and after;
coordinators read them in the admin (the "History" of an object, and Audit log). The RSVP
app registers its models from its own AppConfig (rsvp.audit_fields) through `track`.

Only the fields named here are recorded: a field added later (a resident's name, a
token's hash) stays out of the trail until someone decides it belongs there, so the trail
holds no resident's name, contact or secret and may outlive the retention purge.

django-auditlog records through model signals; writes that go around them (a conditional
QuerySet.update, as check-in does) record themselves with `audit_update`.
"""

from auditlog.diff import model_instance_diff
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.utils.functional import SimpleLazyObject

from scheduler.models import Event, EventSeries, Membership, Program, text_columns

# Texts by their column in each language ("title_es"): a translation's change is recorded too.
_DETAILS = [
    *text_columns("title", "description"),
    "program",
    "venue",
    "host",
    "timezone",
    "capacity",
    "max_party_size",
    "visibility",
    "promotion_cutoff_minutes",
]
EVENT_FIELDS = [
    *_DETAILS,
    "series",
    "start",
    "end",
    "rsvp_opens_at",
    "rsvp_closes_at",
    "status",
    "cancelled_at",
    "cancellation_reason",
    "is_customized",
]
SERIES_FIELDS = [*_DETAILS, "rrule", "start_date", "start_time", "duration"]
PROGRAM_FIELDS = [
    *text_columns("name"),
    "slug",
    *text_columns("description"),
    "default_capacity",
    "default_max_party_size",
    "reminder_offsets_minutes",
]
MEMBERSHIP_FIELDS = ["organization", "user", "title", "roster_access"]


def track(model: type[Model], *, fields: list[str], m2m: tuple[str, ...] = ()) -> None:
    """Record every create, change and delete of `model`, for these fields only."""
    auditlog.register(model, include_fields=fields, m2m_fields=set(m2m))


def register() -> None:
    track(Event, fields=EVENT_FIELDS, m2m=("partners", "officers"))
    track(EventSeries, fields=SERIES_FIELDS, m2m=("partners", "officers"))
    track(Program, fields=PROGRAM_FIELDS)
    track(Membership, fields=MEMBERSHIP_FIELDS)


def audit_update(old: Model, new: Model, *, actor) -> LogEntry | None:
    """Record a change made without a model signal (old and new: the row before and after),
    in the same form as the entries auditlog makes; nothing when no tracked field changed."""
    changes = model_instance_diff(old, new)
    if not changes:
        return None
    return LogEntry.objects.log_create(
        new, action=LogEntry.Action.UPDATE, changes=changes, actor=actor
    )


class AuditActorMiddleware(AuditlogMiddleware):
    """auditlog's middleware, with the actor read when an entry is written, not when the
    request comes in: an API call is authenticated by its token inside the view (Django
    REST framework then sets the request's user), after a middleware has run."""

    @staticmethod
    def _get_actor(request):
        user_model = get_user_model()

        def signed_in():
            user = getattr(request, "user", None)
            return user if isinstance(user, user_model) and user.is_authenticated else None

        # auditlog checks isinstance(actor, User) before it uses the actor: a lazy object
        # answers for what it wraps, and a None inside fails that check (no actor).
        return SimpleLazyObject(signed_in)
