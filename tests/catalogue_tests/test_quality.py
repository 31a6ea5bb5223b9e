"""`check_catalogue`: the quality figures, and the hard errors that fail CI."""

import copy

import pytest
from django.core.management import CommandError, call_command

from assessments.catalogue_quality import has_guidance, is_multi_barrelled, near_duplicates, target_relations
from assessments.catalogue_schema import read_catalogue
from tests.catalogue_tests.test_validation import _discipline, _index, _with_guidance, write_catalogue


def test_the_shipped_catalogue_passes_its_quality_check(capsys):
    call_command("check_catalogue")
    out = capsys.readouterr().out
    assert "questions without guidance: 0" in out
    assert "without a dated source or heuristic: 0" in out
    assert "near-duplicate pairs across disciplines (similarity >= 0.85): 0" in out
    share = float(out.split("multi-barrelled candidates: ")[1].split("(")[1].split("%")[0])
    assert share < 5.0


def test_a_question_without_guidance_fails_the_check(tmp_path):
    write_catalogue(tmp_path, _with_guidance(_discipline()))
    with pytest.raises(CommandError, match=r"no guidance \(why, evidence, improve 1-4\): alpha.area_0.q0_1"):
        call_command("check_catalogue", "--dir", str(tmp_path))


def test_guidance_needs_why_evidence_and_actions_for_levels_one_to_four():
    question = _with_guidance(_discipline())["areas"][0]["questions"][0]
    full = {**question, "improve": {str(k): v for k, v in question["improve"].items()}}
    assert has_guidance(full)
    assert not has_guidance({**full, "improve": {k: v for k, v in full["improve"].items() if k != "4"}})
    assert not has_guidance({**full, "why": ""})


def test_one_practice_phrases_are_not_multi_barrelled():
    assert is_multi_barrelled("Changes are reviewed and tested before release.")
    assert is_multi_barrelled("Alerts page a human; tickets go to a queue.")
    assert not is_multi_barrelled("Monitoring and alerting cover every production host.")


def test_the_same_question_in_two_disciplines_is_a_near_duplicate(tmp_path):
    alpha = _discipline("alpha")
    beta = copy.deepcopy(_discipline("beta"))
    words = ["Firewall rules", "Runbooks", "Backups", "Certificates"]
    for area, word in zip(beta["areas"], words, strict=True):
        for n, question in enumerate(area["questions"]):
            question["text"] = f"{word} are reviewed by {['peers', 'auditors', 'owners'][n]} every quarter."
    beta["areas"][1]["questions"][0]["text"] = "Statement q0_0."  # alpha's q0_0, reworded by a full stop
    (tmp_path / "beta.yaml").write_text(__import__("yaml").safe_dump(beta))
    write_catalogue(tmp_path, alpha, _index(["alpha", "beta"]))
    pairs = near_duplicates(read_catalogue(tmp_path))
    assert pairs[0][1:] == ("alpha.area_0.q0_0", "beta.area_1.q1_0")  # the closest pair first
    assert {b for _, _, b in pairs} == {"beta.area_1.q1_0"}  # beta's distinct questions are not flagged


def test_a_regulated_model_below_the_baseline_on_a_security_area_breaks_a_relation(tmp_path):
    index = _index(["alpha"])
    index["target_models"].append({"key": "balanced_baseline", "name": "Baseline", "default": 3})
    index["target_models"].append({"key": "regulated_enterprise", "name": "Regulated", "default": 3,
                                   "disciplines": {"alpha": {"areas": {"area_1": 2}}}})
    doc = _discipline()
    doc["areas"][1]["name"] = "Incident response"
    catalogue = read_catalogue(write_catalogue(tmp_path, doc, index))
    assert target_relations(catalogue) == [
        "target model regulated_enterprise is below balanced_baseline on alpha.area_1 (2 < 3): a regulated "
        "organisation never aims lower on security, recovery, incident and compliance areas"]
