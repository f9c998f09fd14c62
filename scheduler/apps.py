from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        from scheduler import audit
        from scheduler.feeds import signals as feed_signals

        feed_signals.connect()
        audit.register()
