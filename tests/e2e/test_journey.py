"""The whole journey in headless Chromium, through the real pages only.

A consultant sets up a client, its teams and an assessment with a deadline and hands out
anonymous links; three respondents answer (one leaves half-way and comes back, one
comments, one submits with a question open and confirms); the consultant shares the
comment, closes the round and generates the PDF report; the client's manager sees the
results with the shared comment and downloads the PDF. The ORM only creates the two accounts, loads the catalogue and
checks the outcome at the end.

With REDIS_URL set the report is built by a live Celery worker over Redis (PostgreSQL
needed); without it Celery runs the build in-process. Screenshots of every step go to
var/e2e/NN-*.png for a human look.
"""

import datetime
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from pypdf import PdfReader

from assessments.models import Answer, Assessment, AuditEvent, Membership, Organization, Question, Response
from opsassess.celery import app as celery_app
from reports.models import Report
from tests.builders import PASSWORD, make_member, make_org, make_user

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e"
CLIENT = "Kestrel Logistics"
TEAMS = ("Platform", "Network")
TITLE = "Security maturity 2026"
DISCIPLINES = ("SecOps", "DevSecOps")
TARGET_MODEL = "High-velocity product organisation"
TARGET_AREA = "Vulnerability management"
LINKS = 3
COMMENT = "Scanner findings land in a shared inbox that nobody owns."
CLOSES_ON = datetime.date.today() + datetime.timedelta(days=20)
DEADLINE = f"{CLOSES_ON.day} {CLOSES_ON:%B %Y} at 17:00 (Europe/Zurich)"
UI = 15_000  # ms: a page or an autosave on a busy two-core machine
REPORT = 120_000  # ms: building the PDF, in-process or on the worker
PDF_HEADINGS = (
    "Contents",
    "1 Verdict",
    "2 Findings by discipline",
    "2.1 SecOps",
    "2.2 DevSecOps",
    "3 Heatmap by team and area",
    "4 Gaps and roadmap",
    "5 Risk register",
    "6 KPIs against benchmarks",
    "Appendix A — Methodology",
)

Pick = Callable[[int, int], str | None]  # (page number, question index on the page) -> choice


