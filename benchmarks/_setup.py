"""Shared set-up for the benchmarks: Django on a throw-away test database.

The database is the one DATABASE_URL names (SQLite by default), with Django's test
prefix, created for the run and dropped after it; the dev database is never touched.
"""

import os
import random
import resource
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsassess.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")


def django_setup() -> None:
    import django

    django.setup()


@contextmanager
def test_database() -> Iterator[None]:
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def synthetic_catalogue(disciplines: int = 10, areas: int = 6, questions: int = 5, label: str = "bench") -> Path:
    """A catalogue of disciplines x areas x questions (default 300 questions)."""
    folder = Path(tempfile.mkdtemp(prefix="opsassess-bench-"))
    keys = [f"d{i}" for i in range(disciplines)]
    for key in keys:
        doc = {
            "schema": 1, "key": key, "name": f"Discipline {key}", "order": 1,
            "sources": [{"id": "s", "title": "Synthetic", "url": ""}],
            "areas": [{"key": f"a{a}", "name": f"Area {a}", "weight": 1.0 + (a % 3) * 0.25,
                       "questions": [{"key": f"q{q}", "text": f"Statement {q}", "help": "",
                                      "levels": [f"Level {n}: practice {n}" for n in range(1, 6)]}
                                     for q in range(questions)]}
                      for a in range(areas)],
            "kpis": [{"key": f"k{k}", "name": f"KPI {k}", "unit": "%", "higher_is_better": True, "range": [0, 100],
                      "source": "s", "bands": [{"name": "Elite", "min": 90}, {"name": "High", "min": 70},
                                               {"name": "Medium", "min": 50}, {"name": "Low"}]} for k in range(3)],
            "risks": [{"key": f"r{r}", "text": "Risk", "severity": "high", "areas": [f"a{r}"], "source": "s"}
                      for r in range(3)],
        }
        (folder / f"{key}.yaml").write_text(yaml.safe_dump(doc))
    index = {"version": label, "disciplines": keys,
             "target_models": [{"key": "balanced_baseline", "name": "Baseline", "default": 3}]}
    (folder / "catalogue.yaml").write_text(yaml.safe_dump(index))
    return folder


def synthetic_assessment(respondents: int, teams: int = 20, seed: int = 7, shape: tuple[int, int, int] = (10, 6, 5)):
    """An open assessment over a synthetic catalogue of `shape` (disciplines, areas,
    questions per area) with `respondents` submitted responses."""
    from django.core.management import call_command

    from assessments.demo import responses_generate
    from assessments.models import Assessment, CatalogueVersion, Organization, Team

    label = "bench-" + "x".join(map(str, shape))
    version = CatalogueVersion.objects.filter(label=label).first()
    if version is None:
        call_command("load_catalogue", "--dir", str(synthetic_catalogue(*shape, label=label)), verbosity=0)
        version = CatalogueVersion.objects.get(label=label)
    org = Organization.objects.create(name=f"Bench {respondents} {label}")
    team_rows = [Team.objects.create(organization=org, name=f"Team {t:02d}") for t in range(teams)]
    assessment = Assessment.objects.create(organization=org, title="Bench", catalogue_version=version,
                                           target_model=version.target_models.get(), status=Assessment.Status.OPEN)
    assessment.disciplines.set(version.disciplines.all())
    assessment.teams.set(team_rows)
    per_team = max(1, respondents // teams)
    responses_generate(assessment, team_rows, per_team=per_team, rng=random.Random(seed))
    return assessment
