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
