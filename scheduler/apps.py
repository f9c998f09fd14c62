from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = _("Scheduling")

    def ready(self) -> None:
        from scheduler import audit
        from scheduler.feeds import signals as feed_signals

        feed_signals.connect()
        audit.register()
