"""Shared fixtures: personas, catalogue, and gates for real services and the browser.

Tests marked `services` need PostgreSQL, Redis and a live Celery worker. They skip
on the embedded defaults; with OPSASSESS_REQUIRE_SERVICES=1 (set by .ci/run) a
missing service fails the run instead, so CI cannot go green by skipping them.
The same goes for browser tests and OPSASSESS_REQUIRE_BROWSER=1, and for the LibreOffice
conversion of the Word and PowerPoint files and OPSASSESS_REQUIRE_OFFICE=1.
"""

import os

import pytest
from django.core.cache import cache

from assessments.survey.selectors import clear_plan_cache
from opsassess.celery import app as celery_app

pytest_plugins = ["tests.builders", "tests.live_worker", "tests.browser"]


def _required(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false")


def skip_or_fail(reason: str, requirement: str) -> None:
    if _required(requirement):
        pytest.fail(f"{reason} ({requirement}=1 forbids skipping)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_cache_and_eager_tasks(request: pytest.FixtureRequest):
    """Every test starts with an empty cache; tasks run in-process unless the test
    is marked `services`, which sends them through the real broker."""
    cache.clear()
    clear_plan_cache()  # ids are reused from test to test: a cached plan must not outlive its rows
    eager = request.node.get_closest_marker("services") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager or previous
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Scheduled jobs run where a test runs them (tests/workspace_tests/test_deadlines.py),
    # never as a side effect of whichever request comes first in a process.
    settings.OPSASSESS_DUE_JOBS_ON_REQUEST = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
