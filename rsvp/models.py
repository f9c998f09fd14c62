"""Residents (attendees) and their RSVPs: party size, waitlist order, check-in, tokens."""

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

    email = models.EmailField(_("email"), max_length=254, unique=True)
    reminders_enabled = models.BooleanField(_("reminders enabled"), default=True)
    feed_token_hash = models.CharField(
        _("feed token hash"), max_length=64, unique=True, null=True, editable=False
    )
    # The start of the first event they attended among RSVPs since erased (privacy app):
    # keeps "first-time" counts in reports right after the erased RSVP lost its link here.
    first_attended_at = models.DateTimeField(
        _("first attended at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
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
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="rsvps", verbose_name=_("event")
    )
    # The mailbox its notices go to; none for a head-count RSVP (until one is added), nor
    # once the RSVP's personal data was erased (retention, the resident's request): the
    # row stays for the counts.
    attendee = models.ForeignKey(
        Attendee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rsvps",
        verbose_name=_("attendee"),
    )
    # What the resident typed with THIS RSVP, shown with it alone (rosters, its manage
    # page, its notices): another RSVP of the same address never shows it, nor sets it.
    name = models.CharField(_("name"), max_length=120, blank=True)
    # Each language is named in itself ("Español"), as the switcher shows it: not translated.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    # A head-count RSVP's code, for the door and the resident's notes ("K7Q-M3X"): unique
    # per event, not a key to anything (the manage link is). Empty for the others.
    reference = models.CharField(_("reference"), max_length=12, blank=True)
    # When the holder of a head-count RSVP gave an e-mail address (once): the page says
    # so whether or not the address could be attached (rsvp.services.rsvp_email_add).
    email_added_at = models.DateTimeField(_("email added at"), null=True, blank=True)
    party_size = models.PositiveSmallIntegerField(
        _("party size"), default=1, help_text=_("The resident plus their guests.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # Arrival order on the waitlist: set once when the party first waits, kept when
    # the party size changes, so nobody loses their place by editing.
    waitlist_joined_at = models.DateTimeField(_("waitlist joined at"), null=True, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True, max_length=1000)
    # The phone given with THIS RSVP, and whether it may be texted. Kept per RSVP, not
    # per address: anyone can type anyone's e-mail into the form, and texts carry the
    # RSVP's manage link, so they go only to the number given with that RSVP.
    phone = models.CharField(
        _("phone"), max_length=32, blank=True, help_text=_("E.164, e.g. +15035550100")
    )
    sms_opt_in = models.BooleanField(_("SMS opt-in"), default=False)
    # Texts start only once turned on from the RSVP's own page, which only its mailbox has a
    # link to: otherwise whoever typed someone's address with their own phone would learn,
    # from texts arriving or not, whether that address already had an RSVP here.
    texts_confirmed_at = models.DateTimeField(_("texts confirmed at"), null=True, blank=True)
    manage_token_hash = models.CharField(
        _("manage token hash"), max_length=64, unique=True, editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    # How many of the party came ("3 of 4 arrived"); set with checked_in_at, empty without.
    # The reports count these people, not the party size.
    arrived = models.PositiveSmallIntegerField(_("arrived"), null=True, blank=True)
    # Which check-in this is: a device's own id for an action it queued offline, or one the
    # server made. An undo names the check-in it saw, so an undo queued on a phone that was
    # offline never takes back a newer check-in another officer made (rsvp.services.door).
    checkin_key = models.CharField(_("check-in key"), max_length=40, blank=True, editable=False)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    # Set when its personal data was erased (privacy app); the row stays for the counts.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    # Fixed when the RSVP is erased: was it its resident's first attended event? (Reports.)
    first_visit = models.BooleanField(_("first visit"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RsvpQuerySet.as_manager()

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "attendee"],
                condition=~Q(status="cancelled"),
                name="rsvp_one_active_per_attendee",
            ),
            models.CheckConstraint(condition=Q(party_size__gte=1), name="rsvp_party_size_positive"),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True, arrived__isnull=True)
                | Q(checked_in_at__isnull=False, arrived__gte=1),
                name="rsvp_arrived_with_checkin",
            ),
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
        return _("RSVP #%(id)s (%(status)s, %(party_size)s)") % {
            "id": self.pk,
            "status": self.get_status_display(),
            "party_size": self.party_size,
        }

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

    rsvp = models.ForeignKey(
        Rsvp, on_delete=models.CASCADE, related_name="manage_links", verbose_name=_("RSVP")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("manage link")
        verbose_name_plural = _("manage links")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return _("Manage link #%(id)s for RSVP #%(rsvp)s") % {"id": self.pk, "rsvp": self.rsvp_id}


class WalkIn(models.Model):
    """People who came without an RSVP, counted at the door (a name is optional)."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="walkins", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    # Given only with the resident's spoken consent at the door (contact_consent_at), so a
    # returning resident counts as returning and a follow-up can reach them; erased with
    # the event's other personal data under the retention schedule.
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    contact_consent_at = models.DateTimeField(_("contact consent at"), null=True, blank=True)
    head_count = models.PositiveSmallIntegerField(_("head count"), default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("walk-in")
        verbose_name_plural = _("walk-ins")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(head_count__gte=1), name="walkin_head_count_positive"
            ),
        ]

    def __str__(self) -> str:
        # No name here: this is what the audit trail and the admin's messages keep.
        return _("Walk-in #%(id)s (%(head_count)s)") % {
            "id": self.pk,
            "head_count": self.head_count,
        }

    def get_additional_data(self) -> dict:
        return {"event": self.event_id}


class DoorAction(models.Model):
    """One action from the door (check-in, undo, walk-in), by the id its device made for it.

    A phone at the door queues what an officer does while it is offline and sends the queue
    again until the server has answered; this row makes each action count once however often
    it arrives (the unique client id), and keeps what came of it for the answer to a replay.
    """

    class Kind(models.TextChoices):
        CHECKIN = "checkin", _("Check-in")
        UNDO = "undo", _("Undo a check-in")
        WALKIN = "walkin", _("Walk-in")
        WALKIN_REMOVE = "walkin_del", _("Walk-in removed")

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied")
        UNCHANGED = "unchanged", _("Already so")
        CONFLICT = "conflict", _("Not applied: a newer check-in stands")
        REFUSED = "refused", _("Refused")

    client_id = models.UUIDField(_("client id"), unique=True, editable=False)
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="door_actions", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    rsvp = models.ForeignKey(
        Rsvp, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("RSVP")
    )
    walkin = models.ForeignKey(
        WalkIn, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("walk-in")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    # The refusal's code (rsvp.errors.RsvpError), for the device to word it in its language.
    code = models.CharField(_("code"), max_length=40, blank=True)
    # The refusal as the officer read it, for the answer to a replay (no resident's data:
    # the rules' messages name no one).
    message = models.CharField(_("message"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    made_at = models.DateTimeField(_("made at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("door action")
        verbose_name_plural = _("door actions")
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.client_id} ({self.get_outcome_display()})"


class RosterAccess(models.Model):
    """Who looked at or exported which event's roster, and when (read by coordinators)."""

    class What(models.TextChoices):
        PAGE = "page", _("Attendance page")
        CSV = "csv", _("CSV export")
        SHEET = "sheet", _("Sign-in sheet")
        CHECKIN = "checkin", _("Check-in")
        UNDO = "undo", _("Check-in undone")
        WALKIN = "walkin", _("Walk-in recorded")
        WALKIN_REMOVE = "walkin_del", _("Walk-in removed")
        API = "api", _("API roster")
        SYNC = "sync", _("Door list synced")
        CONFLICT = "conflict", _("Check-in conflict (newer check-in kept)")
        OVERRIDE = "override", _("Check-in outside its hours (coordinator)")
        REVEAL = "reveal", _("Contact details shown at the door")
        SCAN = "scan", _("Code scanned")
        KIOSK = "kiosk", _("Self check-in (kiosk)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="roster_accesses", verbose_name=_("event")
    )
    what = models.CharField(_("what"), max_length=10, choices=What.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("roster access")
        verbose_name_plural = _("roster access log")
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
        "arrived",
        "promoted_at",
        "cancelled_at",
    ],
    WalkIn: ["event", "head_count", "recorded_by"],
}
