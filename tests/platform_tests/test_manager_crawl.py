"""Nothing of one client leaks to another client's manager or to an anonymous visitor.

The test crawls the site from the home page as Northwind's manager (the demo data,
with a finished report so its download is linked), following every same-site link,
then replays each page it found as Helvetia's manager and anonymously. The URL walk
in tests/workspace_tests/test_isolation.py checks every pattern with foreign ids;
this one checks what a real manager can reach, including exports and the PDF, and
looks for Northwind's names in whatever the others get back.
"""

import json
import re
from collections import deque
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from assessments.models import Assessment, Membership, Organization
from reports.publications import publication_latest
from reports.services import report_enqueue, report_request

HREF = re.compile(r'href="([^"]+)"')
# Leaving, or not pages of an organisation: the login pages, the admin, static files.
NOT_CRAWLED = ("/accounts/logout", "/admin/", "/static/", "/media/")
# Pages every logged-in user has; they may answer 200 to anyone, but must not leak.
COMMON = {"/", "/accounts/password_change/", "/compare/"}
MAX_PAGES = 200


def _crawl(client) -> dict[str, bytes]:
    pages: dict[str, bytes] = {}
    queue = deque(["/"])
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code} to its own manager"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = body
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(body.decode()):
            href = urldefrag(href.replace("&amp;", "&")).url
            parts = urlsplit(href)
            if parts.netloc or not href.startswith("/") or href.startswith(NOT_CRAWLED):
                continue
            if href not in pages:
                queue.append(href)
    return pages


def _secrets(org: Organization) -> list[bytes]:
    """Strings that only someone who may see `org` should ever be shown."""
    names = [org.name, *org.teams.values_list("name", flat=True),
             *Assessment.objects.filter(organization=org).values_list("title", flat=True)]
    return [name.encode() for name in names]


@pytest.fixture
def demo(catalogue):
    out = StringIO()
    call_command("seed_demo", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    northwind = Organization.objects.get(name="Northwind Logistics")
    consultant = Membership.objects.get(organization=northwind, role=Membership.Role.CONSULTANT).user
    for assessment in northwind.assessments.all():  # built in-process: done at once
        publication = publication_latest(assessment)  # managers only get reports of published results
        report_enqueue(report_request(assessment=assessment, user=consultant, publication=publication))
    return summary


@pytest.mark.django_db
def test_what_one_manager_can_reach_nobody_else_can(demo, client, django_user_model):
    northwind, helvetia = demo["orgs"]
    client.force_login(django_user_model.objects.get(username=northwind["manager"]["email"]))
    pages = _crawl(client)
    assert any("/results/" in url for url in pages), "the crawl reaches the results"
    assert any(url.endswith("/download") for url in pages), "the crawl reaches a PDF download"
    assert any(".csv" in url for url in pages), "the crawl reaches the exports"
    secrets = _secrets(Organization.objects.get(name=northwind["name"]))

    client.logout()
    client.force_login(django_user_model.objects.get(username=helvetia["manager"]["email"]))
    as_other_manager = {url: client.get(url) for url in pages}
    client.logout()
    anonymous = {url: client.get(url) for url in pages}

    for url, response in as_other_manager.items():
        if url not in COMMON:
            assert response.status_code == 404, f"{url}: Helvetia's manager got {response.status_code}"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        leaked = [s.decode() for s in secrets if s in body]
        assert not leaked, f"{url} shows Helvetia's manager {leaked}"
    for url, response in anonymous.items():
        assert response.status_code in (302, 404), f"{url}: an anonymous visitor got {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")
        assert not any(s in response.content for s in secrets)
