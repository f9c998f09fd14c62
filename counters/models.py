from django.db import models
from django.utils.translation import gettext_lazy as _


class ThrottleCounter(models.Model):
    """Hits on one key (a throttle's scope and a client address) in the window that the first
    of them opened. A hit after `expires_at` opens a new window at count 1."""

    key = models.CharField(_("key"), max_length=255, primary_key=True)
    count = models.PositiveIntegerField(_("hits"))
    # Unix time (seconds): compared with the app's clock, as DRF's throttles do.
    expires_at = models.FloatField(_("window ends"), db_index=True)

    class Meta:
        verbose_name = _("throttle counter")
        verbose_name_plural = _("throttle counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
