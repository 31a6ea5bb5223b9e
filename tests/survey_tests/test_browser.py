"""The survey in headless Chromium: autosave, resume after closing the tab, submit.

Screenshots at 1280 and 375 px go to var/screenshots/survey-*.png for a human look.
"""

import re

import pytest

from assessments.models import Answer, KpiValue, Question, Response
from assessments.survey.selectors import survey_plan
from tests.builders import make_assessment, make_invitation

from .conftest import accepts, kpi_accepting

pytestmark = pytest.mark.browser


@pytest.fixture
def link(transactional_db, live_server, catalogue, org, owner):
    """A personal link to a SecOps-only survey: several pages, the KPIs on the last."""
    assessment = make_assessment(org, created_by=owner, disciplines=("secops",), title="Security baseline")
    invitation = make_invitation(assessment, email="sam@acme.example")
    plan = survey_plan(assessment)
    assert len(plan.pages) >= 2 and plan.pages[-1].kpis and plan.pages[-1].questions
    return live_server.url + f"/s/{invitation.token}/", invitation, plan


def watch_console(page) -> list[str]:
    """Console errors (a CSP violation shows up here) and uncaught exceptions.

    The autosave's 400 for a bad value is expected, and Chromium logs every 4xx.
    """
    problems: list[str] = []

    def console(message) -> None:
        if message.type == "error" and "status of 400" not in message.text:
            problems.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def serious_accessibility_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in violations if v["impact"] in ("serious", "critical")]


def choose(page, question, value: str) -> None:
    page.locator(f'#q-{question.pk} input[value="{value}"]').check()


def expect_page(page, number: int) -> None:
    from playwright.sync_api import expect

    expect(page).to_have_url(re.compile(rf"/p/{number}/$"))


def continue_to(page, number: int) -> None:
    """Save and continue, one page after the other, up to page `number`."""
    current = int(re.search(r"/p/(\d+)/$", page.url).group(1))
    for following in range(current + 1, number + 1):
        page.get_by_role("button", name="Save and continue").click()
        expect_page(page, following)


