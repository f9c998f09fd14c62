"""The officer's "My calendar feed" page (/officers/feed-token/): the assignment-feed link.

The feed itself is scheduler.feeds.views.OfficerFeed; this page makes its secret link.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from scheduler.models import OfficerFeedToken
from scheduler.permissions import is_staff_member
from scheduler.services import officer_feed_token_rotate

TEMPLATE = "rsvp/officers/feed_token.html"


# The new link is in the page: not to be stored. (Its Referer may go: the page's own path
# holds no secret, and a no-referrer page would post its form with `Origin: null`, which
# the CSRF check that this signed-in page needs refuses.)
@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def officer_feed_token(request):
    """An officer's assignment-feed link: made (or replaced) on POST and shown once."""
    if not is_staff_member(request.user):
        return render(request, TEMPLATE, {"allowed": False}, status=403)
    feed_url = None
    if request.method == "POST":
        token = officer_feed_token_rotate(user=request.user)
        feed_url = f"{settings.SITE_URL}/calendar/officers/{token}.ics"
    has_token = OfficerFeedToken.objects.filter(user=request.user).exists()
    return render(
        request, TEMPLATE, {"allowed": True, "feed_url": feed_url, "has_token": has_token}
    )
