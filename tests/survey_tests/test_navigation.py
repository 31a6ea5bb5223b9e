import re

from django.urls import reverse
from django.utils.html import escape

from assessments.models import Answer, Response
from tests.builders import make_invitation

from .conftest import kpi_accepting, kpi_page, text, url


def _answer_page(plan, number, choice="3"):
    return {f"q-{q.pk}": choice for q in plan.pages[number - 1].questions}


def test_a_page_shows_each_question_with_its_levels_help_and_comment(client, started, invitation, plan):
    response = client.get(url("page", invitation, 1))
    html = response.content.decode()
    question = plan.pages[0].questions[0]
    assert f'<fieldset class="sv-question" id="q-{question.pk}"' in html
    assert question.text in html and question.evidence.split()[0] in html
    assert html.count(f'name="q-{question.pk}"') == 7  # five levels, not applicable, don't know
    assert f'name="c-{question.pk}" maxlength="2000" aria-label="Comment on question 1"' in html  # named for readers
    assert "optional comment of up to 2,000 characters, read by the consultant, who may quote it" in html
    assert 'maxlength="2000"' in html
    assert f"Page 1 of {len(plan.pages)}" in html
    assert f"0 of {plan.question_count} questions answered" in text(response)
    assert 'data-autosave-url="/s/' in html and "js/survey.js" in html
    assert "<script>" not in html and "onclick" not in html  # the CSP allows no inline script


def test_the_kpi_page_shows_unit_and_plausible_range(client, started, invitation, plan):
    page = kpi_page(plan)
    html = client.get(url("page", invitation, page.number)).content.decode()
    for kpi in page.kpis:
        assert f'<label class="form-label fw-semibold mb-1" for="k-{kpi.pk}">{escape(kpi.name)}</label>' in html
        assert f'<span class="input-group-text">{escape(kpi.unit)}</span>' in html
        assert escape(f"Plausible range: {kpi.range_min:g} to {kpi.range_max:g} {kpi.unit}.") in html


def test_save_and_continue_saves_the_page_and_opens_the_next(client, started, invitation, plan):
    response = client.post(url("page", invitation, 1), {**_answer_page(plan, 1), "go": "next"})
    assert response.status_code == 302 and response["Location"] == url("page", invitation, 2)
    assert Answer.objects.filter(response=started, level=3).count() == len(plan.pages[0].questions)


def test_back_saves_and_opens_the_previous_page(client, started, invitation, plan):
    response = client.post(url("page", invitation, 2), {**_answer_page(plan, 2, "na"), "go": "back"})
    assert response["Location"] == url("page", invitation, 1)
    assert Answer.objects.filter(response=started, kind=Answer.Kind.NOT_APPLICABLE).count() == len(
        plan.pages[1].questions)


def test_the_last_page_leads_to_the_review(client, started, invitation, plan):
    response = client.post(url("page", invitation, len(plan.pages)), {"go": "next"})
    assert response["Location"] == url("review", invitation)