class Journey:
    """The browser side: fresh contexts whose pages report console errors, numbered screenshots."""

    def __init__(self, browser, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.problems: list[str] = []
        self.shots = 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob("*.png"):
            old.unlink()

    def new_page(self):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(UI)
        self.watch(page)
        return page

    def watch(self, page) -> None:
        """Console errors (CSP violations and failed loads land here) and uncaught exceptions."""
        def console(message) -> None:
            if message.type == "error":
                self.problems.append(f"{page.url}: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))

    def shot(self, page, name: str, *, full_page: bool = True) -> None:
        self.shots += 1
        page.screenshot(path=SHOTS / f"{self.shots:02d}-{name}.png", full_page=full_page)


@pytest.fixture
def report_builds(request: pytest.FixtureRequest) -> Iterator[str]:
    """Where report builds run: a live worker over Redis when REDIS_URL is set, else in-process."""
    if not django_settings.REDIS_URL:
        yield "in-process"
        return
    request.getfixturevalue("live_worker")
    # The shared autouse fixture makes tasks eager for tests not marked `services`.
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield "worker"
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def people(transactional_db, live_server, catalogue, settings) -> tuple:
    """A consultant and a manager-to-be, both able to log in. Only a consultant of some
    organisation may create one, so this one already works for another client."""
    settings.SITE_URL = live_server.url  # the base of the survey links the invitations page shows
    consultant = make_member(make_org("Globex Ltd", teams=("Ops",)), "consultant@example.com",
                             Membership.Role.CONSULTANT)
    return consultant, make_user("manager@kestrel.example")


def test_a_round_from_setup_to_the_managers_pdf(browser, live_server, people, report_builds, settings):
    from playwright.sync_api import expect

    # A round of three people: published only with the smallest group size the settings allow.
    settings.OPSASSESS_MIN_GROUP_SIZE = 3

    consultant, manager = people
    journey = Journey(browser, live_server.url)
    page = journey.new_page()

    log_in(journey, page, consultant.email, "consultant")
    create_client(journey, page)
    # The manager account exists already; giving it access is the ORM's part here.
    organization = Organization.objects.get(name=CLIENT)
    Membership.objects.create(user=manager, organization=organization, role=Membership.Role.MANAGER)
    area_key, level = create_assessment(journey, page)
    links = invite_team(journey, page, TEAMS[0])
    assessment_url = page.url.split("/teams/")[0] + "/"

    engineer, lead, manager_role = links
    answer_everything(journey, engineer, "Engineer")
    seen = answer_half_and_leave(journey, lead, "Team lead")
    answer_all_but_one(journey, manager_role, "Manager")
    resume_and_submit(journey, lead, seen)

    share_the_comment(journey, page, assessment_url)
    page.goto(assessment_url)
    expect(page.get_by_text(f"Closes by itself on {DEADLINE}")).to_be_visible()
    team = page.locator("[data-team]").filter(has_text=TEAMS[0])
    expect(team.locator('[data-field="submitted"]')).to_have_text(str(LINKS))
    close_and_generate_report(journey, page, report_builds)
    page.context.close()

    pdf = manager_downloads_the_report(journey, manager.email)

    assert journey.problems == []
    assert_the_outcome(organization, consultant, manager, area_key, level, pdf)
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    for expected in (CLIENT, TITLE, f"Confidential — prepared for {CLIENT}", *PDF_HEADINGS,
                     "What respondents said", COMMENT):
        assert expected in text, expected


# --- the consultant ------------------------------------------------------------------------


def log_in(journey: Journey, page, email: str, who: str) -> None:
    from playwright.sync_api import expect

    page.goto(journey.base_url + "/accounts/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    journey.shot(page, f"{who}-login")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def create_client(journey: Journey, page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("link", name="New client organisation").click()
    page.get_by_label("Name").fill(CLIENT)
    page.get_by_label("Sector").fill("Logistics")
    journey.shot(page, "new-client")
    page.get_by_role("button", name="Create organisation").click()
    expect(page.get_by_role("heading", name=CLIENT, level=1)).to_be_visible()
    page.get_by_role("link", name="Add team", exact=True).click()
    page.get_by_label("Name").fill(TEAMS[0])
    page.get_by_label("Description").fill("Linux fleet, Kubernetes and the CI runners")
    page.get_by_role("button", name="Add and add another").click()
    expect(page.get_by_role("alert").filter(has_text=f"Team “{TEAMS[0]}” added")).to_be_visible()
    page.get_by_label("Name").fill(TEAMS[1])
    page.get_by_role("button", name="Add team", exact=True).click()
    teams = page.locator("section", has=page.locator("#teams-title")).locator("li")
    expect(teams).to_contain_text(sorted(TEAMS))  # listed by name
    journey.shot(page, "client-with-teams")


def create_assessment(journey: Journey, page) -> tuple[str, int]:
    """Step 1 (scope) and step 2 (targets, one area raised); returns that area's key and level."""
    from playwright.sync_api import expect

    page.get_by_role("link", name="New assessment").first.click()
    page.get_by_label("Title").fill(TITLE)
    for name in DISCIPLINES:
        page.get_by_label(name, exact=True).check()
    page.get_by_label(TARGET_MODEL).check()
    for name in TEAMS:
        expect(page.get_by_label(name, exact=True)).to_be_checked()  # every team by default
    page.get_by_label("Closes on").fill(CLOSES_ON.isoformat())  # 17:00 when no time is given
    page.get_by_label("Time zone").select_option("Europe/Zurich")
    journey.shot(page, "new-assessment")
    page.get_by_role("button", name="Save draft and set targets").click()

    expect(page.get_by_role("heading", name="Target levels")).to_be_visible()
    select = page.get_by_label(TARGET_AREA, exact=True)
    level = 5 if select.get_attribute("data-model-level") != "5" else 4
    select.select_option(str(level))
    expect(page.locator("[data-targets-summary]")).to_have_text("1 area differs from the model (highlighted)")
    expect(page.locator("tr.table-warning")).to_have_count(1)
    journey.shot(page, "targets-adjusted")
    area_key = select.get_attribute("name").removeprefix("target-")
    page.get_by_role("button", name="Save targets").click()
    expect(page.get_by_role("alert").filter(has_text="Targets saved: 1 area differs")).to_be_visible()

    page.get_by_role("button", name="Open assessment").click()
    expect(page.get_by_role("alert").filter(has_text="The assessment is open")).to_be_visible()
    journey.shot(page, "assessment-open")
    return area_key, level


def invite_team(journey: Journey, page, team: str) -> list[str]:
    """Anonymous links for one team, read back from the page."""
    from playwright.sync_api import expect

    page.get_by_role("link", name=f"Invite {team}").click()
    expect(page.get_by_role("heading", name=f"Invitations: {team}")).to_be_visible()
    page.get_by_label("Anonymous links").fill(str(LINKS))
    page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text=f"{LINKS} anonymous links created")).to_be_visible()
    journey.shot(page, "invitation-links")
    links = page.locator("#all-links").input_value().split()
    assert len(links) == LINKS and all(link.startswith(journey.base_url + "/s/") for link in links), links
    return links


def share_the_comment(journey: Journey, page, assessment_url: str) -> None:
    """The consultant reads the comments and shares the engineer's with the client."""
    from playwright.sync_api import expect

    page.goto(assessment_url)
    page.get_by_role("link", name="Respondents' comments").click()
    expect(page.get_by_role("heading", name="Respondents' comments")).to_be_visible()
    item = page.locator("li", has_text=COMMENT)
    expect(item).to_contain_text(f"{TEAMS[0]} · Level")  # the team and the answer, never who
    item.get_by_role("button", name="Share with the client").click()
    expect(page.locator("li", has_text=COMMENT).get_by_role("button", name="Shared with the client")).to_be_visible()
    journey.shot(page, "comment-shared")


def close_and_generate_report(journey: Journey, page, report_builds: str) -> None:
    from playwright.sync_api import expect

    journey.shot(page, "progress-all-submitted")
    page.once("dialog", lambda dialog: dialog.accept())  # "Close this assessment?"
    page.get_by_role("button", name="Close", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Closed: respondents can no longer answer")).to_be_visible()
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    page.get_by_role("button", name="Generate PDF report").click()
    row = page.locator("tr[data-report-status]")
    download = row.get_by_role("link", name="Download PDF")
    # In-process the build is over before the page shows; a worker may still be at it,
    # and then the bar moves until reports.js reloads the page with the link.
    expect(row.get_by_role("progressbar").or_(download)).to_be_visible(timeout=REPORT)
    if report_builds == "worker" and download.count() == 0:
        journey.shot(page, "report-building")
    expect(download).to_be_visible(timeout=REPORT)
    expect(row).to_have_attribute("data-status", "done")
    journey.shot(page, "report-ready")


# --- the respondents ---------------------------------------------------------------------------


def engineer_pick(page_number: int, index: int) -> str:
    return str(1 + (page_number + index) % 3)  # levels 1-3: this team is early on


def lead_pick(page_number: int, index: int) -> str:
    return "unknown" if (page_number, index) == (1, 4) else str(2 + (page_number + index) % 3)


def manager_pick(page_number: int, index: int) -> str | None:
    if (page_number, index) == (2, 0):
        return None  # left open on purpose: the review page lists it
    return "na" if (page_number, index) == (3, 2) else str(3 + index % 3)


def start_survey(journey: Journey, link: str, role: str):
    from playwright.sync_api import expect

    page = journey.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text(f"The survey closes on {DEADLINE}.")).to_be_visible()
    page.get_by_label(role, exact=True).check()
    if role == "Engineer":
        journey.shot(page, "survey-intro")
    page.get_by_role("button", name="Start the survey").click()
    expect(page).to_have_url(re.compile(r"/p/1/$"))
    return page


def page_position(page) -> tuple[int, int]:
    from playwright.sync_api import expect

    head = page.locator(".sv-head p").first
    expect(head).to_have_text(re.compile(r"^Page \d+ of \d+$"))
    number, total = re.fullmatch(r"Page (\d+) of (\d+)", head.inner_text().strip()).groups()
    return int(number), int(total)


def answer(page, pick: Pick, *, first: int = 0, last: int | None = None) -> dict[str, str]:
    """Click the chosen radio of questions [first:last] on this page; each is autosaved."""
    from playwright.sync_api import expect

    number, _ = page_position(page)
    questions = page.locator("fieldset.sv-question")
    expect(questions.first).to_be_visible()
    chosen = {}
    for index in range(questions.count())[first:last]:
        value = pick(number, index)
        if value is None:
            continue
        question = questions.nth(index)
        question.locator(f'input[value="{value}"]').check()
        chosen[question.get_attribute("data-question")] = value
    if chosen:
        expect(page.locator("#save-status")).to_have_text("Saved", timeout=UI)
    return chosen


def answer_to_the_review(journey: Journey, page, pick: Pick, shoot: str = "") -> None:
    from playwright.sync_api import expect

    while True:
        number, total = page_position(page)
        answer(page, pick)
        if shoot and number == 1:
            journey.shot(page, f"{shoot}-page-1", full_page=False)
        if number == total:
            page.get_by_role("button", name="Save and review").click()
            expect(page).to_have_url(re.compile(r"/review/$"))
            return
        page.get_by_role("button", name="Save and continue").click()
        expect(page).to_have_url(re.compile(rf"/p/{number + 1}/$"))


def submit(journey: Journey, page, who: str) -> None:
    from playwright.sync_api import expect

    journey.shot(page, f"{who}-review")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    journey.shot(page, f"{who}-thanks")
    page.context.close()


def answer_everything(journey: Journey, link: str, role: str) -> None:
    from playwright.sync_api import expect

    page = start_survey(journey, link, role)
    answer(page, engineer_pick)
    first = page.locator("fieldset.sv-question").first
    first.get_by_text("Add a comment").click()
    first.locator("textarea").fill(COMMENT)
    first.locator("textarea").blur()
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=UI)
    answer_to_the_review(journey, page, engineer_pick, shoot="engineer")
    expect(page.get_by_text("You answered every question.")).to_be_visible()
    submit(journey, page, "engineer")


