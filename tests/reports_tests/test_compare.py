"""Assessments side by side: the figures are the ones the reports print, areas line up by
key under their discipline, the change is the newest against the oldest and only where the
questions are the same; consultants compare any of their clients' assessments, managers
only their own organisation's published results."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from assessments.demo import responses_generate
from assessments.models import AuditEvent
from assessments.services.assessments import assessment_close
from reports.context import report_document
from reports.presentation import rules
from reports.presentation.compare import CompareColumn, build_comparison
from tests.builders import make_assessment


@pytest.fixture
def rounds(org, owner, catalogue):
    """Last year's round (SysOps, DevOps) and this year's (SysOps, NetOps), both closed."""
    made = []
    for title, disciplines, seed in (("2025 round", ("sysops", "devops"), 1), ("2026 round", ("sysops", "netops"), 2)):
        assessment = make_assessment(org, created_by=owner, title=title, disciplines=disciplines)
        responses_generate(assessment, list(org.teams.all()), per_team=6, rng=random.Random(seed))
        assessment_close(assessment=assessment, actor=owner)
        made.append(assessment)
    return made


def _cells(comparison, label: str) -> tuple:
    row = next(r for r in comparison.rows if r.label == label)
    return tuple(s.text if s else None for s in row.scores), row.change_text


def test_the_figures_are_the_reports_and_areas_line_up_under_their_discipline(rounds):
    from reports.context import score

    old, new = rounds
    comparison = build_comparison([(CompareColumn(a.title, "Acme", "closed", 12), score(a)) for a in rounds])
    old_doc, new_doc = report_document(old), report_document(new)
    assert _cells(comparison, "Overall")[0] == (old_doc.verdict.overall.text, new_doc.verdict.overall.text)
    sysops = {d.name: d for d in new_doc.disciplines}["SysOps"]
    old_sysops = {d.name: d for d in old_doc.disciplines}["SysOps"]
    scores, change = _cells(comparison, "SysOps")
    assert scores == (old_sysops.score.text, sysops.score.text)
    delta = rules.difference(sysops.score.value, old_sysops.score.value)
    assert change == f"{rules.ARROWS[rules.direction(delta)]} {rules.signed_text(delta)}"
    area = sysops.areas[0]
    assert _cells(comparison, area.name)[0] == (next(a for a in old_sysops.areas if a.key == area.key).score.text,
                                               area.score.text)
    kinds = [(r.kind, r.discipline) for r in comparison.rows]
    assert kinds[0] == ("overall", "") and ("discipline", "DevOps") in kinds and ("discipline", "NetOps") in kinds
    devops = [r for r in comparison.rows if r.discipline == "DevOps"]
    assert devops[0].kind == "discipline" and all(r.kind == "area" for r in devops[1:])  # areas under it
    assert _cells(comparison, "DevOps") == ((old_doc.disciplines[1].score.text, None), "not in the last")
    assert _cells(comparison, "NetOps")[1] == "not in the first"
    assert _cells(comparison, "Overall")[1] == "not comparable"  # different disciplines


def test_the_consultant_compares_oldest_first_and_each_view_is_audited(client, owner, rounds):
    old, new = rounds
    client.force_login(owner)
    page = client.get(reverse("compare"), {"a": [new.pk, old.pk]}).content.decode()
    table = page[page.index("Side by side"):]
    assert table.index("2025 round") < table.index("2026 round")
    assert "Side by side" in page and "not in the first" in page
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED, detail="in a comparison").count() == 2
    assert "Choose at least two" in client.get(reverse("compare"), {"a": [old.pk]}, follow=True).content.decode()


def test_nobody_compares_what_they_may_not_see(client, owner, manager, outsider, rounds, other_org):
    old, new = rounds
    theirs = make_assessment(other_org, title="Globex confidential")
    for user in (owner, manager):
        client.force_login(user)
        assert client.get(reverse("compare"), {"a": [old.pk, theirs.pk]}).status_code == 404
        assert client.get(reverse("compare"), {"a": [old.pk, "1 OR 1=1"]}).status_code == 404
        assert "Globex confidential" not in client.get(reverse("compare")).content.decode()
    client.force_login(outsider)
    assert client.get(reverse("compare"), {"a": [old.pk, new.pk]}).status_code == 404


def test_a_manager_compares_the_published_results(client, manager, rounds, owner, org):
    old, new = rounds
    open_one = make_assessment(org, created_by=owner, title="2027 round")  # open, nothing published
    client.force_login(manager)
    page = client.get(reverse("compare"), {"a": [old.pk, new.pk, open_one.pk]}).content.decode()
    assert "published results (publication 1)" in page and "no results published yet" in page
    assert "live answers" not in page
    assert "not in the last" not in page  # the newest has no results: no change is claimed
