"""Whatever the browser sends, each bad value gets a clear message and the good
answers of the same request are saved (and earlier answers are left alone)."""

import json

import pytest

from assessments.models import Answer, Area, CatalogueVersion, Discipline, KpiValue, Question
from tests.builders import make_assessment

from .conftest import kpi_accepting, page_with_percentage_kpi, percentage_kpi, plan_kpis, text, url

MSG_LEVEL = "Choose a level from 1 to 5, “Not applicable” or “Don't know”."
MSG_FOREIGN = "This question is not part of this assessment."


@pytest.fixture
def q(plan):
    """The first three questions of page 1: one to break, one to answer, one answered earlier."""
    return plan.pages[0].questions[:3]


@pytest.fixture
def earlier(started, q) -> Answer:
    return Answer.objects.create(response=started, question=q[2], kind=Answer.Kind.LEVEL, level=5, comment="Kept")


def autosave(client, invitation, data):
    response = client.post(url("autosave", invitation), data)
    return response.status_code, json.loads(response.content)


def assert_others_kept(started, q):
    assert Answer.objects.get(response=started, question=q[1]).level == 2  # sent alongside the bad value
    kept = Answer.objects.get(response=started, question=q[2])
    assert (kept.level, kept.comment) == (5, "Kept")


@pytest.mark.parametrize("bad", ["0", "6", "7", "-1", "3.5", "high", "", "³", "①", "٣", "9" * 40])
def test_a_level_outside_one_to_five_is_refused_by_autosave(client, invitation, started, earlier, q, bad):
    status, body = autosave(client, invitation, {f"q-{q[0].pk}": bad, f"q-{q[1].pk}": "2"})
    assert status == 400
    assert body["errors"] == {f"q-{q[0].pk}": MSG_LEVEL}
    assert body["saved"] == [f"q-{q[1].pk}", f"c-{q[1].pk}"]
    assert not Answer.objects.filter(question=q[0]).exists()
    assert_others_kept(started, q)


def test_a_level_outside_one_to_five_is_a_form_error_on_the_page(client, invitation, started, earlier, q):
    response = client.post(url("page", invitation, 1), {f"q-{q[0].pk}": "9", f"q-{q[1].pk}": "2", "go": "next"})
    assert response.status_code == 200
    assert f"Question 1: {MSG_LEVEL}" in text(response)
    assert "Some answers on this page were not saved" in text(response)
    assert f'<a href="#q-{q[0].pk}">Question 1</a>' in response.content.decode()
    assert not Answer.objects.filter(question=q[0]).exists()
    assert_others_kept(started, q)


def test_a_question_of_a_discipline_outside_the_assessment_is_refused(client, invitation, started, earlier, q):
    secops = Question.objects.filter(area__discipline__key="secops").first()
    status, body = autosave(client, invitation, {f"q-{secops.pk}": "3", f"q-{q[1].pk}": "2"})
    assert (status, body["errors"]) == (400, {f"q-{secops.pk}": MSG_FOREIGN})
    assert not Answer.objects.filter(question=secops).exists()
    assert_others_kept(started, q)


def test_a_question_of_another_catalogue_version_is_refused(client, invitation, started, earlier, q):
    old = CatalogueVersion.objects.create(number=0, label="2025", checksum="old")
    discipline = Discipline.objects.create(version=old, key="sysops", name="SysOps")
    area = Area.objects.create(discipline=discipline, key="patching", name="Patching", fingerprint="x")
    stale = Question.objects.create(area=area, key="patch_sla", text="Old", levels=["a", "b", "c", "d", "e"])
    status, body = autosave(client, invitation, {f"q-{stale.pk}": "3", f"q-{q[1].pk}": "2"})
    assert (status, body["errors"]) == (400, {f"q-{stale.pk}": MSG_FOREIGN})
    assert not Answer.objects.filter(question=stale).exists()
    assert_others_kept(started, q)


def test_a_question_of_another_assessment_is_refused(client, invitation, started, earlier, q, org):
    other = make_assessment(org, disciplines=("netops",), title="Network only")
    netops = Question.objects.filter(area__discipline__in=other.disciplines.all()).first()
    status, body = autosave(client, invitation, {f"q-{netops.pk}": "3", f"q-{q[1].pk}": "2"})
    assert body["errors"] == {f"q-{netops.pk}": MSG_FOREIGN}
    assert_others_kept(started, q)


@pytest.mark.parametrize("field", ["q-999999", "q-abc", "c-999999"])
def test_a_question_that_does_not_exist_is_refused(client, invitation, started, earlier, q, field):
    status, body = autosave(client, invitation, {field: "3", f"q-{q[1].pk}": "2"})
    assert (status, body["errors"]) == (400, {field: MSG_FOREIGN})
    assert_others_kept(started, q)


def test_a_foreign_question_on_the_page_submit_is_listed_above_the_form(client, invitation, started, earlier, q):
    response = client.post(url("page", invitation, 1), {"q-999999": "3", f"q-{q[1].pk}": "2", "go": "next"})
    assert response.status_code == 200
    assert f"q-999999: {MSG_FOREIGN}" in text(response)
    assert_others_kept(started, q)


@pytest.mark.parametrize("bad", ["lots", "12%", "1,2,3", "--1", "0x10"])
def test_a_kpi_value_that_is_not_a_number_is_refused(client, invitation, started, earlier, q, plan, bad):
    kpi = kpi_accepting(plan_kpis(plan), 99.9)
    KpiValue.objects.create(response=started, kpi=kpi, value=99.9)
    status, body = autosave(client, invitation, {f"k-{kpi.pk}": bad, f"q-{q[1].pk}": "2"})
    assert (status, body["errors"]) == (400, {f"k-{kpi.pk}": "Enter a number, such as 12 or 3.5."})
    assert KpiValue.objects.get(response=started, kpi=kpi).value == 99.9  # the earlier figure stays
    assert_others_kept(started, q)


