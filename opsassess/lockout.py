"""Login abuse, configured for django-axes rather than rewritten.

- Per account, whatever the address: AXES_FAILURE_LIMIT wrong passwords lock the account.
- Per address, whatever the account: the same number of failures from one address locks
  that address (one password sprayed over many accounts).
- The cool-off grows: 15 minutes, doubled for every lockout of the same account or address
  in the last day, at most a day.
- A password reset unlocks the account (the owner proved they hold its mailbox).

The locked-out page reads the same whether or not the account exists: axes counts
failures per name typed, existing or not.
"""

import datetime

from axes.models import AccessFailureLog
from axes.utils import reset
from django.contrib.auth.views import PasswordResetConfirmView
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

FIRST = datetime.timedelta(minutes=15)
LONGEST = datetime.timedelta(hours=24)


def cool_off(request: HttpRequest | None) -> datetime.timedelta:
    """15 minutes, doubled for each lockout of this account or address in the last day."""
    if request is None:
        return FIRST
    from .client_ip import client_ip

    username = (request.POST.get("username") or "").strip() if request.method == "POST" else ""
    since = timezone.now() - LONGEST
    who = Q(ip_address=client_ip(request))
    if username:
        who |= Q(username=username)
    lockouts = AccessFailureLog.objects.filter(who, locked_out=True, attempt_time__gte=since).count()
    return min(FIRST * 2 ** max(lockouts - 1, 0), LONGEST)


class UnlockingPasswordResetConfirmView(PasswordResetConfirmView):
    """Django's reset confirmation; a successful reset also lifts the account's lockout."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        username = form.user.get_username()
        reset(username=username)
        AccessFailureLog.objects.filter(username=username).delete()  # its next lockout starts short again
        return response
