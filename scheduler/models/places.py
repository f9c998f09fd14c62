"""Programs, the department and its partners, neighborhoods and venues."""

from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scheduler.models.validators import (
    default_reminder_offsets,
    validate_reminder_offsets,
    validate_text_block,
    validate_text_line,
)


class RsvpMode(models.TextChoices):
    """What the RSVP form asks a resident (the RSVP app follows it; nothing here imports it)."""

    # A name so the officers can welcome them, an e-mail for the confirmation and the link.
    CONTACT = "contact", _("Name and e-mail")
    # "Just let us know you're coming": the party size only; seats are held, officers see
    # counts, and the resident keeps a reference code and a link (an e-mail later, optional).
    HEADCOUNT = "headcount", _("Head count only (no name, no e-mail)")


class Program(models.Model):
    """A kind of event: Coffee with a Cop, Neighborhood Watch, a workshop series…"""

    name = models.CharField(_("name"), max_length=120, unique=True, validators=[validate_text_line])
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True, validators=[validate_text_block])
    default_capacity = models.PositiveIntegerField(
        _("default capacity"), null=True, blank=True, help_text=_("Empty means unlimited.")
    )
    default_max_party_size = models.PositiveSmallIntegerField(
        _("default max party size"), default=6
    )
    reminder_offsets_minutes = models.JSONField(
        _("reminder offsets minutes"),
        default=default_reminder_offsets,
        blank=True,
        validators=[validate_reminder_offsets],
        help_text=_("Minutes before the start when reminders go out, e.g. [1440, 120]."),
    )
    retention_days = models.PositiveIntegerField(
        _("keep residents' data for (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Days after each event ends before its residents' names, contacts and needs are "
            "erased. Empty: the site's period (RETENTION_DAYS)."
        ),
    )
    # Officers check people in from this long before the start until a day after the end
    # (CHECKIN_CLOSES_HOURS): a tap on the wrong day's list is refused, not recorded.
    checkin_opens_minutes = models.PositiveIntegerField(
        _("check-in opens (minutes before the start)"),
        default=120,
        help_text=_(
            "How long before the start officers may check people in. A coordinator may "
            "check people in at any time."
        ),
    )
    default_rsvp_mode = models.CharField(
        _("RSVP form"),
        max_length=10,
        choices=RsvpMode.choices,
        default=RsvpMode.CONTACT,
        help_text=_(
            "What the RSVP form asks residents for this program's events (each event may "
            "differ). Head count only: the party size, nothing that names anyone."
        ),
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_max_party_size__gte=1), name="program_max_party_size_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def retention_days_in_force(self) -> int:
        """Days after an event ends before its residents' data is erased: the program's own
        period, else the site's (the purge and the RSVP form's notice both read this)."""
        if self.retention_days is not None:
            return self.retention_days
        return settings.PORCHLIGHT["RETENTION_DAYS"]


class PartnerEdits(models.TextChoices):
    """What a partner may change on its own event after a coordinator approved it."""

    NOTHING = "nothing", _("Nothing: ask a coordinator")
    TEXT_CAPACITY = "text_capacity", _("Title, description and capacity")
    TEXT_CAPACITY_TIME = "text_capacity_time", _("Title, description, capacity and time")


class Organization(models.Model):
    """The department (or one of its units) or a partner organization."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Police department")
        UNIT = "unit", _("Department unit")
        SCHOOL = "school", _("School or school district")
        NEIGHBORHOOD = "neighborhood", _("Neighborhood association")
        NONPROFIT = "nonprofit", _("Nonprofit")
        LIBRARY = "library", _("Library")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=160, unique=True, validators=[validate_text_line])
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
        verbose_name=_("parent"),
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("Public contact address."))
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("Public contact phone.")
    )
    website = models.URLField(_("website"), blank=True)
    # What this organization's partner staff may still change on their own events once a
    # coordinator approved them (scheduler/services/proposals.py). A time change on an
    # event with RSVPs goes through event_save, which tells each resident.
    partner_may_edit = models.CharField(
        _("partners may edit after approval"),
        max_length=20,
        choices=PartnerEdits.choices,
        default=PartnerEdits.TEXT_CAPACITY,
        help_text=_(
            "What this organization's staff may change on their events after a coordinator "
            "approved them. A time change on an event with RSVPs tells every resident."
        ),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="organizations",
        blank=True,
        verbose_name=_("staff"),
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user who works for an organization.

    Working there shows no roster by itself: officers see the events they are assigned to.
    `roster_access` is the role a coordinator grants, per organization, to see the rosters
    of every event the organization hosts or partners on (scheduler.permissions).
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, verbose_name=_("organization")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user")
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    roster_access = models.BooleanField(
        _("sees all rosters"),
        default=False,
        help_text=_(
            "May see the attendance lists (names and contacts) of every event this "
            "organization hosts or partners on. Without it: only the events this person "
            "is assigned to."
        ),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"


class Neighborhood(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True, validators=[validate_text_line])
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    district = models.CharField(
        _("district"), max_length=80, blank=True, help_text=_("Police district or beat.")
    )
    # Symmetric: Eastside near Downtown is Downtown near Eastside. A resident who picks
    # their neighborhood on the home page sees its events first, then these neighborhoods'.
    nearby = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("nearby neighborhoods")
    )

    class Meta:
        verbose_name = _("neighborhood")
        verbose_name_plural = _("neighborhoods")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=160, validators=[validate_text_line])
    address = models.CharField(_("address"), max_length=255, validators=[validate_text_line])
    neighborhood = models.ForeignKey(
        Neighborhood,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="venues",
        verbose_name=_("neighborhood"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility_notes = models.TextField(
        _("accessibility notes"),
        blank=True,
        validators=[validate_text_block],
        help_text=_("Step-free entrance, parking, hearing loop, transit…"),
    )
    # Words, not a map: a resident on a weak signal, or who cannot read a map, finds the
    # door with these (and an e-mail carries them where no map loads).
    directions = models.TextField(
        _("directions"),
        blank=True,
        validators=[validate_text_block],
        help_text=_(
            "How to find the way in without a map: the entrance, the room, the nearest bus stop."
        ),
    )

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="venue_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="venue_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def map_url(self) -> str:
        if self.has_coordinates:
            return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=17/{self.latitude}/{self.longitude}"
        return f"https://www.openstreetmap.org/search?query={quote(self.address)}"
