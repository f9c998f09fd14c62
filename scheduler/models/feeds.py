"""What calendar feeds keep in the database: officers' feed tokens and feed stamps."""

from django.conf import settings
from django.db import models


class OfficerFeedToken(models.Model):
    """The secret behind an officer's assignment feed (/calendar/officers/<token>.ics).

    Only a SHA-256 of the token is stored; rotating it turns the old link off.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_feed_token"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "officer feed token"

    def __str__(self) -> str:
        return f"Feed token of {self.user}"


class FeedStamp(models.Model):
    """A calendar feed's current ETag, the Last-Modified (Unix seconds) it got, and the
    cache key of the body it is for (the feed's fingerprint, window and settings).

    Kept in the database, not in a cache, so it is read in the same query as the feed's
    fingerprint (scheduler.feeds.queries): every 304 costs one query, in every process.
    """

    ident_hash = models.CharField(max_length=64, unique=True)  # SHA-256 of the feed's ident
    etag = models.CharField(max_length=80)
    last_modified = models.BigIntegerField(db_index=True)
    body_key = models.CharField(max_length=120)

    class Meta:
        verbose_name = "feed stamp"

    def __str__(self) -> str:
        return f"{self.etag} since {self.last_modified}"
