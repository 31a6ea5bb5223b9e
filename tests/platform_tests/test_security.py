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
    assert not exempt


def test_the_login_form_asks_for_the_email_address(client):
    form = client.get(reverse("login")).context["form"]
    assert form.fields["username"].label == "Email address"
    assert form.fields["username"].widget.input_type == "email"
