"""A real Celery worker process over Redis, on the test database (tests marked `services`)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from opsassess.celery import app as celery_app
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(worker: subprocess.Popen, name: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"the Celery worker exited with {worker.returncode}")
        if celery_app.control.ping(destination=[name], timeout=0.5):
            return
    raise RuntimeError("the Celery worker did not answer a ping in time")


class LiveWorker:
    def __init__(self, queue: str, log: Path, env: dict[str, str] | None = None) -> None:
        """`env` adds to the worker's environment, e.g. a broker setting under test."""
        self.queue, self.log, self.extra_env = queue, log, env or {}
        self.name = f"opsassess-test-{os.getpid()}@localhost"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        # The same database and file storage as this test process.
        env = {**os.environ, "DATABASE_URL": _database_url(), "MEDIA_ROOT": str(settings.MEDIA_ROOT),
               **self.extra_env}
        env.setdefault("DJANGO_SECRET_KEY", "test-only-worker-key-" + "k" * 40)
        command = [sys.executable, "-m", "celery", "-A", "opsassess", "worker", "--pool=solo", "-Q", self.queue,
                   "-n", self.name, "--loglevel=INFO", "--without-gossip", "--without-mingle"]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        _wait_for(self.process, self.name)

    def kill(self) -> None:
        """SIGKILL, as an out-of-memory kill or a lost machine would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_queue(transactional_db):
    """A queue of this test's own, where tasks sent by this process go; for tests that
    start (and kill) their own LiveWorker processes."""
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        skip_or_fail("needs REDIS_URL and a PostgreSQL DATABASE_URL (a worker process cannot share SQLite's "
                     "in-memory test database)", "OPSASSESS_REQUIRE_SERVICES")
    queue = f"opsassess-test-{os.getpid()}-{time.monotonic_ns()}"
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_default_queue = previous


@pytest.fixture
def live_worker(worker_queue, tmp_path):
    """A worker process consuming a queue of this test's own, on the test database."""
    worker = LiveWorker(worker_queue, tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()
    print(worker.log.read_text(errors="replace")[-3000:])
