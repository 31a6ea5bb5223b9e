"""The shipped catalogue holds what the product promises consultants."""

import json

import pytest
from django.core.management import call_command

from assessments.catalogue_schema import read_catalogue

IN_DEPTH = {"sysops", "devops", "netops", "techops"}
ALSO = {"secops", "devsecops", "cloudops", "aiops", "edgeops", "netsecops"}


@pytest.fixture(scope="module")
def shipped():
    return read_catalogue()


def test_it_ships_every_promised_discipline(shipped):
    assert {d["key"] for d in shipped.disciplines} == IN_DEPTH | ALSO


@pytest.mark.parametrize("key", sorted(IN_DEPTH))
def test_in_depth_disciplines_have_six_areas_of_three_questions(shipped, key):
    discipline = next(d for d in shipped.disciplines if d["key"] == key)
    assert len(discipline["areas"]) >= 6
    assert all(len(area["questions"]) >= 3 for area in discipline["areas"])


@pytest.mark.parametrize("key", sorted(ALSO))
def test_other_disciplines_have_four_areas_and_ten_questions(shipped, key):
    discipline = next(d for d in shipped.disciplines if d["key"] == key)
    assert len(discipline["areas"]) >= 4
    assert sum(len(area["questions"]) for area in discipline["areas"]) >= 10


def test_every_discipline_has_cited_kpis_and_risks_linked_to_areas(shipped):
    for discipline in shipped.disciplines:
        assert len(discipline["kpis"]) >= 3, discipline["key"]
        assert all(kpi["source"]["title"] for kpi in discipline["kpis"]), discipline["key"]
        assert len(discipline["risks"]) >= 3, discipline["key"]
        assert all(risk["areas"] for risk in discipline["risks"]), discipline["key"]


def test_devops_kpis_are_doras_four_keys_with_four_clusters(shipped):
    devops = next(d for d in shipped.disciplines if d["key"] == "devops")
    dora = [k for k in devops["kpis"] if "dora" in k["source"]["id"].lower() or "DORA" in k["source"]["title"]]
    assert len(dora) >= 4
    assert all(len(k["bands"]) == 4 for k in dora)


def test_every_level_is_anchored_from_initial_to_optimising(shipped):
    names = ("Initial", "Repeatable", "Defined", "Measured", "Optimising")
    for discipline in shipped.disciplines:
        for area in discipline["areas"]:
            for question in area["questions"]:
                assert [level.split(":")[0] for level in question["levels"]] == list(names), question["key"]


def test_there_are_three_target_models_with_a_level_for_every_area(shipped):
    all_areas = {f"{d['key']}.{a['key']}" for d in shipped.disciplines for a in d["areas"]}
    assert len(shipped.target_models) >= 3
    for model in shipped.target_models:
        assert set(model["targets"]) == all_areas
        assert all(1 <= level <= 5 for level in model["targets"].values())


@pytest.mark.django_db
def test_export_round_trips_every_field_of_the_shipped_catalogue(capsys, shipped):
    call_command("load_catalogue", verbosity=0)
    capsys.readouterr()
    call_command("export_catalogue")
    exported = json.loads(capsys.readouterr().out)
    assert set(exported) == {"version", "disciplines", "target_models"}
    question_fields = ("key", "text", "why", "evidence", "levels", "improve", "references", "mitigates", "replaces")
    for source, out in zip(shipped.disciplines, exported["disciplines"], strict=True):
        assert set(out) == {"key", "name", "areas", "kpis", "risks"}
        for area, out_area in zip(source["areas"], out["areas"], strict=True):
            assert [{f: q[f] for f in question_fields} for q in area["questions"]] == out_area["questions"]
        assert [(k["key"], k["aka"], k["bands"], k["source"], k["heuristic"]) for k in source["kpis"]] == [
            (k["key"], k["aka"], k["bands"], k["source"], k["heuristic"]) for k in out["kpis"]]
        assert [(r["key"], r["severity"], r["owner"], sorted(r["areas"])) for r in source["risks"]] == [
            (r["key"], r["severity"], r["owner"], sorted(r["areas"])) for r in out["risks"]]
    for source, out in zip(shipped.target_models, exported["target_models"], strict=True):
        assert (source["key"], source["description"], source["rationale"], source["targets"]) == (
            out["key"], out["description"], out["rationale"], out["targets"])
