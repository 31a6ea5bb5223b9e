"""The survey's page plan: which questions each page shows, from the catalogue order.

Pure data in, dataclasses out; the ORM stays in selectors. A discipline fits on one
page up to PAGE_QUESTION_LIMIT questions. A longer one is cut at area boundaries into
pages of whole areas, each kept at or under the limit (an area longer than the limit
gets a page of its own), so a page never splits an area and a respondent never scrolls
through forty questions. A discipline's KPIs come on its last page.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..models import Area, Discipline, Kpi, Question

PAGE_QUESTION_LIMIT = 12
SECONDS_PER_QUESTION = 20
CHOICE_NOT_APPLICABLE = "na"
CHOICE_DONT_KNOW = "unknown"


@dataclass(frozen=True)
class AreaBlock:
    area: Area
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class SurveyPage:
    number: int  # 1-based, as in the URL
    discipline: Discipline
    areas: tuple[AreaBlock, ...]
    kpis: tuple[Kpi, ...]
    part: int
    parts: int

    @property
    def title(self) -> str:
        return self.discipline.name if self.parts == 1 else f"{self.discipline.name}, part {self.part} of {self.parts}"

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for block in self.areas for q in block.questions)


@dataclass(frozen=True)
class PagePlan:
    """Read-only once built and shared between requests (selectors cache it per process).

    The cached properties and `fragments` (compiled question widgets, see widgets.py)
    are filled on first use; filling them twice from two threads gives the same values.
    """

    pages: tuple[SurveyPage, ...]
    disciplines: tuple[Discipline, ...]
    question_counts: Mapping[int, int] = field(default_factory=dict)  # per discipline id
    fragments: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def question_count(self) -> int:
        return sum(len(p.questions) for p in self.pages)

    @cached_property
    def kpi_count(self) -> int:
        return sum(len(p.kpis) for p in self.pages)

    @cached_property
    def question_ids(self) -> frozenset[int]:
        return frozenset(q.pk for p in self.pages for q in p.questions)

    @cached_property
    def kpis(self) -> dict[int, Kpi]:
        return {k.pk: k for p in self.pages for k in p.kpis}

    @cached_property
    def first_numbers(self) -> tuple[int, ...]:
        """The running number of each page's first question (index 0 is page 1)."""
        numbers, first = [], 1
        for p in self.pages:
            numbers.append(first)
            first += len(p.questions)
        return tuple(numbers)

    @property
    def discipline_counts(self) -> list[tuple[Discipline, int]]:
        return [(d, self.question_counts.get(d.pk, 0)) for d in self.disciplines]

    @property
    def review_number(self) -> int:
        """The review page comes after the last question page; Response.last_page may point at it."""
        return len(self.pages) + 1

    @cached_property
    def minutes(self) -> int:
        seconds = (self.question_count + self.kpi_count) * SECONDS_PER_QUESTION
        return max(1, -(-seconds // 60))

    def page(self, number: int) -> SurveyPage | None:
        return self.pages[number - 1] if 1 <= number <= len(self.pages) else None


def _catalogue_order(question: Question) -> tuple:
    area, discipline = question.area, question.area.discipline
    return (discipline.order, discipline.key, area.order, area.key, question.order, question.key)


def _chunks(blocks: list[AreaBlock], limit: int) -> list[list[AreaBlock]]:
    if sum(len(b.questions) for b in blocks) <= limit:
        return [blocks]
    chunks: list[list[AreaBlock]] = [[]]
    for block in blocks:
        size = sum(len(b.questions) for b in chunks[-1])
        if chunks[-1] and size + len(block.questions) > limit:
            chunks.append([])
        chunks[-1].append(block)
    return chunks


def _area_blocks(questions: list[Question]) -> list[AreaBlock]:
    blocks: list[AreaBlock] = []
    for question in questions:
        if blocks and blocks[-1].area.pk == question.area_id:
            blocks[-1] = AreaBlock(blocks[-1].area, (*blocks[-1].questions, question))
        else:
            blocks.append(AreaBlock(question.area, (question,)))
    return blocks


def build_plan(questions: Iterable[Question], kpis: Iterable[Kpi], *, limit: int = PAGE_QUESTION_LIMIT) -> PagePlan:
    """Pages in catalogue order, whatever order the rows came in.

    Questions need their area and discipline loaded (select_related), KPIs their
    discipline. Disciplines without questions are left out: there is nothing to rate.
    """
    by_discipline: dict[int, list[Question]] = {}
    disciplines: dict[int, Discipline] = {}
    for question in sorted(questions, key=_catalogue_order):
        discipline = question.area.discipline
        disciplines.setdefault(discipline.pk, discipline)
        by_discipline.setdefault(discipline.pk, []).append(question)
    kpis_of: dict[int, list[Kpi]] = {}
    for kpi in sorted(kpis, key=lambda k: (k.order, k.key)):
        kpis_of.setdefault(kpi.discipline_id, []).append(kpi)
    pages: list[SurveyPage] = []
    for discipline_id, discipline_questions in by_discipline.items():
        chunks = _chunks(_area_blocks(discipline_questions), limit)
        for part, chunk in enumerate(chunks, start=1):
            last = part == len(chunks)
            pages.append(SurveyPage(
                number=len(pages) + 1,
                discipline=disciplines[discipline_id],
                areas=tuple(chunk),
                kpis=tuple(kpis_of.get(discipline_id, ())) if last else (),
                part=part,
                parts=len(chunks),
            ))
    return PagePlan(
        pages=tuple(pages),
        disciplines=tuple(disciplines.values()),
        question_counts={pk: len(qs) for pk, qs in by_discipline.items()},
    )


def progress_percent(answered: int, total: int) -> int:
    """The progress bar's width, rounded as the bar and the count agree (0 with no questions)."""
    return round(100 * answered / total) if total else 0


@dataclass(frozen=True)
class LevelOption:
    value: str
    number: int
    name: str
    description: str


def level_options(question: Question) -> list[LevelOption]:
    """The five anchored levels; "Initial: Fixes live in…" becomes a name and a description."""
    options = []
    for number, text in enumerate(question.levels, start=1):
        name, sep, rest = str(text).partition(": ")
        if not sep or len(name) > 30:
            name, rest = "", str(text)
        options.append(LevelOption(str(number), number, name, rest))
    return options
