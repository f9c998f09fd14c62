from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from notifications.tasks import schedules_ensure_after_migrate

        post_migrate.connect(
            schedules_ensure_after_migrate, dispatch_uid="porchlight_notice_schedules"
        )
