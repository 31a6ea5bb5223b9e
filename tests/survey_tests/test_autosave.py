import json

from assessments.models import Answer, KpiValue, Response

from .conftest import kpi_accepting, plan_kpis, url


def save(client, invitation, data):
    response = client.post(url("autosave", invitation), data)
    return response.status_code, json.loads(response.content)


def test_autosave_stores_a_level_and_answers_json(client, started, invitation, plan):
    question = plan.pages[0].questions[0]
    status, body = save(client, invitation, {f"q-{question.pk}": "4", f"c-{question.pk}": "Mostly"})
    assert status == 200
    assert body == {"ok": True, "saved": [f"q-{question.pk}", f"c-{question.pk}"], "errors": {}, "answered": 1}
    answer = Answer.objects.get(response=started, question=question)
    assert (answer.kind, answer.level, answer.comment) == (Answer.Kind.LEVEL, 4, "Mostly")


def test_autosave_replaces_an_answer_instead_of_adding_one(client, started, invitation, plan):
    question = plan.pages[0].questions[0]
    save(client, invitation, {f"q-{question.pk}": "4", f"c-{question.pk}": "Mostly"})
    status, body = save(client, invitation, {f"q-{question.pk}": "unknown", f"c-{question.pk}": ""})
    assert status == 200 and body["answered"] == 1
    answer = Answer.objects.get(response=started, question=question)
    assert (answer.kind, answer.level, answer.comment) == (Answer.Kind.DONT_KNOW, None, "")


def test_autosave_stores_not_applicable(client, started, invitation, plan):
    question = plan.pages[0].questions[1]
    assert save(client, invitation, {f"q-{question.pk}": "na"})[0] == 200
    assert Answer.objects.get(response=started, question=question).kind == Answer.Kind.NOT_APPLICABLE


def test_a_comment_alone_updates_the_existing_answer(client, started, invitation, plan):
    question = plan.pages[0].questions[0]
    save(client, invitation, {f"q-{question.pk}": "2"})
    status, body = save(client, invitation, {f"c-{question.pk}": "Added later"})
    assert (status, body["saved"]) == (200, [f"c-{question.pk}"])
    answer = Answer.objects.get(response=started, question=question)
    assert (answer.level, answer.comment) == (2, "Added later")


def test_a_kpi_value_is_stored_replaced_and_cleared(client, started, invitation, plan):
    kpi = kpi_accepting(plan_kpis(plan), 99.5, 42)
    assert save(client, invitation, {f"k-{kpi.pk}": "99.5"}) == (
        200, {"ok": True, "saved": [f"k-{kpi.pk}"], "errors": {}, "answered": 0})
    save(client, invitation, {f"k-{kpi.pk}": " 42 "})
    assert KpiValue.objects.get(response=started, kpi=kpi).value == 42
    save(client, invitation, {f"k-{kpi.pk}": ""})
    assert not KpiValue.objects.filter(response=started, kpi=kpi).exists()


def test_a_kpi_value_may_use_thousands_separators(client, started, invitation, plan):
    kpi = kpi_accepting(plan_kpis(plan), 1200)  # a figure that may run into the thousands
    assert save(client, invitation, {f"k-{kpi.pk}": "1,200"})[0] == 200
    assert KpiValue.objects.get(response=started, kpi=kpi).value == 1200


def test_autosave_touches_the_response_but_not_its_status(client, started, invitation, plan):
    before = started.updated_at
    question = plan.pages[0].questions[0]
    kpi = kpi_accepting(plan_kpis(plan), 1)
    save(client, invitation, {f"q-{question.pk}": "1", f"k-{kpi.pk}": "1"})
    started.refresh_from_db()
    assert started.updated_at > before and started.status == Response.Status.DRAFT
    # The answer and the figure carry the same time, stored as the ORM stores times.
    answer, figure = Answer.objects.get(response=started), KpiValue.objects.get(response=started)
    assert answer.updated_at == figure.updated_at == started.updated_at
    assert Answer.objects.filter(response=started, updated_at=started.updated_at).count() == 1
    assert Response.objects.filter(pk=started.pk, updated_at=started.updated_at).exists()  # found by its time in SQL


def test_autosave_before_starting_is_refused(client, invitation, plan):
    status, body = save(client, invitation, {f"q-{plan.pages[0].questions[0].pk}": "1"})
    assert (status, body) == (409, {"ok": False, "error": "Start the survey first: open your link again."})


def test_autosave_with_an_unknown_token_is_404_json(client, started):
    response = client.post("/s/no-such-token/save/", {"q-1": "3"})
    assert response.status_code == 404
    assert json.loads(response.content) == {
        "ok": False, "error": "This survey link does not exist. Check that you copied the whole link."}


def test_autosave_only_takes_posts(client, started, invitation):
    assert client.get(url("autosave", invitation)).status_code == 405


def test_autosave_needs_the_csrf_token(started, invitation, plan):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url("autosave", invitation), {f"q-{plan.pages[0].questions[0].pk}": "3"})
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_autosave_works_with_the_token_from_the_pages_form(started, invitation, plan):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    page = strict.get(url("page", invitation, 1)).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    question = plan.pages[0].questions[0]
    response = strict.post(url("autosave", invitation), {f"q-{question.pk}": "3"}, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert Answer.objects.get(response=started, question=question).level == 3
