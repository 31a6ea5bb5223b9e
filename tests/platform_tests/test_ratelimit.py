"""Survey links are public, so they are rate limited: per token and per guessing address."""

import pytest


def test_guessing_tokens_gets_an_address_turned_away(client, db, settings):
    settings.OPSASSESS_RATELIMIT_MISSES_PER_MINUTE = 5
    statuses = [client.get(f"/s/guess-{n}/").status_code for n in range(7)]
    assert statuses == [404] * 5 + [429] * 2


def test_one_link_hammered_gets_429_with_retry_after(client, db, settings):
    settings.OPSASSESS_RATELIMIT_PER_TOKEN_PER_MINUTE = 3
    settings.OPSASSESS_RATELIMIT_MISSES_PER_MINUTE = 100
    responses = [client.get("/s/same-token/") for _ in range(4)]
    assert [r.status_code for r in responses] == [404, 404, 404, 429]
    assert responses[-1]["Retry-After"] == "60"
    assert "your answers are saved" in responses[-1].content.decode()


@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_other_pages_are_not_counted(client, db, settings, path):
    settings.OPSASSESS_RATELIMIT_PER_TOKEN_PER_MINUTE = 1
    settings.OPSASSESS_RATELIMIT_MISSES_PER_MINUTE = 1
    assert all(client.get(path).status_code != 429 for _ in range(3))


def test_a_dead_cache_lets_survey_requests_through(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    assert client.get("/s/any-token/").status_code == 404  # the survey answered, not a 500


def test_a_guessing_address_still_reaches_a_valid_link(client, settings, assessment):
    from tests.builders import make_invitation

    invitation = make_invitation(assessment)
    settings.OPSASSESS_RATELIMIT_MISSES_PER_MINUTE = 5
    assert [client.get(f"/s/guess-{n}/").status_code for n in range(6)][-1] == 429
    assert client.get(f"/s/{invitation.token}/").status_code == 200  # the respondent behind the same address


def _request(rf, remote: str, forwarded: str | None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


@pytest.mark.parametrize(("trusted", "remote", "forwarded", "expected"), [
    (0, "198.51.100.7", "203.0.113.9", "198.51.100.7"),  # no proxy: the header is the client's own claim
    (1, "10.0.0.2", "203.0.113.9", "203.0.113.9"),  # one proxy: the entry it appended
    (1, "10.0.0.2", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # a forged left part is ignored
    (2, "10.0.0.3", "1.2.3.4, 203.0.113.9, 10.0.0.2", "203.0.113.9"),  # two proxies: second from the right
    (2, "10.0.0.3", "203.0.113.9", "10.0.0.3"),  # shorter than the proxy chain: bypassed, use the peer
    (1, "10.0.0.2", None, "10.0.0.2"),
])
def test_the_client_address_is_read_from_the_right_past_the_trusted_proxies(rf, settings, trusted, remote,
                                                                          forwarded, expected):
    from opsassess.client_ip import client_ip

    settings.OPSASSESS_TRUSTED_PROXIES = trusted
    assert client_ip(_request(rf, remote, forwarded)) == expected


def test_login_lockout_uses_the_same_address_rule(settings):
    from axes.helpers import get_client_ip_address
    from django.test import RequestFactory

    settings.OPSASSESS_TRUSTED_PROXIES = 1
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert get_client_ip_address(request) == "203.0.113.9"