def answer_half_and_leave(journey: Journey, link: str, role: str) -> dict[str, dict[str, str]]:
    """Pages 1 and 2, then half of page 3, then the browser goes away. Returns what was chosen."""
    from playwright.sync_api import expect

    page = start_survey(journey, link, role)
    assert page_position(page)[1] >= 4, "the lead leaves on page 3 and later goes on to page 4"
    seen = {"2": {}, "3": {}}
    for number in (1, 2):
        seen[str(number)] = answer(page, lead_pick)
        page.get_by_role("button", name="Save and continue").click()
        expect(page).to_have_url(re.compile(rf"/p/{number + 1}/$"))
    half = page.locator("fieldset.sv-question").count() // 2
    seen["3"] = answer(page, lead_pick, last=half)
    journey.shot(page, "lead-leaves-half-way", full_page=False)
    page.context.close()
    return seen


def answer_all_but_one(journey: Journey, link: str, role: str) -> None:
    from playwright.sync_api import expect

    page = start_survey(journey, link, role)
    answer_to_the_review(journey, page, manager_pick)
    expect(page.get_by_role("link", name="See the 1 open question")).to_be_visible()
    journey.shot(page, "manager-respondent-review")
    # Below 100 % the submission asks to confirm, with the figure.
    page.get_by_role("button", name="Submit my answers").click()
    confirm = page.get_by_role("button", name=re.compile(r"^Submit with 9\d % answered$"))
    expect(confirm).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Your answers will count")
    journey.shot(page, "manager-respondent-confirm")
    confirm.click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    page.context.close()


