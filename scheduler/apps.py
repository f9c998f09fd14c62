from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from config.schedules import schedules_ensure_after_migrate

        post_migrate.connect(schedules_ensure_after_migrate, dispatch_uid="porchlight_schedules")

        from scheduler.feeds import signals as feed_signals

        feed_signals.connect()
