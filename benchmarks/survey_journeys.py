"""What a respondent costs the server: complete survey journeys under gunicorn.

Each journey is a fresh session (no cookies) that starts from a personal link and
follows the forms to the thank-you page, as a browser does:

- `forms`: without JavaScript. Every page is posted whole ("Save and continue"),
  redirects are followed, and the review page's submit ends it.
- `js`: with the survey script. Each answer is autosaved on its own as it is given,
  then "Save and continue" opens the next page (the script's GET once all is saved),
  then submit.

The server is gunicorn with 2 sync workers, DEBUG off, on a fresh database: SQLite
(WAL) by default, PostgreSQL with `--database postgres` (DATABASE_URL names the
server; a database `<name>_journeys` is created and dropped). Server CPU is read from
the workers' /proc times before and after the measured journeys, so the client's own
work is not counted. Prints one JSON line:

    .venv/bin/python benchmarks/survey_journeys.py
    .venv/bin/python benchmarks/survey_journeys.py --database postgres --journeys 20
"""

import argparse
import html
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 2  # one journey in flight per worker
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
INPUT = re.compile(r"<(input|button|textarea)\b([^>]*)>", re.S)

SETUP = """
import json
from assessments.models import Assessment, CatalogueVersion, Invitation, Organization, Team
v = CatalogueVersion.latest()
sizes = json.loads({sizes!r})
out = {{}}
for label, keys in sizes.items():
    org = Organization.objects.create(name="Journeys " + label)
    team = Team.objects.create(organization=org, name="Ops")
    a = Assessment.objects.create(organization=org, title=label, catalogue_version=v,
        target_model=v.target_models.first(), status=Assessment.Status.OPEN)
    a.disciplines.set(v.disciplines.filter(key__in=keys) if keys else v.disciplines.all())
    a.teams.set([team])
    invs = Invitation.objects.bulk_create(Invitation(assessment=a, team=team) for _ in range({n}))
    questions = sum(d.areas.filter(questions__isnull=False).values("questions").count() for d in a.disciplines.all())
    out[label] = {{"assessment": a.pk, "questions": questions, "tokens": [i.token for i in invs]}}
print(json.dumps(out))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(kind: str, var_dir: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{var_dir}/journeys.sqlite3"
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("--database postgres needs DATABASE_URL pointing at PostgreSQL")
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_journeys"))


def _postgres(database_url: str, *, create: bool) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def _env(database_url: str, var_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PYTEST_CURRENT_TEST")}
    env.update(DATABASE_URL=database_url, OPSASSESS_VAR_DIR=var_dir, DJANGO_DEBUG="0",
               DJANGO_SECRET_KEY="journeys-only-" + "x" * 40, DJANGO_SECURE_SSL_REDIRECT="0",
               DJANGO_SECURE_COOKIES="0", DJANGO_SECURE_HSTS_SECONDS="0", AXES_ENABLED="0",
               OPSASSESS_RATELIMIT_PER_TOKEN_PER_MINUTE="1000000", DJANGO_SETTINGS_MODULE="opsassess.settings")
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def _workers_cpu_s(master: int) -> float:
    """User + system CPU of the master's children (the workers), in seconds."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == master:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


@dataclass
class Tally:
    requests: int = 0
    html_bytes: int = 0
    errors: list[str] = field(default_factory=list)
    page_get_s: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, requests: int, html_bytes: int, page_gets: list[float], errors: list[str]) -> None:
        with self.lock:
            self.requests += requests
            self.html_bytes += html_bytes
            self.page_get_s += page_gets
            self.errors += errors