def resume_and_submit(journey: Journey, link: str, seen: dict[str, dict[str, str]]) -> None:
    """A new browser, the same link: back on page 3 with every earlier answer in place."""
    from playwright.sync_api import expect

    page = journey.new_page()
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/p/3/$"))
    for question, value in seen["3"].items():
        expect(page.locator(f'#q-{question} input[value="{value}"]')).to_be_checked()
    journey.shot(page, "lead-resumes", full_page=False)
    page.get_by_role("button", name="Back").click()
    expect(page).to_have_url(re.compile(r"/p/2/$"))
    for question, value in seen["2"].items():
        expect(page.locator(f'#q-{question} input[value="{value}"]')).to_be_checked()
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(r"/p/3/$"))
    answer(page, lead_pick, first=len(seen["3"]))
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(r"/p/4/$"))
    answer_to_the_review(journey, page, lead_pick)
    expect(page.get_by_text("You answered every question.")).to_be_visible()
    submit(journey, page, "lead")


# --- the client's manager ----------------------------------------------------------------------


def manager_downloads_the_report(journey: Journey, email: str) -> bytes:
    from playwright.sync_api import expect

    page = journey.new_page()
    log_in(journey, page, email, "manager")
    expect(page.get_by_role("heading", name="Your organisation's assessments")).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Results", exact=True).click()
    expect(page.get_by_role("heading", name=f"Results: {TITLE}")).to_be_visible()
    expect(page.get_by_text(f"{LINKS} submitted responses")).to_be_visible()
    for name in DISCIPLINES:
        expect(page.get_by_role("img", name=f"{name}: current vs target by area", exact=True)).to_be_visible()
    expect(page.locator(".chart-radar svg")).to_have_count(len(DISCIPLINES))
    expect(page.get_by_role("link", name="Raw answers CSV")).to_have_count(0)  # consultants only
    comments = page.locator("section", has=page.get_by_role("heading", name="What respondents said"))
    expect(comments).to_contain_text(COMMENT)
    expect(comments).to_contain_text(TEAMS[0])
    journey.shot(page, "manager-results")
    page.get_by_role("link", name="Reports", exact=True).click()
    with page.expect_download(timeout=UI) as info:
        page.get_by_role("link", name="Download PDF").click()
    download = info.value
    assert download.suggested_filename.endswith("-gap-report-v1.pdf"), download.suggested_filename
    journey.shot(page, "manager-reports")
    pdf = Path(download.path()).read_bytes()
    page.context.close()
    return pdf


