"""Residents (attendees) and their RSVPs: party size, waitlist order, check-in, tokens."""

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone

from scheduler.models import Event
from scheduler.tokens import token_hash, token_new


def email_normalize(email: str) -> str:
    """The key that identifies a resident: trimmed and case-folded as a whole.

    Case-folding the local part too is what residents expect ("Ana@x" and "ana@x"
    are the same person here); no provider-specific rules (dots, plus-tags).
    """
    return email.strip().lower()


class Attendee(models.Model):
    """A mailbox: the e-mail address that RSVPs send their notices to. No password.

    Only the address and what its owner chose through links sent to it (no reminders, a
    personal feed). Anyone can type anyone's address into the form, so nothing typed with
    an RSVP is kept here: the name, phone, needs and language are the RSVP's own.
    """

    email = models.EmailField(max_length=254, unique=True)
    reminders_enabled = models.BooleanField(default=True)
    feed_token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    # The start of the first event they attended among RSVPs since erased (privacy app):
    # keeps "first-time" counts in reports right after the erased RSVP lost its link here.
    first_attended_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mailbox"
        ordering = ["email", "id"]

    def __str__(self) -> str:
        return self.email

    def feed_token_rotate(self) -> str:
        """A new personal-feed token; the old link stops working. Returns the clear token."""
        token = token_new()
        self.feed_token_hash = token_hash(token)
        self.save(update_fields=["feed_token_hash"])
        return token


class RsvpQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Rsvp.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Rsvp.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Rsvp.Status.WAITLISTED).order_by("waitlist_joined_at", "id")

    def seats(self) -> int:
        """People in these RSVPs (party sizes added up); `event.rsvps.confirmed().seats()`."""
        return self.aggregate(seats=Sum("party_size"))["seats"] or 0


class Rsvp(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "Waitlisted"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="rsvps")
    # The mailbox its notices go to; none for a head-count RSVP (until one is added), nor
    # once the RSVP's personal data was erased (retention, the resident's request): the
    # row stays for the counts.
    attendee = models.ForeignKey(
        Attendee, null=True, blank=True, on_delete=models.PROTECT, related_name="rsvps"
    )
    # What the resident typed with THIS RSVP, shown with it alone (rosters, its manage
    # page, its notices): another RSVP of the same address never shows it, nor sets it.
    name = models.CharField(max_length=120, blank=True)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    # A head-count RSVP's code, for the door and the resident's notes ("K7Q-M3X"): unique
    # per event, not a key to anything (the manage link is). Empty for the others.
    reference = models.CharField(max_length=12, blank=True)
    # When the holder of a head-count RSVP gave an e-mail address (once): the page says
    # so whether or not the address could be attached (rsvp.services.rsvp_email_add).
    email_added_at = models.DateTimeField(null=True, blank=True)
    party_size = models.PositiveSmallIntegerField(
        default=1, help_text="The resident plus their guests."
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    # Arrival order on the waitlist: set once when the party first waits, kept when
    # the party size changes, so nobody loses their place by editing.
    waitlist_joined_at = models.DateTimeField(null=True, blank=True)
    accessibility_needs = models.TextField(blank=True, max_length=1000)
    # The phone given with THIS RSVP, and whether it may be texted. Kept per RSVP, not
    # per address: anyone can type anyone's e-mail into the form, and texts carry the
    # RSVP's manage link, so they go only to the number given with that RSVP.
    phone = models.CharField(max_length=32, blank=True, help_text="E.164, e.g. +15035550100")
    sms_opt_in = models.BooleanField(default=False)
    # Texts start only once turned on from the RSVP's own page, which only its mailbox has a
    # link to: otherwise whoever typed someone's address with their own phone would learn,
    # from texts arriving or not, whether that address already had an RSVP here.
    texts_confirmed_at = models.DateTimeField(null=True, blank=True)
    manage_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    promoted_at = models.DateTimeField(null=True, blank=True)
    # Set when its personal data was erased (privacy app); the row stays for the counts.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Fixed when the RSVP is erased: was it its resident's first attended event? (Reports.)
    first_visit = models.BooleanField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RsvpQuerySet.as_manager()

    class Meta:
        verbose_name = "RSVP"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "attendee"],
                condition=~Q(status="cancelled"),
                name="rsvp_one_active_per_attendee",
            ),
            models.CheckConstraint(condition=Q(party_size__gte=1), name="rsvp_party_size_positive"),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlist_joined_at__isnull=False),
                name="rsvp_waitlisted_has_place",
            ),
            # Every RSVP can be found again: by its mailbox, or (head count) by its code;
            # unless its personal data was erased, when nobody is meant to find it.
            models.CheckConstraint(
                condition=Q(attendee__isnull=False) | ~Q(reference="") | Q(erased_at__isnull=False),
                name="rsvp_mailbox_or_reference",
            ),
            models.UniqueConstraint(
                fields=["event", "reference"],
                condition=~Q(reference=""),
                name="rsvp_reference_unique_per_event",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="rsvp_event_status"),
            models.Index(fields=["event", "waitlist_joined_at", "id"], name="rsvp_waitlist_order"),
        ]

    def __str__(self) -> str:
        return f"RSVP #{self.pk} ({self.get_status_display()}, {self.party_size})"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    def get_additional_data(self) -> dict:
        # Kept with each audit entry (scheduler.audit), so an event's history lists its RSVPs'.
        return {"event": self.event_id}

    @property
    def texts_waiting(self) -> bool:
        """Text reminders asked for with this RSVP and not yet turned on."""
        return bool(self.phone and self.sms_opt_in and self.texts_confirmed_at is None)

    @property
    def is_headcount(self) -> bool:
        """Made without a name or an e-mail: officers see a count and a reference code."""
        return bool(self.reference)


