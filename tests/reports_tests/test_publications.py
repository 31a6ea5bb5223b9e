"""Managers see publications, never the live answers: one more submission changes nothing
they can fetch, and no group under k can be computed by subtracting what they see."""

import random
import re

import numpy as np
import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.demo import responses_generate
from assessments.models import Response
from assessments.services.assessments import assessment_close
from assessments.services.survey import response_submit
from reports.models import Publication, Report
from reports.scoring.privacy import Release, plan_release
from reports.services import report_build, report_request

K = 5  # the default OPSASSESS_MIN_GROUP_SIZE


def _artefacts(client, assessment) -> dict[str, tuple[int, bytes]]:
    """Everything a manager can fetch about the assessment, with the per-request tokens blanked."""
    pk = assessment.pk
    urls = [reverse("home"), reverse("assessment_detail", args=[pk]), reverse("assessment_progress", args=[pk]),
            reverse("results", args=[pk]), reverse("results_export", args=[pk, "json"]),
            reverse("results_export", args=[pk, "csv"]), reverse("roadmap_csv", args=[pk]),
            reverse("report_list", args=[pk])]
    fetched = {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        body = re.sub(rb'(name="csrfmiddlewaretoken" value=")[^"]+', rb"\1", body)
        body = re.sub(rb'nonce="[^"]+"', b"", body)
        fetched[url] = (response.status_code, body)
    return fetched


def _draft(assessment, team) -> Response:
    """One more respondent (an engineer of `team`, invited and answering), not yet submitted."""
    (response,) = responses_generate(assessment, [team], per_team=1, rng=random.Random(), submitted=False)
    return response


def _submit(response: Response, django_capture_on_commit_callbacks) -> None:
    """Submit through the survey's service, so that everything a real submission sets off
    runs, after commit as in production."""
    with django_capture_on_commit_callbacks(execute=True):
        response_submit(response=response)


def _submit_one(assessment, team, django_capture_on_commit_callbacks) -> None:
    _submit(_draft(assessment, team), django_capture_on_commit_callbacks)


@pytest.fixture
def platform(assessment):
    return assessment.organization.teams.get(name="Platform")


@pytest.mark.parametrize("before", [K - 1, 12])
def test_one_more_submission_changes_nothing_a_manager_can_fetch(
        client, manager, assessment, platform, before, django_capture_on_commit_callbacks):
    if before:
        responses_generate(assessment, [platform], per_team=before, rng=random.Random(5))
    draft = _draft(assessment, platform)
    client.force_login(manager)
    first = _artefacts(client, assessment)

    _submit(draft, django_capture_on_commit_callbacks)

    second = _artefacts(client, assessment)
    assert Response.objects.filter(assessment=assessment, status="submitted").count() == before + 1
    progress = {reverse("home"), reverse("assessment_detail", args=[assessment.pk]),
                reverse("assessment_progress", args=[assessment.pk])}
    for url, fetched in first.items():
        if url in progress and (before + 1) % K == 0:
            # Counts move in steps of k: the k-th submission turns "fewer than 5" into "at least 5",
            # which says that five people answered, and nothing of what any of them answered.
            assert second[url] != fetched
            assert _without_counts(second[url][1]) == _without_counts(fetched[1]), url
        else:
            assert second[url] == fetched, f"{url} changed after one submission"


def _without_counts(body: bytes) -> bytes:
    body = re.sub(rb"(fewer than|at least) \d+", b"N", body, flags=re.IGNORECASE)
    body = re.sub(rb'aria-valuenow="\d+"|width: \d+%|"(submitted|started|percent)": \d+', b"", body)
    return body


def test_interim_publications_come_k_new_responses_at_a_time(
        client, manager, assessment, platform, django_capture_on_commit_callbacks):
    assessment.interim_results = True
    assessment.save(update_fields=["interim_results"])
    client.force_login(manager)
    changes = []
    for n in range(1, 13):
        draft = _draft(assessment, platform)
        seen = _artefacts(client, assessment)
        _submit(draft, django_capture_on_commit_callbacks)
        if _artefacts(client, assessment) != seen:
            changes.append(n)
    # One team, one role: published at 5 (the first k) and at 10 (k more), and never between.
    assert changes == [5, 10]
    assert list(Publication.objects.filter(assessment=assessment).order_by("number").values_list(
        "respondents", flat=True)) == [5, 10]
    results = client.get(reverse("results_export", args=[assessment.pk, "json"])).json()
    assert results["result"]["respondent_count"] == 10  # the 11th and 12th wait for three more


def test_closing_with_fewer_than_k_new_keeps_them_out_of_the_managers_view(
        client, manager, owner, assessment, platform, django_capture_on_commit_callbacks):
    assessment.interim_results = True
    assessment.save(update_fields=["interim_results"])
    for _ in range(7):
        _submit_one(assessment, platform, django_capture_on_commit_callbacks)
    assert Publication.objects.filter(assessment=assessment).count() == 1  # the first 5

    assessment_close(assessment=assessment, actor=owner)

    # Publishing the last two now would let a manager subtract publication 1 from it.
    assert Publication.objects.filter(assessment=assessment).count() == 1
    client.force_login(manager)
    assert client.get(reverse("results_export", args=[assessment.pk, "json"])).json()["result"]["respondent_count"] == 5
    client.force_login(owner)
    page = client.get(reverse("results", args=[assessment.pk])).content.decode()
    assert "2 submitted responses are in no publication yet" in page
    assert "Managers see publication 1" in page


def test_without_interim_results_the_whole_round_is_published_once_on_closing(
        client, manager, owner, assessment, django_capture_on_commit_callbacks):
    responses_generate(assessment, list(assessment.organization.teams.all()), per_team=6, rng=random.Random(2))
    client.force_login(manager)
    assert "No results are published yet" in client.get(reverse("results", args=[assessment.pk])).content.decode()
    assert client.get(reverse("results_export", args=[assessment.pk, "json"])).status_code == 404

    assessment_close(assessment=assessment, actor=owner)

    publication = Publication.objects.get(assessment=assessment)
    assert (publication.number, publication.respondents, publication.reason) == (1, 12, "closed")
    assert client.get(reverse("results_export", args=[assessment.pk, "json"])).json()["result"]["respondent_count"] == 12


def test_a_closed_round_too_small_to_publish_shows_managers_nothing(client, manager, owner, assessment, platform):
    responses_generate(assessment, [platform], per_team=K - 1, rng=random.Random(3))
    assessment_close(assessment=assessment, actor=owner)
    assert not Publication.objects.filter(assessment=assessment).exists()
    client.force_login(manager)
    page = client.get(reverse("results", args=[assessment.pk])).content.decode()
    assert "Fewer responses were submitted than can be shown without singling anyone out" in page


def test_a_consultants_report_of_the_live_answers_never_reaches_a_manager(client, owner, manager, assessment,
                                                                          platform):
    responses_generate(assessment, [platform], per_team=6, rng=random.Random(4))
    live = report_build(report_id=report_request(assessment=assessment, user=owner).pk)
    assert live.publication is None
    client.force_login(manager)
    assert f"report-{live.pk}" not in client.get(reverse("report_list", args=[assessment.pk])).content.decode()
    for name in ("report_download", "report_status"):
        assert client.get(reverse(name, args=[live.pk])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("report_download", args=[live.pk])).status_code == 200


def test_a_manager_builds_reports_of_the_publication(client, owner, manager, assessment, platform):
    responses_generate(assessment, [platform], per_team=6, rng=random.Random(4))
    assessment_close(assessment=assessment, actor=owner)
    client.force_login(manager)
    client.post(reverse("report_create", args=[assessment.pk]))
    report = Report.objects.get(assessment=assessment)
    assert report.publication == Publication.objects.get(assessment=assessment)
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 200


# --- the rule itself, against attacks computed independently -----------------------------------

TEAMS, ROLES = ("a", "b", "c"), ("engineer", "lead", "")


def _published_sets(responses: list[tuple[str, str, int | None]], history: list[Release]) -> list[set[int]]:
    """Every set of responses whose sum some publication shows: the whole, each shown team, each
    shown role, and the hidden teams (or roles) taken together, which subtraction gives."""
    sets = []
    for release in history:
        members = {i for i, (_, _, first) in enumerate(responses) if first is not None and first <= release.number}
        sets.append(members)
        for team in release.teams:
            sets.append({i for i in members if responses[i][0] == team})
        for role in release.roles or ():
            sets.append({i for i in members if responses[i][1] == role})
    return [s for s in sets if s]


def _atoms(n: int, sets: list[set[int]]) -> dict[tuple, list[int]]:
    atoms: dict[tuple, list[int]] = {}
    for i in range(n):
        atoms.setdefault(tuple(i in s for s in sets), []).append(i)
    return atoms


@settings(max_examples=150, deadline=None)
@given(arrivals=st.lists(st.tuples(st.sampled_from(TEAMS), st.sampled_from(ROLES)), min_size=1, max_size=40),
       every=st.integers(min_value=1, max_value=9), k=st.integers(min_value=2, max_value=5))
def test_no_sequence_of_publications_lets_anyone_single_out_a_response(arrivals, every, k):
    """Responses arrive in some order; a publication is attempted after every `every`
    arrivals and at the end. Whatever is published, no response can be isolated from what
    all the publications show together, and every group the sums separate holds k or more."""
    responses: list[list] = []
    history: list[Release] = []

    def attempt() -> None:
        published: dict = {}
        pending: dict = {}
        for team, role, first in responses:
            if first is None:
                pending[(team, role)] = pending.get((team, role), 0) + 1
            else:
                published[(team, role, first)] = published.get((team, role, first), 0) + 1
        plan = plan_release(published, pending, history, k)
        if plan is None:
            return
        for response in responses:
            if response[2] is None and (response[0], response[1]) in plan.cells:
                response[2] = plan.release.number
        history.append(plan.release)

    for n, (team, role) in enumerate(arrivals, start=1):
        responses.append([team, role, None])
        if n % every == 0:
            attempt()
    attempt()

    rows = [tuple(r) for r in responses]
    sets = _published_sets(rows, history)
    if not sets:
        return
    for members in _atoms(len(rows), sets).values():
        if any(rows[i][2] is not None for i in members):
            assert len(members) >= k
    # No single response's answers follow from the published sums: its unit vector is not in
    # their span (independent of the atom argument).
    matrix = np.array([[1.0 if i in s else 0.0 for i in range(len(rows))] for s in sets])
    rank = np.linalg.matrix_rank(matrix)
    for i in range(len(rows)):
        unit = np.zeros(len(rows))
        unit[i] = 1.0
        assert np.linalg.matrix_rank(np.vstack([matrix, unit])) > rank


def test_the_first_publication_waits_for_k_and_closing_publishes_whatever_is_safe():
    assert plan_release({}, {("a", "engineer"): 4}, [], 5) is None
    plan = plan_release({}, {("a", "engineer"): 5}, [], 5)
    assert plan is not None and plan.responses == 5
    history = [plan.release]
    # Two more in the same cell: publishing them would reveal them by difference.
    assert plan_release({("a", "engineer", 1): 5}, {("a", "engineer"): 2}, history, 5) is None
    # Five more in another team: published, the first team's cell unchanged.
    later = plan_release({("a", "engineer", 1): 5}, {("a", "engineer"): 2, ("b", "engineer"): 5}, history, 5)
    assert later is not None and later.cells == frozenset({("b", "engineer")}) and later.responses == 10
