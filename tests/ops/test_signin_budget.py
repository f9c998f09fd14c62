"""The site's budget of password checks (ops/signin.py): a flood that no lock stops (a new user
name and a new address for every try) gets its checks one at a time, the rest refused before
any hash and without counting as wrong passwords; a browser that signed in before with that
name has a lane of its own that the flood cannot take."""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connections
from django.test import Client

from ops.signin import DEVICE_COOKIE
from tests import factories

HASHED: list[str] = []
BUSY = (
    "Many sign-ins are being tried at this moment, so your password was not checked. "
    "Please wait a few seconds and try again."
)
PASSWORD = "pw-for-tests-only"


class CountingHasher(MD5PasswordHasher):
    """Notes each hash it computes: a password check, or ModelBackend's dummy hash for an
    unknown name, is one."""

    algorithm = "counting_md5"

    def encode(self, password, salt):
        HASHED.append("hash")
        return super().encode(password, salt)


@pytest.fixture(autouse=True)
def _budget(settings):
    # One check every 2 s in each lane: a second try within the window is over the budget.
    settings.SIGNIN_CHECKS_PER_SECOND = 0.5
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    HASHED.clear()


def sign_in(client, url, username, password, address):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_a_try_past_the_budget_is_refused_before_any_hash_and_is_not_a_wrong_password(client, url):
    factories.user("coordinator", is_staff=True)
    HASHED.clear()  # the account's own password was hashed when it was made
    first = sign_in(client, url, "guess-1", "wrong", "203.0.113.1")
    hashes_after_first = len(HASHED)

    second = sign_in(client, url, "guess-2", "wrong", "203.0.113.2")

    assert first.status_code == 200
    assert "correct username and password" in first.content.decode()
    assert hashes_after_first == 1
    assert (second.status_code, second["Retry-After"]) == (429, "2")
    assert BUSY in second.content.decode()
    assert "correct username and password" not in second.content.decode()
    assert len(HASHED) == 1  # the refused try ran no hash
    # Only the checked try is a failure: the refused one never had its password checked.
    assert sorted(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        ("guess-1", 1)
    ]


@pytest.mark.django_db
def test_the_budget_comes_back_when_its_window_ends(client, settings):
    settings.SIGNIN_CHECKS_PER_SECOND = 2  # a window of 1 s, two checks in it
    officer = factories.user("officer")
    codes = [
        sign_in(client, "/accounts/login/", f"guess-{i}", "wrong", f"203.0.113.{i}").status_code
        for i in range(3)
    ]
    time.sleep(1.1)

    response = sign_in(client, "/accounts/login/", officer.username, PASSWORD, "198.51.100.9")

    assert codes == [200, 200, 429]
    assert (response.status_code, response["Location"]) == (302, "/officers/")


@pytest.mark.django_db
def test_a_browser_that_signed_in_before_keeps_its_own_lane_during_a_flood(client, settings):
    settings.SIGNIN_CHECKS_PER_SECOND = 1
    officer = factories.user("officer")
    # Signing in gives the browser its device cookie, bound to this name.
    signed_in = sign_in(client, "/accounts/login/", officer.username, PASSWORD, "198.51.100.9")
    assert signed_in.status_code == 302
    cookie = signed_in.cookies[DEVICE_COOKIE]
    assert (cookie["httponly"], cookie["samesite"], cookie["max-age"]) == (
        True,
        "Lax",
        365 * 24 * 3600,
    )
    client.post("/accounts/logout/")
    time.sleep(1.05)  # that sign-in was a check in the new browsers' lane: a fresh window

    flood = Client()
    flood_codes = [
        sign_in(flood, "/accounts/login/", f"guess-{i}", "wrong", f"203.0.113.{i}").status_code
        for i in range(3)
    ]
    own_name = sign_in(client, "/accounts/login/", officer.username, PASSWORD, "198.51.100.9")
    other = factories.user("officer")
    other_name = sign_in(client, "/accounts/login/", other.username, PASSWORD, "198.51.100.9")

    assert flood_codes == [200, 429, 429]
    assert (own_name.status_code, own_name["Location"]) == (302, "/officers/")
    # The cookie says nothing for another name: that try is in the flood's lane, still spent.
    assert other_name.status_code == 429


@pytest.mark.django_db
def test_a_forged_device_cookie_is_a_new_browser(client):
    officer = factories.user("officer")
    sign_in(Client(), "/accounts/login/", "guess-0", "wrong", "203.0.113.1")  # spends the lane
    client.cookies[DEVICE_COOKIE] = "0" * 32 + ":forged:signature"

    response = sign_in(client, "/accounts/login/", officer.username, PASSWORD, "198.51.100.9")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_locked_account_is_refused_by_the_lock_without_spending_the_budget(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.SIGNIN_CHECKS_PER_SECOND = 1
    officer = factories.user("officer")
    for _ in range(2):  # the second wrong password locks
        sign_in(client, "/accounts/login/", officer.username, "wrong", "203.0.113.1")
        time.sleep(1.05)  # a fresh window of the budget

    locked = sign_in(client, "/accounts/login/", officer.username, "wrong", "203.0.113.1")
    other = sign_in(Client(), "/accounts/login/", "guess-9", "wrong", "198.51.100.9")

    assert locked.status_code == 429
    assert "registration/lockout.html" in [t.name for t in locked.templates]
    # The lock's refusal took no check from the budget: the next try is checked.
    assert other.status_code == 200


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_tries_sent_at_once_get_exactly_the_budget_of_checks():
    """Sixteen clients at once, each a new name and address, in one window of room for one:
    one check (a form answer), fifteen refusals, one hash."""
    tries = 16
    barrier = threading.Barrier(tries)

    def guess(i: int) -> int:
        try:
            client = Client()
            barrier.wait(timeout=30)
            return sign_in(
                client, "/accounts/login/", f"guess-{i}", "wrong", f"203.0.113.{i}"
            ).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=tries) as pool:
        codes = Counter(pool.map(guess, range(tries)))

    assert codes == {200: 1, 429: 15}
    assert HASHED == ["hash"]
