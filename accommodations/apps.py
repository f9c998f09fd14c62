from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccommodationsConfig(AppConfig):
    name = "accommodations"
    verbose_name = _("Accommodation requests")

    def ready(self) -> None:
        from accommodations import receivers
        from accommodations.forms import RsvpAccommodations
        from rsvp.extensions import rsvp_form_part_register
        from rsvp.signals import rsvp_changed

        # After the outbox's receiver (notifications is installed first): the confirmation
        # is planned, then the requests; both are read when the e-mails are sent.
        rsvp_changed.connect(receivers.rsvp_changed, dispatch_uid="accommodations.rsvp_changed")
        rsvp_form_part_register(RsvpAccommodations())
