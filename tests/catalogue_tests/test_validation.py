"""The validator names file, key path and problem, and loads nothing on error."""

import copy
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from assessments.catalogue_schema import CatalogueError, read_catalogue
from assessments.models import CatalogueVersion, Question


def _question(key: str) -> dict:
    return {
        "key": key,
        "text": f"Statement {key}",
        "help": "Think of the last quarter.",
        "levels": [f"Level {n}: behaviour {n}" for n in range(1, 6)],
    }


def _discipline(key: str = "alpha") -> dict:
    areas = [
        {"key": f"area_{i}", "name": f"Area {i}", "weight": 1.0, "sources": ["src"],
         "questions": [_question(f"q{i}_{j}") for j in range(3)]}
        for i in range(4)
    ]
    kpi = {"key": "uptime", "name": "Uptime", "unit": "%", "higher_is_better": True, "range": [0, 100],
           "source": "src", "bands": [{"name": "Elite", "min": 99.9}, {"name": "High", "min": 99}, {"name": "Low"}]}
    return {
        "schema": 1, "key": key, "name": key.title(), "order": 1,
        "sources": [{"id": "src", "title": "A cited framework", "url": "https://example.org"}],
        "areas": areas,
        "kpis": [kpi, {**kpi, "key": "mttr", "higher_is_better": False,
                       "bands": [{"name": "Elite", "max": 1}, {"name": "High", "max": 24}, {"name": "Low"}]},
                 {**kpi, "key": "patching"}],
        "risks": [{"key": f"risk_{i}", "text": "Outage", "severity": "high", "areas": ["area_0"], "source": "src"}
                  for i in range(3)],
    }


def _index(disciplines: list[str]) -> dict:
    return {
        "version": "test",
        "disciplines": disciplines,
        "target_models": [{"key": "baseline", "name": "Baseline", "default": 3,
                           "disciplines": {"alpha": {"default": 3, "areas": {"area_0": 4}}}}],
    }


def write_catalogue(folder: Path, discipline: dict | None = None, index: dict | None = None) -> Path:
    discipline = discipline or _discipline()
    (folder / f"{discipline['key']}.yaml").write_text(yaml.safe_dump(discipline))
    (folder / "catalogue.yaml").write_text(yaml.safe_dump(index or _index([discipline["key"]])))
    return folder


def problems_for(tmp_path: Path, discipline: dict | None = None, index: dict | None = None) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(write_catalogue(tmp_path, discipline, index))
    return caught.value.problems


def test_a_valid_catalogue_reads_with_targets_for_every_area(tmp_path):
    catalogue = read_catalogue(write_catalogue(tmp_path))
    targets = catalogue.target_models[0]["targets"]
    assert targets == {"alpha.area_0": 4, "alpha.area_1": 3, "alpha.area_2": 3, "alpha.area_3": 3}


def test_it_names_file_path_and_problem_for_a_wrong_number_of_levels(tmp_path):
    doc = _discipline()
    doc["areas"][1]["questions"][2]["levels"].pop()
    assert problems_for(tmp_path, doc) == [
        "alpha.yaml: areas[area_1].questions[q1_2].levels: expected 5 level descriptions, found 4"
    ]


def test_it_rejects_an_unknown_area_in_a_target_model(tmp_path):
    index = _index(["alpha"])
    index["target_models"][0]["disciplines"]["alpha"]["areas"]["nowhere"] = 4
    assert problems_for(tmp_path, index=index) == [
        "catalogue.yaml: target_models[baseline].disciplines.alpha.areas.nowhere: unknown area 'nowhere' in discipline 'alpha'"
    ]


def test_it_rejects_duplicate_keys(tmp_path):
    doc = _discipline()
    doc["areas"][2]["questions"][1]["key"] = "q2_0"
    doc["areas"][3]["key"] = "area_0"
    assert problems_for(tmp_path, doc) == [
        "alpha.yaml: areas[area_0]: duplicate key 'area_0'",
        "alpha.yaml: areas[area_2].questions[q2_0]: duplicate key 'q2_0'",
    ]


def test_it_rejects_a_kpi_without_a_source(tmp_path):
    doc = _discipline()
    del doc["kpis"][1]["source"]
    assert problems_for(tmp_path, doc) == ["alpha.yaml: kpis[mttr].source: is missing: every KPI and risk cites a source"]


def test_it_rejects_a_citation_of_an_undeclared_source(tmp_path):
    doc = _discipline()
    doc["risks"][0]["source"] = "folklore"
    assert problems_for(tmp_path, doc) == [
        "alpha.yaml: risks[risk_0].source: cites 'folklore', which is not declared under sources"
    ]


def test_it_rejects_bands_out_of_order_and_risks_on_unknown_areas(tmp_path):
    doc = _discipline()
    doc["kpis"][0]["bands"] = [{"name": "Elite", "min": 99}, {"name": "High", "min": 99.9}, {"name": "Low"}]
    doc["risks"][1]["areas"] = ["area_9"]
    assert problems_for(tmp_path, doc) == [
        "alpha.yaml: kpis[uptime].bands[1].min: bands must go from best to worst",
        "alpha.yaml: risks[risk_1].areas: unknown area 'area_9'",
    ]


def test_it_reports_broken_yaml_with_the_file_name(tmp_path):
    write_catalogue(tmp_path)
    (tmp_path / "alpha.yaml").write_text("key: [unclosed\n")
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(tmp_path)
    assert caught.value.problems[0].startswith("alpha.yaml: not valid YAML:")


@pytest.mark.django_db
def test_an_invalid_catalogue_loads_nothing(tmp_path):
    doc = _discipline()
    doc["areas"][0]["questions"][0]["levels"] = ["only one"]
    write_catalogue(tmp_path, doc)
    with pytest.raises(CommandError, match=r"areas\[area_0\]\.questions\[q0_0\]\.levels"):
        call_command("load_catalogue", "--dir", str(tmp_path))
    assert not CatalogueVersion.objects.exists()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_reloading_the_same_catalogue_changes_nothing(tmp_path):
    write_catalogue(tmp_path)
    call_command("load_catalogue", "--dir", str(tmp_path), verbosity=0)
    call_command("load_catalogue", "--dir", str(tmp_path), verbosity=0)
    assert CatalogueVersion.objects.count() == 1
    assert Question.objects.count() == 12


@pytest.mark.django_db
def test_a_changed_catalogue_becomes_a_new_version_and_old_rows_stay(tmp_path):
    write_catalogue(tmp_path)
    call_command("load_catalogue", "--dir", str(tmp_path), verbosity=0)
    first = CatalogueVersion.latest()
    doc = copy.deepcopy(_discipline())
    doc["areas"][0]["questions"][0]["text"] = "Reworded statement"
    write_catalogue(tmp_path, doc)
    call_command("load_catalogue", "--dir", str(tmp_path), verbosity=0)
    second = CatalogueVersion.latest()
    assert (first.number, second.number) == (1, 2)
    assert Question.objects.filter(area__discipline__version=first, text="Statement q0_0").exists()
    assert Question.objects.filter(area__discipline__version=second, text="Reworded statement").exists()
    # Rewording keeps the area's fingerprint, so trends stay comparable.
    assert first.disciplines.get().areas.get(key="area_0").fingerprint == second.disciplines.get().areas.get(
        key="area_0"
    ).fingerprint
