"""The results page in headless Chromium: no serious accessibility problem (axe-core) at
1280 and 375 px, and chart labels a reader can read. Screenshots in var/screenshots/."""

import random

import pytest

from assessments.demo import responses_generate
from assessments.services.assessments import assessment_close
from tests.builders import PASSWORD, make_assessment

pytestmark = pytest.mark.browser
MIN_LABEL_PX = 11


@pytest.fixture
def results_url(transactional_db, live_server, catalogue, org, owner, manager):
    assessment = make_assessment(org, created_by=owner, disciplines=("sysops", "netops"))
    responses_generate(assessment, list(org.teams.all()), per_team=6, rng=random.Random(11))
    assessment_close(assessment=assessment, actor=owner)  # published: what the manager sees
    return live_server.url, f"/assessments/{assessment.pk}/results/"


def _log_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [1280, 375])
def test_the_results_page_has_no_serious_accessibility_problem(browser, results_url, manager, screenshot_dir,
                                                                width):
    base, path = results_url
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        _log_in(page, base, manager.email)
        page.goto(base + path)
        assert page.get_by_role("heading", name="Verdict").is_visible()
        page.screenshot(path=str(screenshot_dir / f"results-{width}.png"), full_page=True)
        assert _serious(page) == []
    finally:
        context.close()


def test_chart_labels_are_at_least_11_px_at_1280(page, results_url, manager):
    base, path = results_url
    _log_in(page, base, manager.email)
    page.goto(base + path)
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.chart svg text'))
        .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)""")
    assert len(sizes) > 20
    assert min(sizes) >= MIN_LABEL_PX - 0.01


@pytest.mark.parametrize("width", [1280, 375])
def test_the_reports_review_and_actions_pages_have_no_serious_accessibility_problem(
        browser, results_url, owner, screenshot_dir, width):
    """The consultant's pages of the deliverables: the report list, the review form, the
    tracker with an action's update form open, the firm's branding form, and the
    assessment's form with its deadline and reminder fields."""
    from assessments.models import FirmMember
    from assessments.services.organizations import firm_of
    from reports.models import Report
    from reports.services import actions_track

    base, path = results_url
    assessment_id = int(path.strip("/").split("/")[1])
    from assessments.models import Assessment

    actions_track(assessment=Assessment.objects.get(pk=assessment_id), user=owner)
    second = make_assessment(Assessment.objects.get(pk=assessment_id).organization, created_by=owner,
                             title="Next round", disciplines=("sysops",))
    firm_of(owner)
    FirmMember.objects.filter(user=owner).update(may_brand=True)
    from django.contrib.auth.models import Permission

    owner.user_permissions.add(Permission.objects.get(codename="add_catalogueversion"))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        _log_in(page, base, owner.email)
        page.goto(f"{base}/assessments/{assessment_id}/reports/")
        page.get_by_role("button", name="Word report").click()
        assert page.get_by_role("link", name="Download Word").is_visible()
        assert Report.objects.filter(format="docx").count() == 1
        for name, url in (("reports", f"/assessments/{assessment_id}/reports/"),
                          ("review", f"/assessments/{assessment_id}/reports/review"),
                          ("actions", f"/assessments/{assessment_id}/actions/"), ("firm", "/firm/"),
                          ("assessment", f"/assessments/{assessment_id}/"),
                          ("comments", f"/assessments/{assessment_id}/comments/"),
                          ("compare", f"/compare/?a={assessment_id}&a={second.pk}"),
                          ("catalogue-upload", "/catalogue/upload/"),
                          ("assessment-edit", f"/assessments/{assessment_id}/edit/")):
            page.goto(base + url)
            if name == "actions":
                page.locator("summary").first.click()
                assert page.get_by_label("Due").first.is_visible()
            if name == "firm":
                assert page.get_by_role("button", name="Save branding").is_visible()
            page.screenshot(path=str(screenshot_dir / f"{name}-{width}.png"), full_page=True)
            assert _serious(page) == [], name
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
    finally:
        context.close()


def test_starting_a_report_says_it_is_being_built_and_blocks_a_second_click(page, results_url, owner):
    """In the embedded set-up the build runs during the request: the page must not look frozen."""
    base, path = results_url
    assessment_id = int(path.strip("/").split("/")[1])
    _log_in(page, base, owner.email)
    page.goto(f"{base}/assessments/{assessment_id}/reports/")
    # Hold the page where a slow build leaves it: the submit has happened, no answer yet.
    page.evaluate("document.querySelector('form[data-report-form]')"
                  ".addEventListener('submit', function (e) { e.preventDefault(); })")
    page.get_by_role("button", name="Word report").click()
    status = page.get_by_role("status").filter(has_text="Building")
    status.wait_for()
    assert "Building: Word report." in status.inner_text()
    buttons = page.locator("form[data-report-form] button")
    page.wait_for_function("() => [...document.querySelectorAll('form[data-report-form] button')]"
                           ".every(b => b.disabled)")
    assert buttons.count() == 3
