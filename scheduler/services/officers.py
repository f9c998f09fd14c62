"""The secret behind an officer's assignment feed."""

from scheduler.models import OfficerFeedToken
from scheduler.tokens import token_hash, token_new


def officer_feed_token_rotate(*, user) -> str:
    """A new assignment-feed token for this user; any earlier link stops working.

    Returns the clear token: it is shown once and never stored.
    """
    token = token_new()
    OfficerFeedToken.objects.update_or_create(user=user, defaults={"token_hash": token_hash(token)})
    return token
