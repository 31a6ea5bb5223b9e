"""The client's address: one rule for the survey rate limits, the login lockout (django-axes)
and anything else that needs it.

Without a proxy it is REMOTE_ADDR. Behind N trusted reverse proxies
(OPSASSESS_TRUSTED_PROXIES = N), each proxy appends the address it received the request
from to X-Forwarded-For, so the client is the N-th entry from the right: entries further
left were written by the client itself and prove nothing. A header shorter than N (a
request that bypassed a proxy) falls back to REMOTE_ADDR.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    trusted = settings.OPSASSESS_TRUSTED_PROXIES
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")