class Journey:
    """One respondent's session: a cookie jar and a kept-alive connection."""

    def __init__(self, port: int, token: str, mode: str) -> None:
        self.port, self.token, self.mode = port, token, mode
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.requests = 0
        self.html_bytes = 0
        self.page_gets: list[float] = []
        self.errors: list[str] = []

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Referer": f"http://127.0.0.1:{self.port}{path}"})
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - start
        self.requests += 1
        if "text/html" in (response.getheader("Content-Type") or ""):
            self.html_bytes += len(data)
        if method == "GET" and "/p/" in path:
            self.page_gets.append(elapsed)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.status >= 400:
            self.errors.append(f"{response.status} {method} {path}")
        return response.status, response.getheader("Location") or "", data.decode()

    def follow(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> tuple[str, str]:
        """The request, then its redirects, as a browser follows them: (final path, page)."""
        status, location, text = self.request(method, path, form)
        while status in (301, 302, 303):
            path = urllib.parse.urlsplit(location).path
            status, location, text = self.request("GET", path)
        return path, text

    def run(self) -> None:
        path, text = self.follow("GET", f"/s/{self.token}/")
        for _ in range(500):  # far more than the pages of any questionnaire
            if "survey-form" not in text and 'name="role"' not in text and "/submit/" not in text:
                break  # the thank-you page: no form left to follow
            path, text = self.follow(*self._next_step(path, text))
        self.conn.close()

    def _next_step(self, path: str, text: str) -> tuple[str, str, list[tuple[str, str]]]:
        action, fields, radios = _form(text, path)
        values = [(name, value) for name, value in fields if not name.startswith(("q-", "k-", "c-"))]
        answers: list[tuple[str, str]] = []
        for name, options in radios.items():
            levels = [o for o in options if o.isdigit()]
            answers.append((name, levels[(len(name) + len(answers)) % len(levels)] if levels else options[0]))
        answers += [(name, "42") for name, _ in fields if name.startswith("k-")]
        if self.mode == "js" and "survey-form" in text:
            autosave = f"/s/{self.token}/save/"
            for answer in answers:
                self.request("POST", autosave, [*values, answer])
            return "GET", action, None  # every answer saved: the script opens the next page
        return "POST", action, [*values, *answers]


def _form(text: str, path: str) -> tuple[str, list[tuple[str, str]], dict[str, list[str]]]:
    """The page's main form: its action, its fields and its radio groups' options."""
    forms = [(dict(ATTR.findall(attrs)), body) for attrs, body in FORM.findall(text)]
    forms = [f for f in forms if f[0].get("method", "get").lower() == "post"]
    attrs, body = forms[-1] if forms else ({}, "")
    fields: list[tuple[str, str]] = []
    radios: dict[str, list[str]] = {}
    for tag, raw in INPUT.findall(body):
        a = {k: html.unescape(v) for k, v in ATTR.findall(raw)}
        name = a.get("name")
        if not name:
            continue
        if a.get("type") == "radio":
            radios.setdefault(name, []).append(a.get("value", ""))
        elif tag != "button" and a.get("type") != "submit":
            fields.append((name, a.get("value", "")))
        else:
            fields.append((name, a.get("value", "")))
    return urllib.parse.urlsplit(html.unescape(attrs.get("action") or path)).path, fields, radios


def _run_journeys(port: int, tokens: list[str], mode: str) -> tuple[Tally, float]:
    tally = Tally()
    queue = list(tokens)
    lock = threading.Lock()

    def client() -> None:
        while True:
            with lock:
                if not queue:
                    return
                token = queue.pop()
            journey = Journey(port, token, mode)
            try:
                journey.run()
            except (OSError, http.client.HTTPException, IndexError) as exc:
                journey.errors.append(f"{type(exc).__name__}: {exc}")
            tally.add(journey.requests, journey.html_bytes, journey.page_gets, journey.errors)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - start


def _serve(env: dict[str, str], var_dir: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    log = open(Path(var_dir) / "gunicorn.log", "wb")  # noqa: SIM115
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "opsassess.wsgi", "-b", f"127.0.0.1:{port}",
                               "--workers", "2", "--keep-alive", "5", "--log-level", "warning"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit("gunicorn did not start; see " + str(Path(var_dir) / "gunicorn.log"))


def _measure(port: int, master: int, spec: dict, mode: str, journeys: int, warmup: int) -> dict:
    tokens = spec["tokens"]
    warm, measured = tokens[:warmup], tokens[warmup:warmup + journeys]
    _run_journeys(port, warm, mode)  # both workers load code, templates and the plan
    before = _workers_cpu_s(master)
    tally, elapsed = _run_journeys(port, measured, mode)
    cpu = _workers_cpu_s(master) - before
    n = len(measured)
    return {
        "questions": spec["questions"],
        "journeys": n,
        "journeys_per_s": round(n / elapsed, 2),
        "server_cpu_ms_per_response": round(1000 * cpu / n, 1),
        "requests_per_response": round(tally.requests / n, 1),
        "html_kb_per_response": round(tally.html_bytes / n / 1024, 1),
        "page_get_ms_p50": round(1000 * statistics.median(tally.page_get_s), 1) if tally.page_get_s else None,
        "errors": len(tally.errors),
        "error_examples": tally.errors[:3],
    }


def _page_cost(port: int, master: int, token: str, requests: int = 1000) -> dict:
    """Server CPU of one page GET, going round every page of a started response."""
    journey = Journey(port, token, "forms")
    path, text = journey.follow("GET", f"/s/{token}/")
    journey.follow(*journey._next_step(path, text))  # choose the role: page 1
    pages = int(re.search(r"Page 1 of (\d+)", journey.request("GET", f"/s/{token}/p/1/")[2]).group(1))
    before = _workers_cpu_s(master)
    for i in range(requests):
        journey.request("GET", f"/s/{token}/p/{1 + i % pages}/")
    cpu = _workers_cpu_s(master) - before
    journey.conn.close()
    return {"pages": pages, "server_cpu_ms_per_page": round(1000 * cpu / requests, 2), "errors": len(journey.errors)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--journeys", type=int, default=30, help="measured journeys per size and mode")
    parser.add_argument("--warmup", type=int, default=4)
    parser.add_argument("--modes", default="forms,js")
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="opsassess-journeys-")
    database_url = _database_url(args.database, var_dir)
    env = _env(database_url, var_dir)
    if args.database == "postgres":
        _postgres(database_url, create=True)
    sizes = {"40_questions": ["techops"], "whole_catalogue": []}
    modes = args.modes.split(",")
    server = None
    try:
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "load_catalogue", "-v0")
        _manage(env, "collectstatic", "--noinput", "-v0")
        per_run = args.warmup + args.journeys
        setup = json.loads(_manage(env, "shell", "-v0", "-c",
                                   SETUP.format(sizes=json.dumps(sizes), n=per_run * len(modes) + 1)).strip())
        server, port = _serve(env, var_dir)
        results: dict[str, dict] = {}
        for label, spec in setup.items():
            for i, mode in enumerate(modes):
                part = {**spec, "tokens": spec["tokens"][i * per_run:(i + 1) * per_run]}
                results[f"{label}_{mode}"] = _measure(port, server.pid, part, mode, args.journeys, args.warmup)
            results[f"{label}_page_get"] = _page_cost(port, server.pid, spec["tokens"][-1])
        submitted = json.loads(_manage(env, "shell", "-v0", "-c", (
            "import json; from assessments.models import Response; "
            "print(json.dumps(list(Response.objects.filter(status='submitted').values_list('assessment_id', flat=True))))")))
    finally:
        if server is not None:
            server.terminate()
            server.wait(20)
        if args.database == "postgres":
            _postgres(database_url, create=False)
    expected = per_run * len(modes) * len(setup)  # the page-cost links are started, never submitted
    print(json.dumps({"database": args.database, "workers": 2, "debug": False, **results,
                      "submitted": len(submitted), "submitted_expected": expected,
                      "lost": expected - len(submitted)}))


if __name__ == "__main__":
    main()
