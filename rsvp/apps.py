from django.apps import AppConfig


class RsvpConfig(AppConfig):
    name = "rsvp"
    verbose_name = "RSVPs"

    def ready(self) -> None:
        from rsvp import receivers

        receivers.connect()
