"""Sign-in protection: officer and admin logins lock after too many wrong passwords (django-axes),
per account and per address, before any password hash; wrong API tokens are limited too."""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.db import connections
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests import factories

LIMIT = 3
HASHED: list[str] = []


class CountingHasher(MD5PasswordHasher):
    """A password hasher that notes each hash it computes (PASSWORD_HASHERS): checking a
    password hashes it once, and so does ModelBackend's dummy hash for an unknown name."""

    algorithm = "counting_md5"

    def encode(self, password, salt):
        HASHED.append("hash")
        return super().encode(password, salt)


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    HASHED.clear()


def sign_in(client, url, username, password, address="127.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_right_password_is_refused_with_the_lockout_page_after_too_many_wrong_ones(client, url):
    officer = factories.user("coordinator", is_staff=True)
    wrong = [sign_in(client, url, officer.username, "guess").status_code for _ in range(LIMIT)]
    # The form answers the wrong passwords until the limit; the last one locks.
    assert wrong == [200] * (LIMIT - 1) + [429]

    response = sign_in(client, url, officer.username, "pw-for-tests-only")

    assert response.status_code == 429
    assert "registration/lockout.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Sign-in is paused" in page
    assert "Try again in 15 minutes." in page
    assert "ask a coordinator" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(client, settings):
    settings.AXES_COOLOFF_TIME = 1 / 3600  # hours: one second
    officer = factories.user("officer")
    for _ in range(LIMIT):
        sign_in(client, "/accounts/login/", officer.username, "guess")
    assert (
        sign_in(client, "/accounts/login/", officer.username, "pw-for-tests-only").status_code
        == 429
    )

    time.sleep(1.2)
    response = sign_in(client, "/accounts/login/", officer.username, "pw-for-tests-only")

    assert (response.status_code, response["Location"]) == (302, "/officers/")


@pytest.mark.django_db
def test_axes_reset_unlocks_at_once(client):
    officer = factories.user("officer")
    for _ in range(LIMIT):
        sign_in(client, "/accounts/login/", officer.username, "guess")

    call_command("axes_reset", verbosity=0)
    response = sign_in(client, "/accounts/login/", officer.username, "pw-for-tests-only")

    assert (response.status_code, response["Location"]) == (302, "/officers/")


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked_for_every_account(client):
    victims = [factories.user("officer") for _ in range(LIMIT)]
    for victim in victims:
        sign_in(client, "/accounts/login/", victim.username, "guess", address="203.0.113.9")
    other = factories.user("officer")

    from_there = sign_in(
        client, "/accounts/login/", other.username, "pw-for-tests-only", "203.0.113.9"
    )
    from_elsewhere = sign_in(
        client, "/accounts/login/", other.username, "pw-for-tests-only", "198.51.100.7"
    )

    assert (from_there.status_code, from_elsewhere.status_code) == (429, 302)


@pytest.mark.django_db
def test_many_addresses_on_one_account_lock_that_account_everywhere(client):
    officer = factories.user("officer")
    for i in range(LIMIT):
        sign_in(client, "/accounts/login/", officer.username, "guess", address=f"203.0.113.{i}")

    response = sign_in(
        client, "/accounts/login/", officer.username, "pw-for-tests-only", "198.51.100.7"
    )

    assert response.status_code == 429


@pytest.mark.django_db
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw_not_what_the_client_sent(
    client, settings
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for i in range(LIMIT):
        victim = factories.user("officer")
        client.post(
            "/accounts/login/",
            {"username": victim.username, "password": "guess"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.9",
        )
    other = factories.user("officer")

    def attempt(forwarded_for):
        return client.post(
            "/accounts/login/",
            {"username": other.username, "password": "pw-for-tests-only"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        ).status_code

    assert [attempt("192.0.2.1, 203.0.113.9"), attempt("203.0.113.10")] == [429, 302]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_a_locked_out_attempt_runs_no_password_hash(client, url):
    officer = factories.user("coordinator", is_staff=True)
    HASHED.clear()
    for _ in range(LIMIT):
        sign_in(client, url, officer.username, "guess")
    assert HASHED == ["hash"] * LIMIT

    HASHED.clear()
    answers = [sign_in(client, url, officer.username, "guess").status_code for _ in range(5)]
    answers.append(sign_in(client, url, officer.username, "pw-for-tests-only").status_code)
    answers.append(sign_in(client, url, "nobody-by-that-name", "guess").status_code)

    assert (answers, HASHED) == ([429] * 7, [])


@pytest.mark.django_db
def test_attempts_are_kept_per_account_and_address_without_the_password(client):
    officer = factories.user("officer")
    sign_in(client, "/accounts/login/", officer.username, "secret-guess")

    attempt = AccessAttempt.objects.get()

    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        officer.username,
        "127.0.0.1",
        1,
    )
    assert "secret-guess" not in attempt.post_data


# --- API tokens ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_wrong_api_tokens_are_limited_per_address_with_a_problem_and_retry_after(settings):
    settings.API_TOKEN_FAILURE_THROTTLE = "3/minute"
    _, token = AuthToken.objects.create(user=factories.user("officer"))
    good, bad = APIClient(), APIClient()
    good.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    bad.credentials(HTTP_AUTHORIZATION="Token " + "0" * 64)

    answers = [bad.get("/api/v1/events/").status_code for _ in range(3)]
    refused = bad.get("/api/v1/events/")
    right_token = good.get("/api/v1/events/")
    elsewhere = good.get("/api/v1/events/", REMOTE_ADDR="198.51.100.7")

    assert answers == [401, 401, 401]
    assert (refused.status_code, refused["Content-Type"], refused.json()["code"]) == (
        429,
        "application/problem+json",
        "throttled",
    )
    assert 55 <= int(refused["Retry-After"]) <= 60
    assert (right_token.status_code, elsewhere.status_code) == (200, 200)
    assert bad.get("/api/v1/events/", REMOTE_ADDR="198.51.100.7").status_code == 401


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_wrong_api_tokens_sent_in_parallel_are_each_counted(settings):
    """A guesser's parallel connections do not multiply the budget: 24 wrong tokens at once
    with room for 8 are 8 refusals as wrong (401) and 16 as too many (429)."""
    settings.API_TOKEN_FAILURE_THROTTLE = "8/minute"
    guesses = 24
    barrier = threading.Barrier(guesses)

    def guess(i: int) -> int:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {i:064x}")
            barrier.wait(timeout=30)
            return client.get("/api/v1/programs/").status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=guesses) as pool:
        codes = Counter(pool.map(guess, range(guesses)))

    assert codes == {401: 8, 429: 16}


@pytest.mark.django_db
def test_requests_without_a_token_are_not_counted(settings):
    settings.API_TOKEN_FAILURE_THROTTLE = "1/minute"
    api = APIClient()

    answers = [api.get("/api/v1/events/").status_code for _ in range(3)]

    assert answers == [200, 200, 200]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_a_user_name_longer_than_any_account_can_have_is_refused_before_any_hash(client, url):
    # Longer than django-axes' 255-character record: on PostgreSQL that record failed (a 500),
    # so such attempts were hashed and never counted.
    response = sign_in(client, url, "x" * 300, "guess")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "username": ["Ensure this value has at most 150 characters (it has 300)."]
    }
    assert (HASHED, AccessAttempt.objects.count()) == ([], 0)
