import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.builders import PASSWORD


@pytest.mark.parametrize("name", ["login", "password_reset", "password_reset_done", "password_reset_complete"])
def test_the_public_account_pages_use_the_site_layout(client, db, name):
    page = client.get(reverse(name)).content.decode()
    assert "navbar" in page and "bootstrap.min.css" in page


def test_a_user_changes_their_password(as_user, owner):
    client = as_user(owner)
    assert "Change your password" in client.get(reverse("password_change")).content.decode()
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "An0ther-long-pass", "new_password2": "An0ther-long-pass"},
        follow=True)
    assert "Password changed" in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password("An0ther-long-pass")


def test_a_wrong_old_password_is_a_field_error(as_user, owner):
    response = as_user(owner).post(reverse("password_change"), {
        "old_password": "nope", "new_password1": "An0ther-long-pass", "new_password2": "An0ther-long-pass"})
    assert "is-invalid" in response.content.decode()


def test_the_reset_email_is_plain_text_with_a_working_link(client, owner):
    response = client.post(reverse("password_reset"), {"email": owner.email}, follow=True)
    assert "Check your email" in response.content.decode()
    (message,) = mail.outbox
    assert message.subject == "Reset your OpsAssess password"
    path = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", message.body).group(1)
    page = client.get(path, follow=True).content.decode()
    assert "Choose a new password" in page


def test_a_used_or_broken_reset_link_says_so(client, db):
    page = client.get("/accounts/reset/MQ/bad-token/", follow=True).content.decode()
    assert "This link no longer works" in page


def test_log_out_returns_to_the_login_page(as_user, owner):
    response = as_user(owner).post(reverse("logout"))
    assert response["Location"] == reverse("login")
