from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RsvpConfig(AppConfig):
    name = "rsvp"
    verbose_name = _("RSVPs")

    def ready(self) -> None:
        from rsvp import receivers
        from rsvp.models import AUDIT_FIELDS
        from scheduler.audit import track

        receivers.connect()
        for model, fields in AUDIT_FIELDS.items():
            track(model, fields=fields)
