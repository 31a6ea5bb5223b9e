"""The firm page: a consultant sees their own firm; members allowed to brand change its
name as printed, colour and logo, checked as the admin checks them; nobody else can."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Firm, FirmMember
from assessments.services.organizations import firm_of
from tests.reports_tests.test_branding import SVG, png

URL = "/firm/"


@pytest.fixture
def brander(owner):
    firm_of(owner)  # joins the default firm, its clients' firm
    FirmMember.objects.filter(user=owner).update(may_brand=True)
    return owner


def _post(client, **data):
    base = {"display_name": "Rivergate Advisory", "primary_colour": "#5b2a86"}
    return client.post(URL, {**base, **data})


def test_a_member_allowed_to_brand_changes_name_colour_and_logo(as_user, brander, org,
                                                                django_capture_on_commit_callbacks):
    client = as_user(brander)
    assert reverse("firm_settings") == URL and 'href="/firm/"' in client.get("/").content.decode()
    response = _post(client, logo=SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml"))
    assert response.status_code == 302
    firm = Firm.objects.get(pk=org.firm_id)
    assert (firm.display_name, firm.primary_colour, firm.branding_changed_by) == ("Rivergate Advisory", "#5b2a86",
                                                                                 brander)
    first = firm.logo.name
    assert firm.logo_bytes().startswith(b"\x89PNG")  # the SVG, drawn once
    page = client.get(URL).content.decode()
    assert "Rivergate Advisory" in page and 'style="background-color: #5b2a86"' in page
    assert client.get(reverse("firm_logo")).content == firm.logo_bytes()
    # A new logo replaces the old one, whose file goes once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, logo=SimpleUploadedFile("new.png", png(), content_type="image/png")).status_code == 302
    firm.refresh_from_db()
    assert firm.logo_bytes() == png() and not firm.logo.storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, remove_logo="on").status_code == 302
    firm.refresh_from_db()
    assert not firm.logo and client.get(reverse("firm_logo")).status_code == 404


def test_the_next_report_is_built_in_the_new_branding(as_user, brander, catalogue, org):
    from reports.context import report_document
    from tests.builders import make_assessment

    answered = make_assessment(org, created_by=brander)
    _post(as_user(brander), logo=SimpleUploadedFile("logo.png", png(), content_type="image/png"))
    meta = report_document(answered).meta
    assert (meta.firm, meta.brand_colour, meta.logo) == ("Rivergate Advisory", "#5b2a86", png())


@pytest.mark.parametrize(("data", "reason"), [
    ({"primary_colour": "#f1c40f"}, "contrast of 1.7:1"),
    ({"primary_colour": "purple"}, "#rrggbb"),
    ({"logo": ("logo.jpg", png(fmt="JPEG"))}, "must be a PNG or an SVG file, not JPEG"),
    ({"logo": ("big.png", b"\x89PNG" + b"0" * (600 * 1024))}, "the most is 512 kB"),
    ({"display_name": "Two\nlines"}, "one line of printable text"),
], ids=["too light", "not a colour", "jpeg", "too big", "line break"])
def test_branding_that_would_break_a_deliverable_is_refused_and_nothing_changes(as_user, brander, org, data, reason):
    firm = firm_of(brander)
    firm.logo.save("logo.png", ContentFile(png()), save=True)
    if "logo" in data:
        name, content = data["logo"]
        data = {"logo": SimpleUploadedFile(name, content)}
    response = _post(as_user(brander), **data)
    assert response.status_code == 200 and reason in response.content.decode()
    kept = Firm.objects.get(pk=firm.pk)
    assert (kept.display_name, kept.primary_colour, kept.logo_bytes()) == ("", "#1f4e79", png())


def test_a_colleague_not_allowed_to_brand_sees_it_read_only_and_cannot_post(as_user, owner, org):
    client = as_user(owner)
    page = client.get(URL).content.decode()
    assert "Save branding" not in page and "Nobody at the firm may change its branding yet" in page
    other = get_user_model().objects.create_user(username="lead@firm.example", email="lead@firm.example",
                                                 first_name="Lee", last_name="Lead")
    FirmMember.objects.create(user=other, firm=firm_of(owner), may_brand=True)
    assert "The firm's branding is changed by Lee Lead." in client.get(URL).content.decode().replace("&#x27;", "'")
    assert _post(client).status_code == 403
    assert Firm.objects.get(pk=org.firm_id).primary_colour == "#1f4e79"


def test_a_manager_has_no_firm_page_and_another_firm_sees_only_its_own(as_user, owner, manager, org):
    assert as_user(manager).get(URL).status_code == 404
    assert as_user(manager).get(reverse("firm_logo")).status_code == 404
    rival_firm = Firm.objects.create(name="Rival Consulting", display_name="Rival & Co")
    rival = get_user_model().objects.create_user(username="r@rival.example", email="r@rival.example")
    FirmMember.objects.create(user=rival, firm=rival_firm, may_brand=True)
    rival.user_permissions.add(Permission.objects.get(codename="add_organization"))
    page = as_user(rival).get(URL).content.decode()
    assert "Rival &amp; Co" in page and owner.email not in page and "0 client organisations" in page
    _post(as_user(rival))
    assert Firm.objects.get(pk=org.firm_id).display_name == ""  # only the rival's firm changed
    assert Firm.objects.get(pk=rival_firm.pk).display_name == "Rivergate Advisory"
