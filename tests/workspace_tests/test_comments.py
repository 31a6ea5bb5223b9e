"""Respondents' comments: the consultant reads them by area and question (team and answer
shown, never who), filters by team and shares some with the client. Managers and reports
see only shared comments, and only from teams their results show (at least k responses)."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from assessments.demo import responses_generate
from assessments.models import Answer, AuditEvent, Response, Team
from assessments.services.assessments import assessment_close
from tests.builders import make_assessment

PLATFORM, NETWORK, SOLO = "Platform says: the runbooks are stale.", "Network says: no change calendar.", \
    "Solo says: I am the whole team."


@pytest.fixture
def round_(org, owner, catalogue):
    """Platform and Network with 6 responses each (k = 5), Solo with 2 and Trio with 3 (hidden
    teams, 5 together, so nothing can be worked out by subtraction); one comment each, and one
    on a draft and one on a submission below the completion rule that must never show."""
    Team.objects.create(organization=org, name="Solo")
    Team.objects.create(organization=org, name="Trio")
    assessment = make_assessment(org, created_by=owner)
    rng = random.Random(9)
    for name, per_team, text in (("Platform", 6, PLATFORM), ("Network", 6, NETWORK), ("Solo", 2, SOLO),
                                 ("Trio", 3, "")):
        responses = responses_generate(assessment, [org.teams.get(name=name)], per_team=per_team, rng=rng)
        if text:
            Answer.objects.filter(pk=responses[0].answers.order_by("pk").first().pk).update(comment=text)
    draft = responses_generate(assessment, [org.teams.get(name="Platform")], per_team=1, rng=rng, submitted=False)[0]
    draft.answers.filter(pk=draft.answers.order_by("pk").first().pk).update(comment="A draft's comment.")
    below = responses_generate(assessment, [org.teams.get(name="Network")], per_team=1, rng=rng)[0]
    Response.objects.filter(pk=below.pk).update(below_rule=True)
    below.answers.filter(pk=below.answers.order_by("pk").first().pk).update(comment="Below the rule.")
    return assessment


def _answer(text: str) -> Answer:
    return Answer.objects.get(comment=text)


def test_the_consultant_reads_the_comments_that_count_by_area_with_team_and_answer(client, owner, round_):
    client.force_login(owner)
    url = reverse("assessment_comments", args=[round_.pk])
    page = client.get(url).content.decode()
    for text in (PLATFORM, NETWORK, SOLO):
        assert text in page
    assert "A draft&#x27;s comment." not in page and "Below the rule." not in page
    answer = _answer(PLATFORM)
    assert f"{answer.question.area.discipline.name} · {answer.question.area.name}" in page
    given = f"Level {answer.level}" if answer.kind == Answer.Kind.LEVEL else answer.get_kind_display()
    assert f"Platform · {given}".replace("'", "&#x27;") in page
    assert "@" not in page.split("<main")[1]  # no respondent address, no link
    network = round_.teams.get(name="Network")
    filtered = client.get(url, {"team": network.pk}).content.decode()
    assert NETWORK in filtered and PLATFORM not in filtered
    assert client.get(url, {"team": "x" * 30}).status_code == 200  # a junk filter shows everything


def test_only_the_organisations_consultants_may_read_or_share(client, manager, outsider, round_):
    answer = _answer(PLATFORM)
    for user in (manager, outsider):
        client.force_login(user)
        assert client.get(reverse("assessment_comments", args=[round_.pk])).status_code == 404
        assert client.post(reverse("comment_share", args=[answer.pk]), {"shared": "1"}).status_code == 404
    assert Answer.objects.get(pk=answer.pk).shared_at is None


def test_sharing_is_audited_and_can_be_taken_back(client, owner, round_):
    client.force_login(owner)
    answer = _answer(PLATFORM)
    response = client.post(reverse("comment_share", args=[answer.pk]), {"shared": "1"})
    assert response["Location"].endswith(f"#comment-{answer.pk}")
    assert Answer.objects.get(pk=answer.pk).shared_at is not None
    assert "Shared with the client" in client.get(reverse("assessment_comments", args=[round_.pk])).content.decode()
    client.post(reverse("comment_share", args=[answer.pk]), {"shared": "0"})
    assert Answer.objects.get(pk=answer.pk).shared_at is None
    details = list(AuditEvent.objects.filter(assessment=round_, action=AuditEvent.Action.UPDATED)
                   .values_list("detail", flat=True))
    area = answer.question.area
    assert sorted(details) == [f"shared a comment on {area.discipline.name} · {area.name}",
                               f"withdrew a comment on {area.discipline.name} · {area.name}"]


def test_managers_see_shared_comments_from_teams_their_results_show(client, owner, manager, round_):
    from django.utils import timezone

    Answer.objects.filter(comment__in=[PLATFORM, SOLO]).update(shared_at=timezone.now())  # Network's stays unshared
    assessment_close(assessment=round_, actor=owner)  # publishes: Platform and Network shown, Solo (2) not
    from reports.models import Publication

    shown = set(Publication.objects.get(assessment=round_).teams_shown)
    assert shown == set(round_.teams.filter(name__in=["Platform", "Network"]).values_list("pk", flat=True))
    client.force_login(manager)
    page = client.get(reverse("results", args=[round_.pk])).content.decode()
    assert "What respondents said" in page and PLATFORM in page
    assert NETWORK not in page  # not shared
    assert SOLO not in page  # shared, but its team is under k
    assert "Choose which" not in page


def test_a_shared_comment_its_author_edits_is_withdrawn(owner, round_):
    from django.utils import timezone

    from assessments.services.survey import AnswerInput, answers_save

    answer = _answer(PLATFORM)
    Answer.objects.filter(pk=answer.pk).update(shared_at=timezone.now())
    response = Response.objects.get(pk=answer.response_id)
    round_.status = "open"
    answers_save(response=response, answers=[AnswerInput(answer.question_id, kind="level", level=2,
                                                         comment=PLATFORM)])
    assert Answer.objects.get(pk=answer.pk).shared_at is not None  # the same words: still shared
    answers_save(response=response, answers=[AnswerInput(answer.question_id, kind="level", level=2,
                                                         comment="Platform says: names the on-call lead.")])
    assert Answer.objects.get(pk=answer.pk).shared_at is None


def test_the_reports_print_shared_comments_under_their_discipline(owner, round_):
    import io

    from django.utils import timezone
    from docx import Document

    from reports.context import report_document
    from reports.office import build_report_docx
    from reports.pdf import build_report_pdf
    from tests.reports_tests.report_builders import pdf_text

    Answer.objects.filter(comment__in=[PLATFORM, SOLO]).update(shared_at=timezone.now())
    doc = report_document(round_)  # the consultant's live report: teams with at least k responses that count
    assert [c[2] for c in doc.comments] == [PLATFORM]
    pdf = " ".join(pdf_text(build_report_pdf(doc)).split())
    assert "What respondents said" in pdf and PLATFORM.replace(":", ":") in pdf and SOLO not in pdf
    word = "\n".join(p.text for p in Document(io.BytesIO(build_report_docx(doc))).paragraphs)
    assert PLATFORM in word and "— Platform" in word and SOLO not in word
