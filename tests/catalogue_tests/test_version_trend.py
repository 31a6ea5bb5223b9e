"""A new catalogue version that renames and splits questions: assessments keep the
version they were answered on, and the trend across the bump still compares."""

import copy
import random

import pytest

from assessments.catalogue_schema import read_catalogue
from assessments.demo import responses_generate
from assessments.models import Assessment, CatalogueVersion
from assessments.services.catalogue import catalogue_load
from reports.context import score
from reports.scoring import compare_results
from tests.builders import make_org
from tests.catalogue_tests.test_validation import _discipline, _index, write_catalogue


def _assessment(org, version: CatalogueVersion, title: str, status: str) -> Assessment:
    assessment = Assessment.objects.create(organization=org, title=title, catalogue_version=version,
                                           target_model=version.target_models.get(), status=status)
    assessment.disciplines.set(version.disciplines.all())
    assessment.teams.set(org.teams.all())
    responses_generate(assessment, list(org.teams.all()), per_team=4, rng=random.Random(7))
    return assessment


@pytest.mark.django_db
def test_a_renamed_and_a_split_question_keep_their_area_comparable(tmp_path):
    old_version, _ = catalogue_load(catalogue=read_catalogue(write_catalogue(tmp_path, _discipline(), _index(["alpha"]))))
    doc = copy.deepcopy(_discipline())
    questions = doc["areas"][0]["questions"]
    renamed = {**questions[0], "key": "q0_0_renamed", "replaces": ["q0_0"]}
    halves = [{**questions[1], "key": f"q0_1_{half}", "text": f"Half {half}", "replaces": ["q0_1"]}
              for half in ("a", "b")]
    doc["areas"][0]["questions"] = [renamed, *halves, questions[2]]
    doc["areas"][1]["questions"].append({**questions[2], "key": "brand_new", "text": "A new practice"})
    new_version, created = catalogue_load(catalogue=read_catalogue(write_catalogue(tmp_path, doc, _index(["alpha"]))))
    assert created and new_version.number == old_version.number + 1

    org = make_org()
    before = _assessment(org, old_version, "2025", Assessment.Status.CLOSED)
    now = _assessment(org, new_version, "2026", Assessment.Status.OPEN)
    trend = compare_results(score(now), score(before))

    areas = {t.key: t for t in trend.areas}
    assert areas["alpha.area_0"].comparable and areas["alpha.area_0"].delta is not None  # renamed + split
    assert not areas["alpha.area_1"].comparable  # a new question changes what the area measures
    assert areas["alpha.area_2"].comparable
    before.refresh_from_db()
    assert before.catalogue_version == old_version  # answered on v1, stays on v1
    assert {q.key for q in before.catalogue_version.disciplines.get().areas.get(key="area_0").questions.all()} == {
        "q0_0", "q0_1", "q0_2"}