@pytest.mark.parametrize("bad", ["100.01", "-1", "1e9", "nan", "inf"])
def test_a_kpi_value_out_of_its_plausible_range_is_refused(client, invitation, started, earlier, q, plan, bad):
    percentage = percentage_kpi(plan)
    status, body = autosave(client, invitation, {f"k-{percentage.pk}": bad, f"q-{q[1].pk}": "2"})
    assert (status, body["errors"]) == (400, {f"k-{percentage.pk}": "Enter a value from 0 to 100 (%)."})
    assert not KpiValue.objects.exists()
    assert_others_kept(started, q)


def test_a_kpi_error_on_the_page_keeps_what_was_typed(client, invitation, started, plan):
    page, percentage, other = page_with_percentage_kpi(plan, 4)
    response = client.post(url("page", invitation, page.number), {
        f"k-{percentage.pk}": "120", f"k-{other.pk}": "4", "go": "next"})
    assert response.status_code == 200
    assert f"{percentage.name}: Enter a value from 0 to 100 (%)." in text(response)
    assert f'name="k-{percentage.pk}" value="120"' in response.content.decode()
    assert KpiValue.objects.get(response=started, kpi=other).value == 4


def test_a_kpi_of_another_discipline_is_refused(client, invitation, started):
    from assessments.models import Kpi

    secops = Kpi.objects.filter(discipline__key="secops").first()
    status, body = autosave(client, invitation, {f"k-{secops.pk}": "1"})
    assert (status, body["errors"]) == (400, {f"k-{secops.pk}": "This figure is not part of this assessment."})


def test_a_comment_over_two_thousand_characters_is_refused_but_its_level_is_saved(
    client, invitation, started, earlier, q
):
    status, body = autosave(client, invitation, {
        f"q-{q[0].pk}": "4", f"c-{q[0].pk}": "x" * 2001, f"q-{q[1].pk}": "2",
    })
    assert status == 400
    assert body["errors"] == {f"c-{q[0].pk}": "Keep the comment to 2,000 characters or fewer (it has 2,001)."}
    answer = Answer.objects.get(response=started, question=q[0])
    assert (answer.level, answer.comment) == (4, "")
    assert_others_kept(started, q)


def test_a_too_long_comment_leaves_the_earlier_comment_in_place(client, invitation, started, earlier, q):
    status, body = autosave(client, invitation, {f"q-{q[2].pk}": "3", f"c-{q[2].pk}": "y" * 2500})
    assert body["errors"] == {f"c-{q[2].pk}": "Keep the comment to 2,000 characters or fewer (it has 2,500)."}
    kept = Answer.objects.get(response=started, question=q[2])
    assert (kept.level, kept.comment) == (3, "Kept")


def test_a_comment_of_exactly_two_thousand_characters_is_fine(client, invitation, started, q):
    status, _ = autosave(client, invitation, {f"q-{q[0].pk}": "4", f"c-{q[0].pk}": "x" * 1999 + "\r\n"})
    assert status == 200  # the browser's CRLF counts as one character, as in the textarea
    assert len(Answer.objects.get(response=started, question=q[0]).comment) == 2000


def test_a_too_long_comment_on_the_page_is_shown_back_for_shortening(client, invitation, started, earlier, q):
    response = client.post(url("page", invitation, 1), {
        f"q-{q[0].pk}": "4", f"c-{q[0].pk}": "z" * 2001, f"q-{q[1].pk}": "2", "go": "next",
    })
    assert response.status_code == 200
    assert "Comment on question 1: Keep the comment to 2,000 characters or fewer (it has 2,001)." in text(response)
    assert "z" * 2001 + "</textarea>" in response.content.decode()
    assert Answer.objects.get(response=started, question=q[0]).level == 4
    assert_others_kept(started, q)


def test_a_comment_without_an_answer_asks_for_the_answer_first(client, invitation, started, earlier, q):
    status, body = autosave(client, invitation, {f"c-{q[0].pk}": "Depends on the team", f"q-{q[1].pk}": "2"})
    assert body["errors"] == {f"c-{q[0].pk}": "Choose an answer first: the comment is saved with it."}
    assert not Answer.objects.filter(question=q[0]).exists()
    assert_others_kept(started, q)


def test_empty_unanswered_questions_on_a_page_submit_are_left_alone(client, invitation, started, earlier, q):
    response = client.post(url("page", invitation, 1), {f"c-{q[0].pk}": "", f"q-{q[1].pk}": "2", "go": "next"})
    assert response.status_code == 302
    assert not Answer.objects.filter(question=q[0]).exists()
    assert_others_kept(started, q)


@pytest.mark.parametrize("field", ["q-³", "q-①", "c-٣", "q-" + "9" * 19, "q-99999999999999999999999", "k-１２"])
def test_a_field_name_that_is_no_id_is_refused_without_a_server_error(client, invitation, started, earlier, q, field):
    status, body = autosave(client, invitation, {field: "3", f"q-{q[1].pk}": "2"})
    assert status == 400
    assert list(body["errors"]) == [field]
    assert_others_kept(started, q)
    page = client.post(url("page", invitation, 1), {field: "3", f"q-{q[1].pk}": "2", "go": "next"})
    assert page.status_code == 200
