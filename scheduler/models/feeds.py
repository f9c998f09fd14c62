"""What calendar feeds keep in the database: officers' feed tokens and feed stamps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficerFeedToken(models.Model):
    """The secret behind an officer's assignment feed (/calendar/officers/<token>.ics).

    Only a SHA-256 of the token is stored; rotating it turns the old link off.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="officer_feed_token",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("officer feed token")
        verbose_name_plural = _("officer feed tokens")

    def __str__(self) -> str:
        return _("Feed token of %(user)s") % {"user": self.user}


class FeedStamp(models.Model):
    """A calendar feed's current ETag, the Last-Modified (Unix seconds) it got, and the
    cache key of the body it is for (the feed's fingerprint, window and settings).

    Kept in the database, not in a cache, so it is read in the same query as the feed's
    fingerprint (scheduler.feeds.queries): every 304 costs one query, in every process.
    """

    # SHA-256 of the feed's ident.
    ident_hash = models.CharField(_("ident hash"), max_length=64, unique=True)
    etag = models.CharField(_("ETag"), max_length=80)
    last_modified = models.BigIntegerField(_("last modified"), db_index=True)
    body_key = models.CharField(_("body key"), max_length=120)

    class Meta:
        verbose_name = _("feed stamp")
        verbose_name_plural = _("feed stamps")

    def __str__(self) -> str:
        return f"{self.etag} since {self.last_modified}"
