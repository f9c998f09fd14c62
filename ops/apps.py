from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Site operations"

    def ready(self) -> None:
        from ops.schedules import schedules_ensure_after_migrate

        post_migrate.connect(schedules_ensure_after_migrate, dispatch_uid="porchlight_schedules")
