"""Login brute force is locked out; no view opts out of CSRF protection."""

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from tests.builders import PASSWORD, make_user


def _login(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(client, settings):
    user = make_user("target@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, user.username, "wrong-guess").status_code == 200  # the form again, with an error
    assert _login(client, user.username, "wrong-guess").status_code == 429

    locked = _login(client, user.username, PASSWORD)

    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_few_typos_do_not_lock_anyone_out(client, settings):
    user = make_user("typo@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, user.username, "wrong-guess")

    assert _login(client, user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_one_password_sprayed_over_many_accounts_locks_the_address(client, settings):
    users = [make_user(f"sprayed{n}@example.com") for n in range(settings.AXES_FAILURE_LIMIT + 1)]
    for user in users[:-1]:  # one failure per account: no account reaches the limit
        _login(client, user.username, "Summer2026!")
    locked = _login(client, users[-1].username, PASSWORD)  # even the right password, from that address
    assert locked.status_code == 429
    other_address = client.post(reverse("login"), {"username": users[-1].username, "password": PASSWORD},
                                REMOTE_ADDR="198.51.100.20")
    assert other_address.status_code == 302  # the account itself is not locked


@pytest.mark.django_db
def test_an_account_is_locked_whatever_addresses_the_guesses_come_from(client, settings):
    user = make_user("roaming@example.com")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"}, REMOTE_ADDR=f"192.0.2.{n}")
    locked = client.post(reverse("login"), {"username": user.username, "password": PASSWORD},
                         REMOTE_ADDR="192.0.2.200")
    assert locked.status_code == 429


@pytest.mark.django_db
def test_the_locked_page_reads_the_same_for_an_account_that_does_not_exist(client, settings):
    make_user("real@example.com")
    pages = []
    for username in ("real@example.com", "ghost@example.com"):
        for n in range(settings.AXES_FAILURE_LIMIT + 1):
            response = client.post(reverse("login"), {"username": username, "password": "wrong"},
                                   REMOTE_ADDR=f"203.0.113.{len(pages) * 10 + n}")
        pages.append((response.status_code, response.content))
    assert pages[0] == pages[1]
    assert pages[0][0] == 429


@pytest.mark.django_db
def test_the_cool_off_doubles_with_each_lockout_and_stops_at_a_day(rf):
    import datetime

    from axes.models import AccessFailureLog

    from opsassess.lockout import cool_off

    request = rf.post("/accounts/login/", {"username": "target@example.com"}, REMOTE_ADDR="192.0.2.1")
    assert cool_off(request) == datetime.timedelta(minutes=15)
    for n in range(1, 9):
        AccessFailureLog.objects.create(username="target@example.com", ip_address="198.51.100.1",
                                        user_agent="", path_info="/accounts/login/", locked_out=True)
        expected = min(datetime.timedelta(minutes=15 * 2 ** (n - 1)), datetime.timedelta(hours=24))
        assert cool_off(request) == expected


@pytest.mark.django_db
def test_a_password_reset_unlocks_the_account(client, settings):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = make_user("forgetful@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.username, "wrong")
    assert _login(client, user.username, PASSWORD).status_code == 429

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    form_url = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True).redirect_chain[-1][0]
    new_password = "A-new-and-long-passphrase-2026"
    done = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302

    assert _login(client, user.username, new_password).status_code == 302


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_view_of_ours_is_exempt_from_csrf():
    ours = [(route, view) for route, view in _views(get_resolver().url_patterns)
            if view.__module__.split(".")[0] in {"assessments", "reports", "opsassess"}]

    assert len(ours) > 30, "the walk reaches the project's views"
    exempt = [route for route, view in ours if getattr(view, "csrf_exempt", False)]
    # The one exception: a mail client's one-click "unsubscribe" (RFC 8058) POSTs with no
    # form to the link in a reminder. It needs the respondent's secret token, and all it
    # can do is stop that link's reminders.
    assert exempt == ["s/<str:token>/reminders/"]


def test_the_login_form_asks_for_the_email_address(client):
    form = client.get(reverse("login")).context["form"]
    assert form.fields["username"].label == "Email address"
    assert form.fields["username"].widget.input_type == "email"
