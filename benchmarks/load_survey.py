"""Load test of the survey on PostgreSQL under gunicorn: respondents open their link,
choose a role, autosave answers one by one and submit, all at once. Loopback only,
bounded in count and time. Prints one JSON line.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/load_survey.py
    ... --respondents 40 --answers 10     # the short form CI runs

It works on a database of its own (<name>_load), created and dropped here.
"""

import argparse
import http.client
import http.cookiejar
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DEADLINE_S = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _load_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("load_survey.py needs DATABASE_URL pointing at PostgreSQL")
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_load"))


def _env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DATABASE_URL=database_url, DJANGO_SECRET_KEY="load-test-only-" + "x" * 40, DJANGO_DEBUG="0",
               DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0", DJANGO_SECURE_HSTS_SECONDS="0",
               AXES_ENABLED="0", OPSASSESS_RATELIMIT_PER_TOKEN_PER_MINUTE="100000", DATABASE_CONN_MAX_AGE="60",
               OPSASSESS_VAR_DIR=tempfile.mkdtemp(prefix="opsassess-load-"))
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def _recreate_database(database_url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop_database(database_url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


SETUP = """
import json
from assessments.models import Assessment, CatalogueVersion, Invitation, Organization, Team
v = CatalogueVersion.latest()
org = Organization.objects.create(name="Load test")
teams = [Team.objects.create(organization=org, name=f"Team {{i}}") for i in range(4)]
a = Assessment.objects.create(organization=org, title="Load", catalogue_version=v,
    target_model=v.target_models.first(), status=Assessment.Status.OPEN)
a.disciplines.set(v.disciplines.filter(key__in=["sysops", "devops"]))
a.teams.set(teams)
invs = Invitation.objects.bulk_create(Invitation(assessment=a, team=teams[i % 4], role="engineer") for i in range({n}))
qs = [q.pk for d in a.disciplines.all() for ar in d.areas.all() for q in ar.questions.all()]
print(json.dumps({{"assessment": a.pk, "tokens": [i.token for i in invs], "questions": qs}}))
"""


class Respondent:
    def __init__(self, port: int, token: str, questions: list[int], stats: "Stats") -> None:
        self.port, self.token, self.questions, self.stats = port, token, questions, stats
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.saved: list[int] = []

    def _request(self, kind: str, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{self.port}{path}"})
        start = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode(errors="replace")
                break
            except (OSError, http.client.HTTPException) as exc:
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                # A kept-alive connection the server closed while idle: reconnect once,
                # as a browser does. A second failure is a real error.
                if attempt == 2 or not isinstance(exc, (BrokenPipeError, ConnectionResetError,
                                                        http.client.RemoteDisconnected)):
                    self.stats.record(kind, time.perf_counter() - start, ok=False, detail=str(exc))
                    return 0, ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        ok = response.status < 400
        self.stats.record(kind, time.perf_counter() - start, ok=ok, detail=f"{response.status} {path}")
        return response.status, text

    def run(self, answers: int, think: float, delay: float) -> None:
        time.sleep(delay)  # respondents arrive over the ramp-up, not all in one millisecond
        status, page = self._request("open", "GET", f"/s/{self.token}/")
        match = CSRF.search(page)
        if not match:
            return
        csrf = match.group(1)
        self._request("start", "POST", f"/s/{self.token}/", {"csrfmiddlewaretoken": csrf, "role": "engineer"})
        rng = random.Random(self.token)
        for i, question_id in enumerate(self.questions[:answers]):
            time.sleep(rng.uniform(0, 2 * think))  # reading the question and choosing a level
            level = str(1 + (question_id + i) % 5)
            status, _ = self._request("autosave", "POST", f"/s/{self.token}/save/",
                                      {"csrfmiddlewaretoken": csrf, f"q-{question_id}": level})
            if status == 200:
                self.saved.append(question_id)
        # Confirmed as a browser confirms a partial submission (the review page asks below 100 %).
        self._request("submit", "POST", f"/s/{self.token}/submit/", {"csrfmiddlewaretoken": csrf, "confirmed": "1"})
        self.conn.close()


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []

    def record(self, kind: str, seconds: float, *, ok: bool, detail: str) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.examples) < 5:
                    self.examples.append(f"{kind}: {detail}")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--answers", type=int, default=20, help="autosaves per respondent")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between two answers")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which respondents arrive")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    database_url = _load_database_url()
    env = _env(database_url)
    _recreate_database(database_url)
    server = None
    try:
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "load_catalogue", "-v0")
        _manage(env, "collectstatic", "--noinput", "-v0")
        setup = json.loads(_manage(env, "shell", "-v0", "-c", SETUP.format(n=args.respondents)))
        port = _free_port()
        log = open(Path(env["OPSASSESS_VAR_DIR"]) / "gunicorn.log", "wb")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "opsassess.wsgi", "-b", f"127.0.0.1:{port}", "--workers",
             str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads), "--keep-alive", "5",
             "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        stats = Stats()
        respondents = [Respondent(port, token, setup["questions"], stats) for token in setup["tokens"]]
        threads = [threading.Thread(target=r.run, args=(args.answers, args.think, i * args.ramp / len(respondents)),
                                    daemon=True) for i, r in enumerate(respondents)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1, DEADLINE_S - (time.perf_counter() - start)))
        elapsed = time.perf_counter() - start
        stored = int(_manage(env, "shell", "-v0", "-c", (
            "from assessments.models import Answer; "
            f"print(Answer.objects.filter(response__assessment_id={setup['assessment']}).count())")).strip())
        submitted = int(_manage(env, "shell", "-v0", "-c", (
            "from assessments.models import Response; "
            f"print(Response.objects.filter(assessment_id={setup['assessment']}, status='submitted').count())")).strip())
    finally:
        if server is not None:
            server.terminate()
            server.wait(20)
        _drop_database(database_url)
    requests = sum(len(v) for v in stats.latencies.values())
    saved = sum(len(r.saved) for r in respondents)
    print(json.dumps({
        "respondents": args.respondents,
        "requests": requests,
        "requests_per_s": round(requests / elapsed, 1),
        "latency_ms": {kind: {"p50": round(_percentile(v, 0.5) * 1000, 1), "p95": round(_percentile(v, 0.95) * 1000, 1),
                              "p99": round(_percentile(v, 0.99) * 1000, 1)} for kind, v in stats.latencies.items()},
        "errors": sum(stats.errors.values()),
        "error_examples": stats.examples,
        "answers_saved_acknowledged": saved,
        "answers_stored": stored,
        "answers_lost": max(0, saved - stored),
        "submitted": submitted,
        "submitted_per_s": round(submitted / elapsed, 1),
        "elapsed_s": round(elapsed, 1),
    }))


if __name__ == "__main__":
    main()
