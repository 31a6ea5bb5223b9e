"""Fault fixtures: a large committed assessment, a dead Redis, a gunicorn server on the test database."""

import importlib.util
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from unittest import mock

import pytest
from django.db import connection

from assessments.demo import responses_generate
from assessments.models import Assessment, CatalogueVersion
from opsassess.celery import app as celery_app
from tests.builders import make_assessment
from tests.conftest import skip_or_fail
from tests.live_worker import ROOT, LiveWorker, _database_url

DEAD_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connections are refused at once


@pytest.fixture
def answered_committed(transactional_db, catalogue: CatalogueVersion, org, owner) -> Assessment:
    """SysOps and DevOps with 12 submitted responses, committed, so a worker process sees them."""
    assessment = make_assessment(org, created_by=owner)
    responses_generate(assessment, list(org.teams.all()), per_team=6, rng=random.Random(3))
    return assessment


@pytest.fixture
def large_committed_assessment(transactional_db, catalogue: CatalogueVersion, org, owner) -> Assessment:
    """Every discipline, 16 submitted responses, committed: a report a worker takes
    long enough to build (over a second) that a kill lands in the middle of it."""
    keys = tuple(catalogue.disciplines.values_list("key", flat=True))
    assessment = make_assessment(org, disciplines=keys, created_by=owner)
    responses_generate(assessment, list(org.teams.all()), per_team=8, rng=random.Random(7))
    return assessment


@pytest.fixture
def start_worker(worker_queue, tmp_path) -> Iterator[Callable[..., LiveWorker]]:
    """Start live workers on this test's queue, with environment variables of the test's
    choosing; any still running at the end are stopped."""
    workers: list[LiveWorker] = []

    def start(**env: str) -> LiveWorker:
        worker = LiveWorker(worker_queue, tmp_path / f"worker-{len(workers) + 1}.log", env=env)
        workers.append(worker)
        worker.start()
        return worker

    yield start
    for worker in workers:
        worker.stop()
        print(f"--- {worker.log.name}", worker.log.read_text(errors="replace")[-2000:])


def _settings_module(**env: str) -> ModuleType:
    """opsassess/settings.py run afresh with these environment variables: what a deploy would get."""
    spec = importlib.util.spec_from_file_location("opsassess._settings_under_test", ROOT / "opsassess" / "settings.py")
    module = importlib.util.module_from_spec(spec)
    with mock.patch.dict(os.environ, env):
        spec.loader.exec_module(module)
    return module


@contextmanager
def _silent_redis() -> Iterator[str]:
    """A port that takes connections and never answers, as a hung Redis (or a half-open
    connection) does: the kernel completes the handshake, nobody reads or replies."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


class DeadRedis:
    """The settings a deploy gets with REDIS_URL pointing at a dead Redis, for the cache
    and the Celery producer, until `revive()`.

    Celery keeps connection and producer pools built from the broker URL on first use;
    they are set aside while Redis is dead and put back on revival.
    """

    def __init__(self, settings, url: str) -> None:
        deployed = _settings_module(REDIS_URL=url)
        self.settings = settings
        self.saved_settings = (settings.REDIS_URL, settings.CACHES)
        conf = celery_app.conf
        self.saved_celery = (conf.broker_url, conf.broker_transport_options, conf.task_always_eager,
                             celery_app._pool, celery_app.amqp._producer_pool)
        settings.REDIS_URL, settings.CACHES = deployed.REDIS_URL, deployed.CACHES
        conf.broker_url = deployed.CELERY_BROKER_URL
        conf.broker_transport_options = deployed.CELERY_BROKER_TRANSPORT_OPTIONS
        conf.task_always_eager = False
        celery_app._pool = celery_app.amqp._producer_pool = None
        self.dead = True

    def revive(self) -> None:
        """Back to the test's own set-up: the real Redis, or tasks in-process without one."""
        if self.dead:
            self.settings.REDIS_URL, self.settings.CACHES = self.saved_settings
            conf = celery_app.conf
            (conf.broker_url, conf.broker_transport_options, conf.task_always_eager, celery_app._pool,
             celery_app.amqp._producer_pool) = self.saved_celery
            self.dead = False


@pytest.fixture
def dead_redis(request: pytest.FixtureRequest, settings) -> Iterator[DeadRedis]:
    """Redis "refused" (REDIS_URL at a closed port; the default) or "hung" (parametrize indirectly)."""
    with ExitStack() as stack:
        kind = getattr(request, "param", "refused")
        url = DEAD_REDIS_URL if kind == "refused" else stack.enter_context(_silent_redis())
        redis = DeadRedis(settings, url)
        yield redis
        redis.revive()


@dataclass
class Server:
    url: str
    log: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(process: subprocess.Popen, url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            urllib.request.urlopen(url + "/s/not-a-token/", timeout=2).close()
        except urllib.error.HTTPError:
            return  # any HTTP answer (here a 404) means the app is up
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


@pytest.fixture
def gunicorn_server(transactional_db, tmp_path) -> Iterator[Server]:
    """The app under gunicorn (threads, persistent database connections) on the test
    database, as deployed: DEBUG off, no Redis (the cache is local, tasks in-process)."""
    if connection.vendor != "postgresql":
        skip_or_fail("needs a PostgreSQL DATABASE_URL (a server process cannot share SQLite's in-memory test "
                     "database)", "OPSASSESS_REQUIRE_SERVICES")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DATABASE_URL=_database_url(), DATABASE_CONN_MAX_AGE="60", DJANGO_DEBUG="0",
               DJANGO_SECRET_KEY="test-only-server-key-" + "s" * 40, DJANGO_SECURE_SSL_REDIRECT="0",
               DJANGO_SECURE_COOKIES="0", DJANGO_SECURE_HSTS_SECONDS="0", OPSASSESS_VAR_DIR=str(tmp_path / "var"))
    log = tmp_path / "gunicorn.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "opsassess.wsgi", "-b", f"127.0.0.1:{port}", "--workers", "2",
             "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    server = Server(url=f"http://127.0.0.1:{port}", log=log)
    try:
        _wait_until_serving(process, server.url)
        yield server
    finally:
        # Stopped before transactional_db empties the tables, which waits for its connections.
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        print(log.read_text(errors="replace")[-3000:])
