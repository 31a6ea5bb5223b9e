"""Under two gunicorn workers behind a (simulated) proxy: one address flooding junk survey
links is turned away by whichever worker it reaches, while valid links keep answering from
that address and every other. Runs in both CI passes: on its own SQLite file with the
shared file cache (embedded), or with Redis when REDIS_URL is set."""

import os
import random
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.reliability_tests.conftest import _free_port, _wait_until_serving

ROOT = Path(__file__).resolve().parents[2]
MISSES = 20  # OPSASSESS_RATELIMIT_MISSES_PER_MINUTE as set below

SETUP = """
from assessments.models import CatalogueVersion, Invitation, Organization, Team
from tests.builders import make_assessment
org = Organization.objects.create(name="Two workers Ltd")
Team.objects.create(organization=org, name="Ops")
assessment = make_assessment(org, disciplines=("sysops",))
print(" ".join(Invitation.objects.create(assessment=assessment, team=org.teams.get()).token for _ in range(2)))
"""


def _get(url: str, client: str) -> int:
    request = urllib.request.Request(url, headers={"X-Forwarded-For": client})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def two_workers(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "OPSASSESS_VAR_DIR": str(tmp_path),
           "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "test-only-server-key-" + "s" * 40,
           "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0", "DJANGO_SECURE_HSTS_SECONDS": "0",
           "OPSASSESS_TRUSTED_PROXIES": "1", "OPSASSESS_RATELIMIT_MISSES_PER_MINUTE": str(MISSES),
           "DJANGO_SETTINGS_MODULE": "opsassess.settings"}
    env.pop("PYTEST_CURRENT_TEST", None)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["load_catalogue"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    tokens = subprocess.run(manage + ["shell", "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True,
                            text=True).stdout.split()[-2:]
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("ab")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "opsassess.wsgi", "-b", f"127.0.0.1:{port}",
                                "--workers", "2", "--log-level", "warning"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(process, url)
        yield url, tokens
    finally:
        process.terminate()
        process.wait(20)
        log.close()


def test_a_flood_of_junk_links_never_locks_respondents_out(two_workers):
    url, (mine, theirs) = two_workers
    # Addresses of this run only (TEST-NET-3), so a shared Redis holds no count from elsewhere.
    flooder, neighbour = (f"203.0.113.{n}" for n in random.sample(range(1, 255), 2))
    statuses = [_get(f"{url}/s/junk-{n}/", flooder) for n in range(MISSES)]
    assert statuses == [404] * MISSES
    # The count is shared: whichever of the two workers answers, the address is now turned away.
    assert [_get(f"{url}/s/more-junk-{n}/", flooder) for n in range(6)] == [429] * 6
    # ... for junk only: a respondent behind the same address (one office, one proxy) answers.
    assert [_get(f"{url}/s/{mine}/", flooder) for _ in range(4)] == [200] * 4
    assert _get(f"{url}/s/{theirs}/", neighbour) == 200
    assert _get(f"{url}/s/junk-0/", neighbour) == 404  # the neighbour's own guesses are its own


def test_production_pages_link_hashed_static_files_that_are_served(two_workers):
    url, (mine, _) = two_workers
    with urllib.request.urlopen(f"{url}/s/{mine}/", timeout=20) as response:
        page = response.read().decode()
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert any(re.search(r"/css/survey\.[0-9a-f]{12}\.css$", link) for link in links), links
    for link in links:  # each the same on every request of the worker, and served
        with urllib.request.urlopen(url + link, timeout=20) as response:
            assert response.status == 200
