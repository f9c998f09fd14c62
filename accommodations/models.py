"""Accommodation requests: what a resident asks to have arranged with an RSVP, and its answer."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rsvp.models import Rsvp


class Kind(models.TextChoices):
    ASL = "asl", _("ASL interpreter")
    INTERPRETER = "interpreter", _("Spoken-language interpreter")
    WHEELCHAIR = "wheelchair", _("Wheelchair space")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    CHILDCARE = "childcare", _("Childcare")
    LARGE_PRINT = "large_print", _("Large print")
    OTHER = "other", _("Something else")


# Kinds that need a text beside them: the language to interpret, what else to arrange.
DETAIL_KINDS = frozenset({Kind.INTERPRETER, Kind.OTHER})


class State(models.TextChoices):
    OPEN = "open", _("To arrange")
    ARRANGED = "arranged", _("Arranged")
    NOT_POSSIBLE = "not_possible", _("Not possible")
    # The RSVP was cancelled: nobody is to arrange it any more.
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AccommodationRequest(models.Model):
    """One thing to arrange for one RSVP. Personal data: erased with the RSVP's (privacy)."""

    rsvp = models.ForeignKey(
        Rsvp,
        on_delete=models.CASCADE,
        related_name="accommodation_requests",
        verbose_name=_("RSVP"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The language for an interpreter; what to arrange for "something else".
    detail = models.CharField(_("detail"), max_length=1000, blank=True)
    # The notice it needs, fixed when asked (settings may change later; the answer owed
    # to this resident does not).
    lead_hours = models.PositiveIntegerField(_("lead time (hours)"))
    # Asked after its deadline (event start minus the lead time): accepted, and flagged.
    late = models.BooleanField(_("asked late"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    # Sent to the host contact and the event's officers (a waiting party's once it has a seat).
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("accommodation request")
        verbose_name_plural = _("accommodation requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rsvp", "kind"], name="accommodation_one_per_kind"),
            models.CheckConstraint(
                condition=~Q(kind__in=["interpreter", "other"]) | ~Q(detail=""),
                name="accommodation_detail_given",
            ),
        ]
        indexes = [models.Index(fields=["state", "rsvp"], name="accommodation_state_rsvp")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """What is asked for, as staff and the resident read it ("Spoken-language
        interpreter: Tiếng Việt")."""
        if self.detail:
            return f"{self.get_kind_display()}: {self.detail}"
        return str(self.get_kind_display())

    def deadline(self, event_start: dt.datetime) -> dt.datetime:
        """The last moment to ask in time: the event's start minus the lead time (read from
        the event as it is now, so a moved event moves the deadline)."""
        return event_start - dt.timedelta(hours=self.lead_hours)
