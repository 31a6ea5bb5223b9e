from assessments.models import Area, Kpi
from assessments.survey.pages import PAGE_QUESTION_LIMIT, build_plan, level_options
from assessments.survey.selectors import survey_plan
from tests.builders import make_assessment

from .conftest import assessment_kpis, assessment_questions


def pages_by_discipline(plan) -> dict[str, list]:
    pages: dict[str, list] = {}
    for page in plan.pages:
        pages.setdefault(page.discipline.key, []).append(page)
    return pages


def test_long_disciplines_are_cut_at_area_boundaries_into_pages_of_at_most_twelve(plan, assessment):
    assert PAGE_QUESTION_LIMIT == 12
    by_discipline = pages_by_discipline(plan)
    assert any(len(pages) > 1 for pages in by_discipline.values()), "no discipline is long enough to be cut"
    for discipline in assessment.disciplines.all():
        pages = by_discipline[discipline.key]
        areas = [area.pk for area in Area.objects.filter(discipline=discipline).order_by("order", "key")
                 if area.questions.exists()]
        # Every area whole and on one page, in catalogue order, with its questions in order.
        assert [block.area.pk for p in pages for block in p.areas] == areas
        for p in pages:
            for block in p.areas:
                assert [q.pk for q in block.questions] == list(
                    block.area.questions.order_by("order", "key").values_list("pk", flat=True))
        for p in pages:
            sizes = [len(block.questions) for block in p.areas]
            assert sum(sizes) <= PAGE_QUESTION_LIMIT or len(sizes) == 1, (p.title, sizes)
        # Cut only where needed: the next page's first area would not have fitted.
        for before, after in zip(pages, pages[1:], strict=False):
            assert len(before.questions) + len(after.areas[0].questions) > PAGE_QUESTION_LIMIT
    # A discipline's pages follow each other, disciplines in catalogue order.
    ordered = assessment.disciplines.order_by("order", "key")
    assert [p.discipline.key for p in plan.pages] == [d.key for d in ordered for _ in by_discipline[d.key]]
    assert [p.number for p in plan.pages] == list(range(1, len(plan.pages) + 1))
    assert plan.question_count == assessment_questions(assessment).count()
    assert plan.review_number == len(plan.pages) + 1


def test_kpis_come_on_the_last_page_of_their_discipline(plan, assessment):
    kpis = {d.key: list(Kpi.objects.filter(discipline=d).order_by("order", "key").values_list("pk", flat=True))
            for d in assessment.disciplines.all()}
    assert all(kpis.values()), "every discipline of the fixture has KPIs"
    assert any(p.parts > 1 for p in plan.pages), "no discipline has a page before its last"
    for p in plan.pages:
        expected = kpis[p.discipline.key] if p.part == p.parts else []
        assert [k.pk for k in p.kpis] == expected, p.title
    assert plan.kpi_count == assessment_kpis(assessment).count()


def test_pages_are_titled_by_discipline_and_part(plan):
    by_discipline = pages_by_discipline(plan)
    assert any(len(pages) > 1 for pages in by_discipline.values())
    for pages in by_discipline.values():
        name, parts = pages[0].discipline.name, len(pages)
        expected = [name] if parts == 1 else [f"{name}, part {n} of {parts}" for n in range(1, parts + 1)]
        assert [p.title for p in pages] == expected


def test_the_plan_follows_catalogue_order_whatever_order_the_rows_come_in(plan):
    questions = [q for p in plan.pages for q in p.questions]
    kpis = [k for p in plan.pages for k in p.kpis]
    again = build_plan(reversed(questions), reversed(kpis))
    assert [[q.pk for q in p.questions] for p in again.pages] == [[q.pk for q in p.questions] for p in plan.pages]
    assert [[k.pk for k in p.kpis] for p in again.pages] == [[k.pk for k in p.kpis] for p in plan.pages]


def test_a_short_discipline_is_one_page(plan, assessment):
    questions = [q for p in plan.pages for q in p.questions]
    kpis = [k for p in plan.pages for k in p.kpis]
    longest = max(plan.question_counts.values())
    assert longest > PAGE_QUESTION_LIMIT  # so the default limit cuts it, and the one below does not
    loose = build_plan(questions, kpis, limit=longest)  # a discipline of exactly the limit still fits
    assert [p.title for p in loose.pages] == [d.name for d in assessment.disciplines.order_by("order", "key")]
    assert [len(p.kpis) for p in loose.pages] == [len(p.kpis) for p in plan.pages if p.kpis]


def test_the_assessments_disciplines_only(catalogue, org):
    plan = survey_plan(make_assessment(org, disciplines=("secops",)))
    assert {p.discipline.key for p in plan.pages} == {"secops"}


def test_levels_are_split_into_name_and_description(plan):
    options = level_options(plan.pages[0].questions[0])
    assert [(o.value, o.name) for o in options] == [
        ("1", "Initial"), ("2", "Repeatable"), ("3", "Defined"), ("4", "Measured"), ("5", "Optimising"),
    ]
    assert options[0].description.startswith("Monitoring is added ad hoc")
