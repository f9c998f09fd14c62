"""The outbox: one Notification row per notice to a resident, the truth about what was sent."""

import base64
import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def salt_new() -> str:
    return secrets.token_hex(16)  # 128 random bits per notice


# "E-mail me my links" sends each RSVP's link at most once in this long: anyone can type
# anyone's address into that page (planning.py makes one row per window, delivery.py skips
# one sent within this long before, across a window's edge).
LINKS_RESEND_MINUTES = 60


class Notification(models.Model):
    """One notice to send. Residents' notices name their attendee; the staff kinds
    (STAFF_KINDS, about partners' proposals) name a staff user instead."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("RSVP confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        PROMOTED = "promoted", _("Promoted from the waitlist")
        CANCELLED = "cancelled", _("Cancelled by the resident")
        LINK_RESENT = "link_resent", _("Manage link re-sent")
        REMINDER = "reminder", _("Reminder")
        EVENT_CHANGED = "event_changed", _("Event changed")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        WAITLIST_CLOSED = "waitlist_closed", _("Waitlist closed at the cutoff")
        FEED_LINK = "feed_link", _("Personal feed link")
        EVENT_REINSTATED = "event_reinstated", _("Event reinstated")
        LINKS_REQUESTED = "links_requested", _("RSVP links asked for")
        # To staff, not residents (STAFF_KINDS): a partner's proposal and its review.
        PROPOSAL_SUBMITTED = "proposal_submitted", _("Event proposal to review")
        PROPOSAL_APPROVED = "proposal_approved", _("Event proposal approved")
        PROPOSAL_CHANGES = "proposal_changes", _("Changes asked for on a proposal")
        PROPOSAL_DECLINED = "proposal_declined", _("Event proposal declined")
        NIGHTOUT_REGISTERED = "nightout_registered", _("Block party registered")
        NIGHTOUT_LINK = "nightout_link", _("Block party link re-sent")
        NIGHTOUT_VISITS = "nightout_visits", _("Block party visits changed")
        # followup/: the question some time before the event, and officers' messages.
        STILL_COMING = "still_coming", _("Still coming?")
        ATTENDEE_MESSAGE = "attendee_message", _("Message to attendees")
        # After the event, to residents who were checked in (feedback.services).
        THANK_YOU = "thank_you", _("Thank you for coming")
        VOLUNTEER_CONFIRMED = "volunteer_confirmed", _("Volunteer place confirmed")
        VOLUNTEER_LINK = "volunteer_link", _("Volunteer link re-sent")
        VOLUNTEER_WITHDRAWN = "volunteer_withdrawn", _("Volunteer place withdrawn")
        # Accommodation requests (accommodations/): to the host contact and officers, and
        # the answer to the resident.
        ACCOMMODATION_ASKED = "accommodation_asked", _("Accommodation to arrange")
        ACCOMMODATION_DONE = "accommodation_done", _("Accommodation arranged")
        ACCOMMODATION_UNABLE = "accommodation_unable", _("Accommodation not possible")
        COURSE_RECEIVED = "course_received", _("Course application received")
        COURSE_APPROVED = "course_approved", _("Course application approved")
        COURSE_DECLINED = "course_declined", _("Course application declined")
        COURSE_WAITLISTED = "course_waitlisted", _("Course application waitlisted")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(
        _("channel"), max_length=5, choices=Channel.choices, default=Channel.EMAIL
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    # A notice goes to a resident about an RSVP's event (attendee and event), to a staff user
    # about a proposal (user and event; STAFF_KINDS), or to a National Night Out block
    # party's host (party; PARTY_KINDS), or to a volunteer about their role (volunteer;
    # VOLUNTEER_KINDS).
    attendee = models.ForeignKey(
        "rsvp.Attendee",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("attendee"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("staff member"),
    )
    rsvp = models.ForeignKey(
        "rsvp.Rsvp",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("RSVP"),
    )
    event = models.ForeignKey(
        "scheduler.Event",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("event"),
    )
    party = models.ForeignKey(
        "nightout.BlockParty",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("block party"),
    )
    volunteer = models.ForeignKey(
        "volunteers.VolunteerSignup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("volunteer"),
    )
    # A course application's applicant (courses/; COURSE_KINDS).
    application = models.ForeignKey(
        "courses.Application",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("course application"),
    )
    # The event's SEQUENCE when the notice was planned (a moved event re-plans with the new one).
    event_sequence = models.PositiveIntegerField(_("event sequence"), default=0)
    offset_minutes = models.PositiveIntegerField(_("offset minutes"), null=True, blank=True)
    # What the notice tells: for "event changed", {"times": [[start, end, zone] before,
    # after], "where": [old, new]} (older rows: "when" as English text); for "event
    # cancelled", {"reason": …}; for a reminder, the start it was planned for.
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    due_at = models.DateTimeField(_("due at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Set when a send task was put on the queue; a row enqueued long ago and still
    # pending (its task lost with a broker) is enqueued again.
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    # Set when a worker claims the row (pending -> sending): the start of its lease, and
    # which process holds it (notifications/liveness.py), so a dead one's claim is taken back.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(
        _("claimed by"), max_length=40, blank=True, default="", editable=False
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, unique=True)
    # Links in the notice (manage the RSVP, stop reminders) carry tokens derived from
    # this salt with the secret key; only their hashes are stored (see links.py): the
    # manage link's with the RSVP (rsvp.ManageLink), the stop link's here.
    link_salt = models.CharField(_("link salt"), max_length=32, default=salt_new, editable=False)
    unsubscribe_token_hash = models.CharField(
        _("unsubscribe token hash"), max_length=64, unique=True, null=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["state", "due_at"], name="notice_state_due"),
            models.Index(fields=["state", "claimed_at"], name="notice_state_claimed"),
            # The latest claims tell which queued sends were overtaken (dispatch.due_claim).
            models.Index(fields=["claimed_at"], name="notice_claimed"),
            models.Index(fields=["event", "kind", "state"], name="notice_event_kind_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reminder") | Q(offset_minutes__isnull=False),
                name="notice_reminder_has_offset",
            ),
            models.CheckConstraint(
                # Exactly one recipient: a resident about an event, a staff user about an
                # event, a block party's host, a volunteer, or a course applicant.
                condition=Q(attendee__isnull=False, user__isnull=True, party__isnull=True)
                & Q(event__isnull=False, volunteer__isnull=True, application__isnull=True)
                | Q(attendee__isnull=True, user__isnull=False, party__isnull=True)
                & Q(event__isnull=False, volunteer__isnull=True, application__isnull=True)
                | Q(attendee__isnull=True, user__isnull=True, party__isnull=False)
                & Q(event__isnull=True, volunteer__isnull=True, application__isnull=True)
                | Q(attendee__isnull=True, user__isnull=True, party__isnull=True)
                & Q(event__isnull=True, volunteer__isnull=False, application__isnull=True)
                | Q(attendee__isnull=True, user__isnull=True, party__isnull=True)
                & Q(event__isnull=True, volunteer__isnull=True, application__isnull=False),
                name="notice_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_channel_display()}, {self.state})"

    @property
    def is_staff_notice(self) -> bool:
        return self.kind in STAFF_KINDS

    def link_token(self, purpose: str) -> str:
        """The clear token for one of this notice's links ("manage" or "unsubscribe").

        Derived, not stored: HMAC(secret key, purpose + per-notice random salt). A retry
        after a crash mid-send renders the very same links, so whatever copy reached the
        resident keeps working; a copy of the database alone gives no usable token.
        """
        digest = hmac.new(
            settings.SECRET_KEY.encode(),
            f"porchlight-notice-{purpose}:{self.link_salt}".encode(),
            hashlib.sha256,
        ).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    @property
    def message_id(self) -> str:
        """Stable per notice: a re-send after a crash is recognisably the same message."""
        domain = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"<notice-{self.pk}-{self.link_salt[:12]}@{domain}>"


# Notices to staff users: about partners' proposals (notifications/staff.py plans them), and
# accommodations to arrange (accommodations/services.py).
STAFF_KINDS = frozenset(
    {
        Notification.Kind.PROPOSAL_SUBMITTED,
        Notification.Kind.PROPOSAL_APPROVED,
        Notification.Kind.PROPOSAL_CHANGES,
        Notification.Kind.PROPOSAL_DECLINED,
        Notification.Kind.ACCOMMODATION_ASKED,
    }
)
# The notices about a National Night Out block party (Notification.party) rather than an
# RSVP: their own layouts (notifications/email/_party_base.*), no calendar attachment.
PARTY_KINDS = frozenset(
    {
        Notification.Kind.NIGHTOUT_REGISTERED,
        Notification.Kind.NIGHTOUT_LINK,
        Notification.Kind.NIGHTOUT_VISITS,
    }
)
# The notices to a volunteer about their place in an event's role (Notification.volunteer,
# volunteers/): their own layouts (notifications/email/_volunteer_base.*), no calendar.
VOLUNTEER_KINDS = frozenset(
    {
        Notification.Kind.VOLUNTEER_CONFIRMED,
        Notification.Kind.VOLUNTEER_LINK,
        Notification.Kind.VOLUNTEER_WITHDRAWN,
    }
)
# The notices about a course application (Notification.application): to the applicant, in
# the language they applied in, no calendar attachment and no reminders (courses/).
COURSE_KINDS = frozenset(
    {
        Notification.Kind.COURSE_RECEIVED,
        Notification.Kind.COURSE_APPROVED,
        Notification.Kind.COURSE_DECLINED,
        Notification.Kind.COURSE_WAITLISTED,
    }
)
