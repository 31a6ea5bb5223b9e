import json
import threading

import pytest
from django.db import connection

from assessments.models import Answer, Response
from assessments.services.survey import response_submit

from .conftest import assessment_questions, text, url


def test_the_review_lists_unanswered_questions_with_links_to_them(client, started, invitation, plan):
    answered = plan.pages[0].questions[0]
    Answer.objects.create(response=started, question=answered, kind=Answer.Kind.LEVEL, level=3)
    response = client.get(url("review", invitation))
    html = response.content.decode()
    assert f"See the {assessment_questions(started.assessment).count() - 1} open questions" in text(response)
    missing = plan.pages[0].questions[1]
    assert f'<a href="{url("page", invitation, 1)}#q-{missing.pk}">{missing.text}</a>' in html
    assert f"#q-{answered.pk}\"" not in html
    assert "Submit my answers" in html


def test_the_review_says_when_everything_is_answered(client, started, invitation, plan):
    Answer.objects.bulk_create(Answer(response=started, question=q, kind=Answer.Kind.DONT_KNOW)
                               for p in plan.pages for q in p.questions)
    response = client.get(url("review", invitation))
    assert "You answered every question." in text(response)
    total = assessment_questions(started.assessment).count()
    assert f"{total} of {total} questions answered" in text(response)


def test_submitting_marks_the_response_submitted_and_thanks(client, started, invitation):
    response = client.post(url("submit", invitation), {"confirmed": "1"})
    assert response.status_code == 302 and response["Location"] == url("start", invitation)
    started.refresh_from_db()
    assert started.status == Response.Status.SUBMITTED and started.submitted_at is not None
    thanks = client.get(url("start", invitation))
    assert thanks.status_code == 200
    assert "Thank you!" in text(thanks)
    assert "Review or change my answers" in text(thanks)


def test_submitting_twice_records_one_submission_at_the_first_time(client, started, invitation):
    client.post(url("submit", invitation), {"confirmed": "1"})
    first = Response.objects.get(pk=started.pk).submitted_at
    client.post(url("submit", invitation), {"confirmed": "1"})
    assert Response.objects.filter(invitation=invitation).count() == 1
    again = Response.objects.get(pk=started.pk)
    assert again.status == Response.Status.SUBMITTED and again.submitted_at == first


def test_two_tabs_submitting_with_stale_copies_change_nothing_the_second_time(started):
    tab_one, tab_two = Response.objects.get(pk=started.pk), Response.objects.get(pk=started.pk)
    response_submit(response=tab_one)
    first = Response.objects.get(pk=started.pk).submitted_at
    result = response_submit(response=tab_two)  # still thinks it is a draft
    assert result.submitted_at == first
    assert Response.objects.get(pk=started.pk).submitted_at == first


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_record_one_submission(catalogue, org, owner):
    from assessments.services.survey import response_start
    from tests.builders import make_assessment, make_invitation

    if connection.vendor == "sqlite":
        # The in-memory test database shares one cache between threads, where a lock
        # raises "table is locked" at once instead of waiting (unlike the file database
        # the app runs on). The race itself is exercised on PostgreSQL, in CI's second pass.
        pytest.skip("two threads writing at once need a file or server database")

    invitation = make_invitation(make_assessment(org, created_by=owner))
    started = response_start(invitation=invitation, role="engineer")
    results, barrier = [], threading.Barrier(2)

    def submit() -> None:
        try:
            barrier.wait()
            results.append(response_submit(response=Response.objects.select_related("invitation__assessment")
                                           .get(pk=started.pk)).submitted_at)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = Response.objects.get(pk=started.pk)
    assert stored.status == Response.Status.SUBMITTED
    assert results == [stored.submitted_at, stored.submitted_at]


def test_edits_after_submitting_are_saved_and_keep_the_response_submitted(client, started, invitation, plan):
    question = plan.pages[0].questions[0]
    client.post(url("autosave", invitation), {f"q-{question.pk}": "2"})
    client.post(url("submit", invitation), {"confirmed": "1"})
    submitted_at = Response.objects.get(pk=started.pk).submitted_at
    autosaved = client.post(url("autosave", invitation), {f"q-{question.pk}": "5"})
    assert json.loads(autosaved.content)["ok"] is True
    page = client.post(url("page", invitation, 1), {f"q-{question.pk}": "4", "go": "next"})
    assert page.status_code == 302
    stored = Response.objects.get(pk=started.pk)
    assert Answer.objects.get(response=started, question=question).level == 4
    assert (stored.status, stored.submitted_at) == (Response.Status.SUBMITTED, submitted_at)


def test_pages_of_a_submitted_response_say_changes_still_count(client, started, invitation):
    client.post(url("submit", invitation), {"confirmed": "1"})
    assert "Changes you make here are saved and still count" in text(client.get(url("page", invitation, 1)))
    review = client.get(url("review", invitation))
    assert "there is nothing more to submit" in text(review)
    assert "Submit my answers" not in text(review)


def test_submitting_before_starting_goes_to_the_intro(client, invitation):
    response = client.post(url("submit", invitation), {"confirmed": "1"})
    assert response["Location"] == url("start", invitation)
    assert not Response.objects.exists()