def test_a_respondent_answers_leaves_comes_back_and_submits(page, link, screenshot_dir):
    from playwright.sync_api import expect

    url, invitation, plan = link
    first, middle, last = plan.pages[0], plan.pages[1:-1], plan.pages[-1]
    problems = watch_console(page)
    posted = []  # pages reached by sending a form; with every answer saved, the script just opens them
    page.context.on("request", lambda r: posted.append(r.url) if r.is_navigation_request() and r.method == "POST" else None)
    status = page.locator("#save-status")

    page.goto(url)
    expect(page.get_by_role("heading", name="Security baseline")).to_be_visible()
    page.screenshot(path=screenshot_dir / "survey-intro-1280.png", full_page=True)
    page.get_by_label("Engineer").check()
    page.get_by_role("button", name="Start the survey").click()
    expect_page(page, 1)

    # Part of page 1, each answer saved as it is given: a click, the keyboard, a comment.
    q1, q2, q3 = first.questions[:3]
    choose(page, q1, "4")
    expect(status).to_have_text("Saved")
    page.locator(f'#q-{q2.pk} input[value="1"]').focus()
    page.keyboard.press("ArrowDown")  # arrow keys move the choice within the question
    expect(page.locator(f'#q-{q2.pk} input[value="2"]')).to_be_checked()
    choose(page, q3, "na")
    page.locator(f"#q-{q1.pk} summary").click()
    page.locator(f"#c-{q1.pk}").fill("Only for the SOC, not the cloud accounts.")
    page.locator(f"#c-{q1.pk}").blur()
    expect(status).to_have_text("Saved")
    expect(page.locator("[data-answered]")).to_have_text("3")
    answers = {a.question_id: a for a in Answer.objects.filter(response__invitation=invitation)}
    assert (answers[q1.pk].level, answers[q1.pk].comment) == (4, "Only for the SOC, not the cloud accounts.")
    assert (answers[q2.pk].level, answers[q3.pk].kind) == (2, Answer.Kind.NOT_APPLICABLE)

    # The rest of page 1 and the pages up to the last, then the last with a figure typed wrong, then right.
    for question in first.questions[3:]:
        choose(page, question, "3")
    expect(status).to_have_text("Saved")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=screenshot_dir / "survey-page-1280.png")
    page.screenshot(path=screenshot_dir / "survey-page-1280-full.png", full_page=True)
    page.get_by_role("button", name="Save and continue").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "survey-page-1280-bottom.png")
    for survey_page in middle:
        continue_to(page, survey_page.number)
        for question in survey_page.questions:
            choose(page, question, "3")
        expect(status).to_have_text("Saved")
    continue_to(page, last.number)
    choose(page, last.questions[0], "5")
    kpi = kpi_accepting(last.kpis, 7)
    field = page.locator(f"#k-{kpi.pk}")
    field.fill("lots")
    field.blur()
    expect(page.locator(f"#err-k-{kpi.pk}")).to_have_text("Enter a number, such as 12 or 3.5.")
    expect(status).to_have_text("Not saved — see the message at the answer")
    page.set_viewport_size({"width": 375, "height": 812})
    field.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "survey-error-375.png")
    assert serious_accessibility_problems(page) == []  # the lean widgets, with an error shown
    field.fill("7")
    field.blur()
    expect(status).to_have_text("Saved")
    expect(page.locator(f"#err-k-{kpi.pk}")).to_be_hidden()
    assert KpiValue.objects.get(response__invitation=invitation, kpi=kpi).value == 7

    # Close the tab; the same link resumes on the last page with the answers in place,
    # and going back, page after page, shows every earlier answer.
    context = page.context
    page.close()
    page = context.new_page()
    problems += watch_console(page)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(url)
    expect_page(page, last.number)
    expect(page.locator(f'#q-{last.questions[0].pk} input[value="5"]')).to_be_checked()
    expect(page.locator(f"#k-{kpi.pk}")).to_have_value("7")
    for survey_page in reversed(middle):
        page.get_by_role("button", name="Back").click()
        expect_page(page, survey_page.number)
        for question in survey_page.questions:
            expect(page.locator(f'#q-{question.pk} input[value="3"]')).to_be_checked()
    page.get_by_role("button", name="Back").click()
    expect_page(page, 1)
    expect(page.locator(f'#q-{q1.pk} input[value="4"]')).to_be_checked()
    expect(page.locator(f'#q-{q2.pk} input[value="2"]')).to_be_checked()
    expect(page.locator(f'#q-{q3.pk} input[value="na"]')).to_be_checked()
    expect(page.locator(f"#c-{q1.pk}")).to_have_value("Only for the SOC, not the cloud accounts.")
    page.screenshot(path=screenshot_dir / "survey-page-375.png")
    page.screenshot(path=screenshot_dir / "survey-page-375-full.png", full_page=True)
    assert serious_accessibility_problems(page) == []

    # Finish, review, submit.
    continue_to(page, last.number)
    for question in last.questions[1:]:
        choose(page, question, "unknown")
    expect(page.locator("#save-status")).to_have_text("Saved")
    page.get_by_role("button", name="Save and review").click()
    expect(page).to_have_url(re.compile(r"/review/$"))
    expect(page.get_by_text("You answered every question.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "survey-review-375.png", full_page=True)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    page.screenshot(path=screenshot_dir / "survey-thanks-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=screenshot_dir / "survey-thanks-1280.png")

    assert [p.removeprefix(url) for p in posted] == ["", "submit/"]  # starting and submitting only
    response = Response.objects.get(invitation=invitation)
    assert response.status == Response.Status.SUBMITTED and response.role == "engineer"
    assert Answer.objects.filter(response=response).count() == Question.objects.filter(
        area__discipline__in=invitation.assessment.disciplines.all()).count()
    assert problems == []


def test_the_survey_works_with_scripting_off(browser, link, screenshot_dir):
    from playwright.sync_api import expect

    url, invitation, plan = link
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    page = context.new_page()
    redirects = []
    page.on("response", lambda r: redirects.append(r.url) if r.status in (301, 302, 303) else None)
    try:
        page.goto(url)
        page.get_by_label("Team lead").check()
        page.get_by_role("button", name="Start the survey").click()
        first = plan.pages[0].questions
        for question in first[:2]:
            choose(page, question, "2")
        redirects.clear()
        continue_to(page, 2)
        assert Answer.objects.filter(response__invitation=invitation, level=2).count() == 2
        assert redirects == []  # the form went to page 2, which saved it and showed itself
        last = plan.pages[-1]
        continue_to(page, last.number)
        kpi = next(k for k in last.kpis if not accepts(k, 1_000_000))
        page.locator(f"#k-{kpi.pk}").fill("1000000")
        page.get_by_role("button", name="Save and review").click()
        expect(page.get_by_role("alert")).to_contain_text("Some answers on this page were not saved")
        expect(page.locator(f"#err-k-{kpi.pk}")).to_be_visible()
        page.screenshot(path=screenshot_dir / "survey-noscript-error-375.png")
        page.get_by_role("button", name="Back").scroll_into_view_if_needed()
        page.screenshot(path=screenshot_dir / "survey-noscript-nav-375.png")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_stop_reminders_page_is_accessible_and_does_what_it_says(browser, link, screenshot_dir, width):
    from django.urls import reverse

    url, invitation, _ = link
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(url.split("/s/")[0] + reverse("survey:reminders_off", args=[invitation.token]))
        assert serious_accessibility_problems(page) == []
        page.get_by_role("button", name="Send me no more reminders").click()
        page.get_by_role("heading", name="No more reminders").wait_for()
        page.screenshot(path=screenshot_dir / f"reminders-off-{width}.png")
        assert serious_accessibility_problems(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        invitation.refresh_from_db()
        assert invitation.reminders_off_at is not None
    finally:
        context.close()


def test_on_a_phone_the_review_shows_the_figure_and_the_submit_button_on_the_first_screen(browser, link,
                                                                                           screenshot_dir):
    """375 × 667 (the smallest common phone screen), a partly answered response: the
    completeness figure and the button are visible without scrolling; submitting asks to
    confirm with the figure, and the confirmed submission goes through."""
    from django.urls import reverse

    url, invitation, _ = link
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    try:
        page.goto(url)
        page.get_by_label("Team lead").check()
        page.get_by_role("button", name="Start the survey").click()
        expect_page(page, 1)
        page.goto(url.split("/s/")[0] + reverse("survey:review", args=[invitation.token]))
        button = page.get_by_role("button", name="Submit my answers")
        box = button.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 667, box
        assert "You have answered 0 %" in page.locator(".sv-submit").inner_text()
        page.screenshot(path=screenshot_dir / "review-375.png")
        assert serious_accessibility_problems(page) == []
        button.click()
        confirm = page.get_by_role("button", name="Submit with 0 % answered")
        assert "not counted" in page.get_by_role("alert").inner_text()
        box = confirm.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 667, box
        page.screenshot(path=screenshot_dir / "review-confirm-375.png")
        confirm.click()
        page.get_by_role("heading", name="Thank you!").wait_for()
        assert Response.objects.get(invitation=invitation).status == Response.Status.SUBMITTED
    finally:
        context.close()
