"""Rate limits for the public survey links, in a cache every worker shares (Redis when
configured, else files under OPSASSESS_VAR_DIR): never counted per process.

Per link: a respondent autosaving every answer stays far below the limit, a script
hammering one link does not. Per address: guessing links produces 404s, and an address
that collects too many gets 429 for unknown links for the rest of the window; a valid
link keeps answering from that address, so someone flooding junk links (or sharing a
proxy's address with the respondents) cannot lock the respondents out. The address
comes from opsassess.client_ip (trusted proxies).
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from assessments.models import Invitation
from assessments.models.assessments import token_digest

from .client_ip import client_ip

logger = logging.getLogger(__name__)
SURVEY_PREFIX = "/s/"
WINDOW_SECONDS = 60


def _hit(key: str) -> int:
    window = int(time.time() // WINDOW_SECONDS)
    full_key = f"rl:{key}:{window}"
    try:
        return cache.incr(full_key)
    except ValueError:
        cache.add(full_key, 0, WINDOW_SECONDS * 2)
        return cache.incr(full_key)


def _count(key: str) -> int:
    window = int(time.time() // WINDOW_SECONDS)
    return cache.get(f"rl:{key}:{window}", 0)


def _too_many(retry_after: int = WINDOW_SECONDS) -> HttpResponse:
    response = HttpResponse(
        "Too many requests for this survey link. Please wait a minute and try again; your answers are saved.",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    return response


class SurveyRateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(SURVEY_PREFIX) or not settings.OPSASSESS_RATELIMIT_ENABLED:
            return self.get_response(request)
        try:
            limited = self._limited(request)
        except Exception:  # the cache (Redis) is down: answers matter more than limits
            logger.warning("rate limit cache unavailable; survey request let through", exc_info=True)
            return self.get_response(request)
        if limited:
            return _too_many()
        response = self.get_response(request)
        if response.status_code == 404:
            try:
                _hit(f"miss:{client_ip(request)}")
            except Exception:
                logger.warning("rate limit cache unavailable", exc_info=True)
        return response

    def _limited(self, request: HttpRequest) -> bool:
        token = request.path[len(SURVEY_PREFIX) :].split("/", 1)[0]
        if _count(f"miss:{client_ip(request)}") >= settings.OPSASSESS_RATELIMIT_MISSES_PER_MINUTE:
            # A guessing address: unknown links are refused at once; a valid one (one indexed
            # look-up, only for such addresses) still answers, within its own limit.
            if Invitation.objects.for_token(token) is None:
                return True
        return _hit(f"token:{token_digest(token)}") > settings.OPSASSESS_RATELIMIT_PER_TOKEN_PER_MINUTE