def test_the_form_sent_to_the_next_page_saves_and_shows_it_in_one_request(client, started, invitation, plan):
    # The page's form is sent to where its button leads, with the page it came from.
    response = client.post(url("page", invitation, 2), {**_answer_page(plan, 1), "from": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and f"Page 2 of {len(plan.pages)}" in html
    assert all(f'id="q-{q.pk}"' in html for q in plan.pages[1].questions)
    assert Answer.objects.filter(response=started, level=3).count() == len(plan.pages[0].questions)
    assert Response.objects.get(pk=started.pk).last_page == 2  # resumes where it is
    assert f'action="{url("page", invitation, 3)}"' in html and f'formaction="{url("page", invitation, 1)}"' in html


def test_back_and_review_buttons_send_the_form_where_they_lead(client, started, invitation, plan):
    back = client.post(url("page", invitation, 1), {**_answer_page(plan, 2, "na"), "from": "2"})
    assert back.status_code == 200 and f"Page 1 of {len(plan.pages)}" in back.content.decode()
    assert Answer.objects.filter(response=started, kind=Answer.Kind.NOT_APPLICABLE).count() == len(
        plan.pages[1].questions)
    last = len(plan.pages)
    review = client.post(url("review", invitation), {**_answer_page(plan, last, "5"), "from": str(last)})
    assert review.status_code == 200 and "Submit my answers" in review.content.decode()
    assert Answer.objects.filter(response=started, level=5).count() == len(plan.pages[-1].questions)


def test_a_form_with_errors_comes_back_as_the_page_that_was_sent(client, started, invitation, plan):
    first, second = plan.pages[0].questions[:2]
    response = client.post(url("page", invitation, 2), {f"q-{first.pk}": "4", f"q-{second.pk}": "9", "from": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and f"Page 1 of {len(plan.pages)}" in html
    assert "Some answers on this page were not saved" in html and f'id="err-q-{second.pk}"' in html
    assert f'<fieldset class="sv-question sv-invalid" id="q-{second.pk}"' in html
    assert Answer.objects.get(response=started, question=first).level == 4  # the good one is kept
    # The last page sent to the review comes back too, its figures as typed.
    last = plan.pages[-1]
    kpi = last.kpis[0]
    again = client.post(url("review", invitation), {f"k-{kpi.pk}": "lots", "from": str(last.number)})
    html = again.content.decode()
    assert f"Page {last.number} of {len(plan.pages)}" in html and f'name="k-{kpi.pk}" value="lots"' in html


def test_a_page_that_does_not_exist_is_404(client, started, invitation, plan):
    assert client.get(url("page", invitation, len(plan.pages))).status_code == 200
    assert client.get(url("page", invitation, len(plan.pages) + 1)).status_code == 404
    assert client.get(url("page", invitation, 0)).status_code == 404


def test_pages_before_starting_send_back_to_the_intro(client, invitation):
    response = client.get(url("page", invitation, 2))
    assert response.status_code == 302 and response["Location"] == url("start", invitation)


def test_the_link_resumes_on_the_last_page_shown_with_the_answers_checked(client, started, invitation, plan):
    client.post(url("page", invitation, 1), {**_answer_page(plan, 1, "4"), "go": "next"})
    later = len(plan.pages)
    assert later > 2  # not simply the page after the one saved
    client.get(url("page", invitation, later))  # then the tab is closed
    assert Response.objects.get(pk=started.pk).last_page == later
    response = client.get(url("start", invitation))
    assert response.status_code == 302 and response["Location"] == url("page", invitation, later)
    page = client.get(url("page", invitation, 1))
    first = plan.pages[0].questions[0]
    assert re.search(rf'name="q-{first.pk}" value="4" checked', page.content.decode())
    assert f"{len(plan.pages[0].questions)} of {plan.question_count} questions answered" in text(page)


def test_the_link_resumes_on_the_review_page_when_left_there(client, started, invitation):
    client.get(url("review", invitation))
    assert client.get(url("start", invitation))["Location"] == url("review", invitation)


def test_a_comment_and_a_kpi_value_come_back_on_the_page(client, started, invitation, plan):
    page = kpi_page(plan)  # a page with both questions and KPI figures
    question, kpi = page.questions[0], kpi_accepting(page.kpis, 12.5)
    client.post(url("page", invitation, page.number), {
        f"q-{question.pk}": "2", f"c-{question.pk}": "Only on <b>prod</b>", f"k-{kpi.pk}": "12.5", "go": "stay"})
    html = client.get(url("page", invitation, page.number)).content.decode()
    assert "Only on &lt;b&gt;prod&lt;/b&gt;</textarea>" in html
    assert f'name="k-{kpi.pk}" value="12.5"' in html
    assert "<details open>" in html


def test_a_page_compiled_once_carries_nothing_from_one_respondent_to_another(client, started, invitation, plan):
    from django.test import Client

    question = plan.pages[0].questions[0]
    client.post(url("autosave", invitation), {f"q-{question.pk}": "4", f"c-{question.pk}": "Mine & <b>only</b>"})
    mine = client.get(url("page", invitation, 1)).content.decode()
    assert 'value="4" checked' in mine and "Mine &amp; &lt;b&gt;only&lt;/b&gt;</textarea>" in mine
    other_link = make_invitation(invitation.assessment)
    other = Client()
    other.post(url("start", other_link), {"role": "lead"})
    theirs = other.get(url("page", other_link, 1)).content.decode()
    assert " checked" not in theirs and "Mine" not in theirs and "<details open>" not in theirs
    assert other_link.token in theirs and invitation.token not in theirs
    assert "<span data-answered>0</span>" in theirs and "<span data-answered>1</span>" in mine
    # What the consultant may still change shows at once: the page is not cached with it.
    invitation.assessment.organization.name = "Renamed & Co"
    invitation.assessment.organization.save()
    invitation.assessment.title = "Second round"
    invitation.assessment.save()
    again = other.get(url("page", other_link, 1)).content.decode()
    assert "Renamed &amp; Co · Second round" in again and "<title>" in again and "· Second round · OpsAssess" in again


def test_the_survey_header_names_the_consultancy_in_its_colour_on_every_kind_of_page(client, started, invitation):
    """The compiled pages fill it per request, so a change of branding shows at once."""
    firm = invitation.assessment.organization.firm
    firm.display_name, firm.primary_colour = "Rivergate & Partners", "#5b2a86"
    firm.save()
    for page in (url("page", invitation, 1), url("review", invitation)):
        body = client.get(page).content.decode()
        header = body[body.index("<header"):body.index("</header>")]
        assert 'style="background-color: #5b2a86"' in header and "Rivergate &amp; Partners</span>" in header, page
    firm.display_name = "Rivergate Advisory"
    firm.save()
    assert "Rivergate Advisory</span>" in client.get(url("page", invitation, 1)).content.decode()


def test_the_survey_header_shows_the_firms_logo_served_under_the_link(client, started, invitation):
    """Respondents have no account: the logo comes from their own link, on every kind of page,
    and a link that does not exist gets no logo."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from tests.reports_tests.test_branding import png

    firm = invitation.assessment.organization.firm
    logo = url("logo", invitation)
    assert "sv-logo" not in client.get(url("page", invitation, 1)).content.decode()
    assert client.get(logo).status_code == 404  # no logo yet
    firm.logo.save("logo.png", ContentFile(png()), save=False)
    firm.branding_changed_at = timezone.now()
    firm.save()
    for page in (url("page", invitation, 1), url("review", invitation)):
        body = client.get(page).content.decode()
        header = body[body.index("<header"):body.index("</header>")]
        assert f'<img class="sv-logo" src="{logo}?v={int(firm.branding_changed_at.timestamp())}"' in header, page
    served = client.get(logo)
    assert (served.status_code, served["Content-Type"], served.content) == (200, "image/png", png())
    assert served["Cache-Control"] == "private, max-age=86400"
    assert client.get(reverse("survey:logo", args=["x" * 43])).status_code == 404
