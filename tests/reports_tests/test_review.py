"""The consultant's review: until the commentary is written and every recommendation kept,
edited or dropped, every format says "Draft: generated, not yet reviewed"; the
commentary and client notes reach all three formats, internal notes none; a report
version keeps the review it was requested with."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from reports.models import Report, ReportReview
from reports.office import build_report_docx, build_report_pptx
from reports.pdf import build_report_pdf
from reports.presentation import ActionSpec, QuestionGuidance, Review, ReviewDecision, build_document
from reports.presentation.document import REVIEW_STAMP
from reports.presentation.narrative import Block, Span, parse
from reports.services import report_build, report_request
from tests.reports_tests.report_builders import inputs, pdf_text
from tests.reports_tests.test_office import docx_text, slides_text

EXECUTIVE = "Monitoring is **strong**; patching is *not*.\n\n- Fix patching first\n- Then [the runbook](https://example.com/run?a=1&b=2)"


def flat(text: str) -> str:
    return " ".join(text.split())


def texts(doc) -> dict[str, str]:  # noqa: ANN001 - a ReportDocument
    return {"pdf": flat(pdf_text(build_report_pdf(doc))), "docx": flat(docx_text(build_report_docx(doc))),
            "pptx": flat(" ".join(slides_text(build_report_pptx(doc))))}


def file_text(fmt: str, body: bytes) -> str:
    if fmt == "pdf":
        return pdf_text(body)
    return docx_text(body) if fmt == "docx" else " ".join(slides_text(body))


GUIDANCE = {qid: QuestionGuidance(improve={level: (ActionSpec(f"Step {level} of practice {qid}", "S", "team lead"),)
                                           for level in range(1, 5)}) for qid in range(1, 9)}


def every_gap(decision: str = "keep", **overrides: ReviewDecision) -> dict[str, ReviewDecision]:
    doc = build_document(inputs())
    return {g.area.key: overrides.get(g.area.key, ReviewDecision(decision)) for g in doc.gaps}


# --- the presentation model and the three formats ------------------------------------------


def test_without_a_review_every_format_is_stamped_not_yet_reviewed() -> None:
    doc = build_document(inputs())
    assert not doc.meta.reviewed and doc.meta.draft_line == REVIEW_STAMP
    found = texts(doc)
    assert all(REVIEW_STAMP in text for text in found.values())
    assert all(REVIEW_STAMP in slide for slide in slides_text(build_report_pptx(doc)))


def test_a_commentary_without_a_decision_on_every_recommendation_is_still_a_draft() -> None:
    decisions = every_gap()
    decisions.popitem()
    doc = build_document(inputs(review=Review(executive=EXECUTIVE, decisions=decisions)))
    assert not doc.meta.reviewed
    assert doc.meta.review_missing == "a decision on 1 recommendation"


def test_a_complete_review_is_final_and_its_commentary_is_in_all_three_formats() -> None:
    doc = build_document(inputs(review=Review(executive=EXECUTIVE, decisions=every_gap())))
    assert doc.meta.reviewed and doc.meta.draft_line == ""
    for fmt, text in texts(doc).items():
        assert REVIEW_STAMP not in text, fmt
        assert "Monitoring is strong; patching is not." in text, fmt
        assert "Fix patching first" in text and "Then the runbook" in text, fmt


def test_the_commentary_keeps_its_emphasis_lists_and_links() -> None:
    blocks = parse(EXECUTIVE)
    first = (Span("Monitoring is "), Span("strong", bold=True), Span("; patching is "), Span("not", italic=True),
             Span("."))
    assert blocks[0] == Block("paragraph", (first,))
    assert blocks[1].kind == "bullets" and blocks[1].items[1][-1] == Span("the runbook",
                                                                         href="https://example.com/run?a=1&b=2")
    docx = build_report_docx(build_document(inputs(review=Review(executive=EXECUTIVE))))
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        relationships = archive.read("word/_rels/document.xml.rels").decode()
    assert 'Target="https://example.com/run?a=1&amp;b=2" TargetMode="External"' in relationships


def test_html_and_unsafe_links_stay_literal_text() -> None:
    text = "<script>alert(1)</script> [click](javascript:alert(1)) [mail](mailto:a@b.example)"
    (block,) = parse(text)
    assert [s.href for s in block.items[0] if s.href] == ["mailto:a@b.example"]
    found = texts(build_document(inputs(review=Review(executive=text))))
    for fmt in ("pdf", "docx"):
        assert "<script>alert(1)</script> [click](javascript:alert(1))" in found[fmt], fmt


def test_a_dropped_recommendation_leaves_the_roadmap_but_stays_in_the_gap_register() -> None:
    plain = build_document(inputs(guidance=GUIDANCE))
    first = plain.gaps[0].area
    doc = build_document(inputs(guidance=GUIDANCE, review=Review(decisions={first.key: ReviewDecision("drop")})))
    assert plain.actions[0].area_key == first.key
    assert first.key in [g.area.key for g in doc.gaps]
    assert doc.recommendation(first.key) is None and plain.recommendation(first.key) is not None
    assert not any(a.area_key == first.key for a in doc.actions)
    assert doc.actions[0].ref == "A1"  # the numbering starts again without it
    assert len(doc.actions) == len(plain.actions) - len(plain.recommendation(first.key).all_actions)
    assert f"Left off the roadmap after the consultant’s review: {first.name}" in texts(doc)["docx"]


def test_an_edited_recommendation_prints_the_client_note_under_it() -> None:
    key = build_document(inputs()).gaps[0].area.key
    note = "Agreed with the CIO on 2 March: patch windows *every* Tuesday."
    doc = build_document(inputs(review=Review(decisions={key: ReviewDecision("edit", note)})))
    assert doc.recommendation(key).edited
    found = texts(doc)
    assert "Agreed with the CIO on 2 March: patch windows every Tuesday." in found["pdf"]
    assert "Agreed with the CIO on 2 March: patch windows every Tuesday." in found["docx"]


def test_a_discipline_commentary_is_printed_in_its_section() -> None:
    doc = build_document(inputs(review=Review(disciplines={"devops": "Pipelines are *owned* by nobody."})))
    assert doc.disciplines[1].commentary and not doc.disciplines[0].commentary
    found = texts(doc)
    assert "Pipelines are owned by nobody." in found["pdf"] and "Pipelines are owned by nobody." in found["docx"]


# --- the review page and the report versions -------------------------------------------------


def _form(document_gaps, *, executive: str = "", decision: str = "keep", note: str = "",
          internal: str = "") -> dict[str, str]:
    data = {"executive": executive}
    for gap in document_gaps:
        data[f"decision-{gap.area.key}"] = decision
        data[f"note-{gap.area.key}"] = note
        data[f"internal-{gap.area.key}"] = internal
    return data


@pytest.fixture
def gaps(answered):
    from reports.context import report_document

    return report_document(answered).gaps


def test_only_the_assessments_consultant_opens_the_review(client, owner, manager, outsider, answered) -> None:
    url = reverse("report_review", args=[answered.pk])
    client.force_login(owner)
    assert client.get(url).status_code == 200
    for user in (manager, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"executive": "x"}).status_code == 404
    assert not ReportReview.objects.exists()


def test_keep_with_a_note_needs_the_note_and_nothing_is_saved_without_it(client, owner, answered, gaps) -> None:
    client.force_login(owner)
    response = client.post(reverse("report_review", args=[answered.pk]),
                           _form(gaps, executive="Our view.", decision="edit"))
    assert "Write the note the client will read, or choose Keep." in response.content.decode()
    assert not ReportReview.objects.exists()


def test_internal_notes_are_kept_for_the_firm_and_never_reach_a_report(client, owner, answered, gaps) -> None:
    client.force_login(owner)
    secret = "The CTO is leaving in May"
    response = client.post(reverse("report_review", args=[answered.pk]),
                           _form(gaps, executive="Our view.", note="For the client.", internal=secret), follow=True)
    assert "It is complete" in response.content.decode()
    assert secret in client.get(reverse("report_review", args=[answered.pk])).content.decode()
    for fmt in Report.Format.values:
        report = report_build(report_id=report_request(assessment=answered, user=owner, fmt=fmt).pk)
        assert report.reviewed and secret not in str(report.review)
        text = file_text(fmt, report.file.read())
        assert "Our view." in text and secret not in text and REVIEW_STAMP not in text


def test_a_report_version_keeps_the_review_it_was_requested_with(client, owner, answered, gaps) -> None:
    client.force_login(owner)
    url = reverse("report_review", args=[answered.pk])
    client.post(url, _form(gaps, executive="First reading."))
    first = report_request(assessment=answered, user=owner)
    client.post(url, _form(gaps, executive="Second reading."))
    second = report_request(assessment=answered, user=owner, fmt="docx")
    first, second = report_build(report_id=first.pk), report_build(report_id=second.pk)
    assert "First reading." in pdf_text(first.file.read())
    assert "Second reading." in docx_text(second.file.read())
    assert first.review["executive"] == "First reading."


def test_a_decision_on_an_area_that_is_no_longer_a_gap_is_not_lost(owner, answered) -> None:
    from reports.services import review_save

    review_save(assessment=answered, user=owner, executive="", disciplines={},
                decisions={"sysops.gone": {"decision": "drop", "note": "", "internal_note": "why"}})
    review_save(assessment=answered, user=owner, executive="Now.", disciplines={}, decisions={})
    assert ReportReview.objects.get(assessment=answered).decisions["sysops.gone"]["internal_note"] == "why"


def test_the_report_list_marks_an_unreviewed_version_draft_and_a_reviewed_one_not(client, owner, answered, gaps):
    client.force_login(owner)
    draft = report_build(report_id=report_request(assessment=answered, user=owner).pk)
    client.post(reverse("report_review", args=[answered.pk]), _form(gaps, executive="Our view."))
    final = report_build(report_id=report_request(assessment=answered, user=owner, fmt="pptx").pk)
    listing = client.get(reverse("report_list", args=[answered.pk])).content.decode()
    rows = {report.pk: listing.split(f'id="report-{report.pk}"')[1].split("</tr>")[0] for report in (draft, final)}
    assert "Draft</span>" in rows[draft.pk] and "Draft</span>" not in rows[final.pk]
    assert "commentary written · 1" in listing or f"{len(gaps)} recommendations decided" in listing
