"""The pages a secret link opens, in Chromium: never stored, no Referer sent from them, and
their forms still work (under no-referrer Chromium posts them with `Origin: null`)."""

import pytest

from rsvp.models import Rsvp
from rsvp.services import rsvp_create
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manage_and_cancel_pages_are_private_and_their_forms_submit(live_server, chromium_page):
    event = factories.event(title="Home Security Workshop", capacity=20)
    result = rsvp_create(event=event, name="Maria Lopez", email="maria@example.org", party_size=1)
    manage_url = f"{live_server.url}/rsvp/{result.manage_token}/"
    page = chromium_page
    posts = []
    page.on(
        "request",
        lambda request: posts.append(request.all_headers()) if request.method == "POST" else None,
    )

    shown = page.goto(manage_url)
    assert (shown.status, shown.headers["cache-control"], shown.headers["referrer-policy"]) == (
        200,
        "no-store",
        "no-referrer",
    )
    page.get_by_label("How many people, you included").fill("3")
    page.get_by_role("button", name="Change party size").click()
    assert page.get_by_text("Confirmed for 3 people.").is_visible()

    page.get_by_role("link", name="Cancel my RSVP…").click()
    page.get_by_role("button", name="Yes, cancel my RSVP").click()
    assert page.url == manage_url
    assert page.get_by_text("Cancelled.").is_visible()
    assert list(Rsvp.objects.values_list("party_size", "status")) == [(3, "cancelled")]

    # What the browser sent with the two posts: no Referer (so no token in any log's
    # Referer column), and the opaque origin that no-referrer implies.
    assert [(h.get("referer"), h.get("origin")) for h in posts] == [(None, "null")] * 2
