from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from rsvp.officers.reports import report_section_register
        from volunteers.queries import hours_section

        # The officers' report knows nothing of volunteers; it asks what is registered.
        report_section_register(hours_section)
