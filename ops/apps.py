from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = _("Site operations")

    def ready(self) -> None:
        from ops import signin  # noqa: F401  (its user_logged_in receiver)
        from ops.schedules import schedules_ensure_after_migrate

        post_migrate.connect(schedules_ensure_after_migrate, dispatch_uid="porchlight_schedules")