# --- what ended up in the database ---------------------------------------------------------------


def assert_the_outcome(organization, consultant, manager, area_key: str, level: int, pdf: bytes) -> None:
    assert sorted(organization.teams.values_list("name", flat=True)) == sorted(TEAMS)
    assessment = Assessment.objects.get(organization=organization, title=TITLE)
    assert assessment.status == Assessment.Status.CLOSED and assessment.created_by == consultant
    assert assessment.target_model.name == TARGET_MODEL
    assert sorted(assessment.disciplines.values_list("name", flat=True)) == sorted(DISCIPLINES)
    assert assessment.target_overrides == {area_key: level}
    responses = Response.objects.filter(invitation__assessment=assessment)
    assert sorted(responses.values_list("role", "status")) == [
        ("engineer", "submitted"), ("lead", "submitted"), ("manager", "submitted")
    ]
    questions = Question.objects.filter(area__discipline__in=assessment.disciplines.all()).count()
    counts = {r.role: Answer.objects.filter(response=r).count() for r in responses}
    assert counts == {"engineer": questions, "lead": questions, "manager": questions - 1}  # one left open
    report = Report.objects.get(assessment=assessment)
    assert (report.status, report.version, report.requested_by) == (Report.Status.DONE, 1, consultant)
    assert pdf.startswith(b"%PDF") and len(pdf) == report.size_bytes
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOADED, actor=manager,
                                     assessment=assessment).count() == 1
