"""The validator names file, key path and problem, and loads nothing on error."""

import copy
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from assessments.catalogue_schema import CatalogueError, area_fingerprint, read_catalogue
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


def _with_guidance(doc: dict) -> dict:
    question = doc["areas"][0]["questions"][0]
    question.pop("help")
    question.update({
        "why": "Outages last longer without it.",
        "evidence": "The runbook index.",
        "references": ["src"],
        "mitigates": ["risk_0"],
        "improve": {level: [{"action": f"Write runbook {level}", "effort": "S", "owner": "team lead"}]
                    for level in (1, 2, 3, 4)},
    })
    doc["schema"] = 2
    doc["sources"][0]["year"] = 2024
    return doc


def test_guidance_is_read_with_improvement_actions_keyed_by_level(tmp_path):
    catalogue = read_catalogue(write_catalogue(tmp_path, _with_guidance(_discipline())))
    question = catalogue.disciplines[0]["areas"][0]["questions"][0]
    assert question["improve"]["3"] == [{"action": "Write runbook 3", "effort": "S", "owner": "team lead"}]
    assert (question["why"], question["evidence"], question["references"], question["mitigates"]) == (
        "Outages last longer without it.", "The runbook index.", ["src"], ["risk_0"])


def test_it_names_each_bad_guidance_field(tmp_path):
    doc = _with_guidance(_discipline())
    question = doc["areas"][0]["questions"][0]
    question["improve"][5] = [{"action": "Nothing above five", "effort": "S", "owner": "team lead"}]
    question["improve"][2] = [{"action": "Do it", "effort": "XL", "owner": "the intern"}]
    question["references"] = ["hearsay"]
    question["mitigates"] = ["risk_9"]
    assert problems_for(tmp_path, doc) == [
        "alpha.yaml: areas[area_0].questions[q0_0].references: unknown source id 'hearsay'",
        "alpha.yaml: areas[area_0].questions[q0_0].mitigates: unknown risk key 'risk_9'",
        "alpha.yaml: areas[area_0].questions[q0_0].improve.2[0].effort: must be one of S, M, L, found 'XL'",
        "alpha.yaml: areas[area_0].questions[q0_0].improve.2[0].owner: must be one of team lead, engineer, platform "
        "engineer, SRE, security, network engineer, service owner, architect, management, ML engineer, compliance, "
        "FinOps, found 'the intern'",
        "alpha.yaml: areas[area_0].questions[q0_0].improve.5: must be a level from 1 to 4 (actions that reach the "
        "next level), found 5",
    ]


def test_schema_2_kpi_thresholds_name_a_dated_source_or_a_heuristic(tmp_path):
    doc = _with_guidance(_discipline())
    del doc["sources"][0]["year"]
    doc["kpis"][1]["heuristic"] = "No survey publishes restore-time bands; these follow common on-call SLOs."
    problems = problems_for(tmp_path, doc)
    assert problems == [
        "alpha.yaml: kpis[uptime].source: 'src' has no `year`: a band threshold names the document and year that "
        "define it, or the KPI says `heuristic:` with its rationale",
        "alpha.yaml: kpis[patching].source: 'src' has no `year`: a band threshold names the document and year that "
        "define it, or the KPI says `heuristic:` with its rationale",
    ]


def test_a_split_question_keeps_the_area_comparable(tmp_path):
    first = read_catalogue(write_catalogue(tmp_path))
    doc = _discipline()
    old = doc["areas"][0]["questions"].pop(0)
    doc["areas"][0]["questions"] += [{**old, "key": "q0_0_a", "replaces": ["q0_0"]},
                                     {**old, "key": "q0_0_b", "replaces": ["q0_0"]}]
    second = read_catalogue(write_catalogue(tmp_path, doc))
    fingerprints = [area_fingerprint(c.disciplines[0]["areas"][0]) for c in (first, second)]
    assert fingerprints[0] == fingerprints[1]
    doc["areas"][0]["questions"].append({**old, "key": "brand_new"})
    third = read_catalogue(write_catalogue(tmp_path, doc))
    assert area_fingerprint(third.disciplines[0]["areas"][0]) != fingerprints[0]
