from assessments.survey.pages import build_plan, level_options
from assessments.survey.selectors import survey_plan
from tests.builders import make_assessment


def test_long_disciplines_are_cut_at_area_boundaries_into_pages_of_at_most_twelve(plan):
    # SysOps: seven areas of 3 questions (21); DevOps: 3,4,4,4,3,4,4 (26).
    sizes = [(p.discipline.key, [len(a.questions) for a in p.areas]) for p in plan.pages]
    assert sizes == [
        ("sysops", [3, 3, 3, 3]),
        ("sysops", [3, 3, 3]),
        ("devops", [3, 4, 4]),
        ("devops", [4, 3, 4]),
        ("devops", [4]),
    ]
    assert [p.number for p in plan.pages] == [1, 2, 3, 4, 5]
    assert plan.question_count == 47 and plan.review_number == 6


def test_kpis_come_on_the_last_page_of_their_discipline(plan):
    assert [len(p.kpis) for p in plan.pages] == [0, 5, 0, 0, 4]
    assert {k.discipline.key for k in plan.pages[1].kpis} == {"sysops"}


def test_pages_are_titled_by_discipline_and_part(plan):
    assert [p.title for p in plan.pages] == [
        "SysOps, part 1 of 2", "SysOps, part 2 of 2",
        "DevOps, part 1 of 3", "DevOps, part 2 of 3", "DevOps, part 3 of 3",
    ]


def test_the_plan_follows_catalogue_order_whatever_order_the_rows_come_in(plan):
    questions = [q for p in plan.pages for q in p.questions]
    kpis = [k for p in plan.pages for k in p.kpis]
    again = build_plan(reversed(questions), reversed(kpis))
    assert [[q.pk for q in p.questions] for p in again.pages] == [[q.pk for q in p.questions] for p in plan.pages]
    assert [[k.pk for k in p.kpis] for p in again.pages] == [[k.pk for k in p.kpis] for p in plan.pages]


def test_a_short_discipline_is_one_page(plan):
    questions = [q for p in plan.pages for q in p.questions]
    kpis = [k for p in plan.pages for k in p.kpis]
    loose = build_plan(questions, kpis, limit=30)
    assert [p.title for p in loose.pages] == ["SysOps", "DevOps"]


def test_the_assessments_disciplines_only(catalogue, org):
    plan = survey_plan(make_assessment(org, disciplines=("secops",)))
    assert {p.discipline.key for p in plan.pages} == {"secops"}


def test_levels_are_split_into_name_and_description(plan):
    options = level_options(plan.pages[0].questions[0])
    assert [(o.value, o.name) for o in options] == [
        ("1", "Initial"), ("2", "Repeatable"), ("3", "Defined"), ("4", "Measured"), ("5", "Optimising"),
    ]
    assert options[0].description.startswith("Monitoring is added ad hoc")
