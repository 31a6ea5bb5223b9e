"""A closed assessment is scored once: its result is stored when it closes, read back by
the results page, exports and reports, and discarded when it reopens."""

import json

import pytest
from django.urls import reverse

from assessments.services.assessments import assessment_close, assessment_open
from reports import results_store
from reports.models import Report, StoredResult
from reports.scoring.serialize import ENGINE_VERSION, result_from_json, result_to_json
from reports.services import report_build, report_request


def _never_scored(monkeypatch):
    def refuse(assessment):
        raise AssertionError("a closed assessment was scored again")

    monkeypatch.setattr(results_store, "compute", refuse)


@pytest.mark.django_db
def test_closing_stores_the_result_and_pages_and_exports_read_it(client, owner, answered, monkeypatch):
    fresh = results_store.compute(answered)
    assessment_close(assessment=answered, actor=owner)
    stored = StoredResult.objects.get(assessment=answered)
    assert stored.engine_version == ENGINE_VERSION
    assert result_from_json(stored.payload) == fresh

    _never_scored(monkeypatch)
    client.force_login(owner)
    for name, args in (("results", [answered.pk]), ("results_export", [answered.pk, "json"]),
                       ("results_export", [answered.pk, "csv"]), ("roadmap_csv", [answered.pk])):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    exported = json.loads(client.get(reverse("results_export", args=[answered.pk, "json"])).content)
    assert exported["result"]["overall"]["mean"] == fresh.overall.mean


@pytest.mark.django_db
def test_reopening_discards_the_stored_result(owner, answered):
    assessment_close(assessment=answered, actor=owner)
    assessment_open(assessment=answered, actor=owner)
    assert not StoredResult.objects.filter(assessment=answered).exists()


@pytest.mark.django_db
def test_a_stored_result_of_another_engine_version_is_scored_again(owner, answered):
    assessment_close(assessment=answered, actor=owner)
    StoredResult.objects.filter(assessment=answered).update(engine_version="old", payload={})
    assert results_store.assessment_result(answered) == results_store.compute(answered)


@pytest.mark.django_db
def test_a_report_keeps_the_result_it_was_built_from(owner, answered):
    report = report_build(report_id=report_request(assessment=answered, user=owner).pk)
    assert report.status == Report.Status.DONE
    assert report.engine_version == ENGINE_VERSION
    assert result_from_json(report.result) == results_store.compute(answered)


def test_a_result_survives_json_unchanged():
    from reports.scoring import score_assessment
    from tests.reports_tests.test_pdf import assessment_data

    result = score_assessment(assessment_data())
    assert result_from_json(json.loads(json.dumps(result_to_json(result)))) == result
