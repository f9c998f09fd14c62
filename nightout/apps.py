from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NightOutConfig(AppConfig):
    name = "nightout"
    verbose_name = _("National Night Out")

    def ready(self) -> None:
        from nightout.feeds import officer_visits
        from scheduler.feeds.extras import officer_extras_register

        # The scheduler's officer feed knows nothing of visits; it asks what is registered.
        officer_extras_register(officer_visits)