class ManageLink(models.Model):
    """Another link that opens an RSVP's manage page: the one each notice e-mail carries.

    The RSVP's own clear token is never stored, so a later e-mail cannot repeat it; each
    notice derives a link of its own instead, and its hash is recorded here when the
    notice is sent (notifications.delivery). Only the hash is kept.
    """

    rsvp = models.ForeignKey(Rsvp, on_delete=models.CASCADE, related_name="manage_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "manage link"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Manage link #{self.pk} for RSVP #{self.rsvp_id}"


class WalkIn(models.Model):
    """People who came without an RSVP, counted at the door (a name is optional)."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="walkins")
    name = models.CharField(max_length=120, blank=True)
    head_count = models.PositiveSmallIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "walk-in"
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(head_count__gte=1), name="walkin_head_count_positive"
            ),
        ]

    def __str__(self) -> str:
        # No name here: this is what the audit trail and the admin's messages keep.
        return f"Walk-in #{self.pk} ({self.head_count})"

    def get_additional_data(self) -> dict:
        return {"event": self.event_id}


class RosterAccess(models.Model):
    """Who looked at or exported which event's roster, and when (read by coordinators)."""

    class What(models.TextChoices):
        PAGE = "page", "Attendance page"
        CSV = "csv", "CSV export"
        SHEET = "sheet", "Sign-in sheet"
        CHECKIN = "checkin", "Check-in"
        UNDO = "undo", "Check-in undone"
        WALKIN = "walkin", "Walk-in recorded"
        WALKIN_REMOVE = "walkin_del", "Walk-in removed"
        API = "api", "API roster"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="roster_accesses")
    what = models.CharField(max_length=10, choices=What.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "roster access"
        verbose_name_plural = "roster access log"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.get_what_display()} {self.event_id} {self.at:%Y-%m-%d %H:%M}"


# What the audit trail records of these models (scheduler.audit): statuses, seats and
# check-ins with who made them, never a resident's name, contact or token.
AUDIT_FIELDS = {
    Rsvp: [
        "event",
        "status",
        "party_size",
        "checked_in_at",
        "checked_in_by",
        "promoted_at",
        "cancelled_at",
    ],
    WalkIn: ["event", "head_count", "recorded_by"],
}
