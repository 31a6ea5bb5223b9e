"""Question widgets compiled once per questionnaire, filled per request.

A survey page is mostly fixed text: each question's statement, evidence hint and five
anchored levels. Rendering that through the template engine on every request cost most
of a page's time, so each question is rendered once (per plan, per process) with named
slots where the respondent's state goes: which option is checked, the comment, the
errors. A request then only joins strings. The template, survey/_question.html, stays
the one place that decides the markup.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import Kpi, Question
from .pages import CHOICE_DONT_KNOW, CHOICE_NOT_APPLICABLE, PagePlan, SurveyPage, level_options

# A slot is an HTML comment: escaped catalogue text can never contain "<", so it cannot
# forge one.
SLOT = re.compile(r"<!--slot:(\w+)-->")


def _slot(name: str) -> SafeString:
    return mark_safe(f"<!--slot:{name}-->")


@dataclass(frozen=True)
class Fragment:
    """Static HTML cut at its slots: parts[0], slot parts[1], parts[2], slot parts[3], …"""

    parts: tuple[str, ...]

    @classmethod
    def render(cls, template: str, context: Mapping[str, object]) -> "Fragment":
        return cls(tuple(SLOT.split(render_to_string(template, context))))

    def fill(self, values: Mapping[str, str]) -> SafeString:
        """The HTML with each slot replaced by its value (already escaped), or nothing."""
        parts = self.parts
        return mark_safe("".join([values.get(part, "") if i % 2 else part for i, part in enumerate(parts)]))


def _compile(question: Question, number: int, max_length: int) -> Fragment:
    options = [{"value": o.value, "number": o.number, "name": o.name, "description": o.description,
                "checked": _slot(f"checked_{o.value}")} for o in level_options(question)]
    slots = {name: _slot(name) for name in ("invalid", "describedby", "error", "checked_na", "checked_unknown",
                                            "open", "comment_invalid", "comment", "comment_describedby",
                                            "comment_error")}
    return Fragment.render("survey/_question.html", {
        "q": question, "number": number, "options": options, "s": slots, "max_length": max_length,
    })


def _kept(plan: PagePlan, key: tuple, compile_: Callable[[], Fragment]) -> Fragment:
    """The fragment kept on the (cached, per-process) plan under `key`, compiled on first use."""
    fragment = plan.fragments.get(key)
    if fragment is None:
        fragment = plan.fragments[key] = compile_()
    return fragment


def question_fragment(plan: PagePlan, question: Question, number: int, max_length: int) -> Fragment:
    """The compiled widget, kept on the (cached, per-process) plan it belongs to."""
    return _kept(plan, (question.pk, number, max_length), lambda: _compile(question, number, max_length))


def _error(field: str, message: str) -> str:
    return format_html('<p class="sv-error" id="err-{}">{}</p>', field, message) if message else ""


def _describedby(*ids: str) -> str:
    present = " ".join(i for i in ids if i)
    return f' aria-describedby="{present}"' if present else ""


def question_html(fragment: Fragment, *, question: Question, field: str, comment_field: str, choice: str,
                  comment: str, error: str, comment_error: str) -> SafeString:
    values = {
        "invalid": " sv-invalid" if error or comment_error else "",
        "describedby": _describedby(f"help-{question.pk}" if question.evidence else "", error and f"err-{field}"),
        "error": _error(field, error),
        "open": " open" if comment or comment_error else "",
        "comment_invalid": ' class="is-invalid"' if comment_error else "",
        # A leading newline in a textarea is dropped by the parser: keep the comment's own.
        "comment": "\n" + escape(comment) if comment else "",
        "comment_describedby": _describedby(comment_error and f"err-{comment_field}"),
        "comment_error": _error(comment_field, comment_error),
    }
    if choice in (CHOICE_NOT_APPLICABLE, CHOICE_DONT_KNOW) or choice.isdigit():
        values[f"checked_{choice}"] = " checked"
    return fragment.fill(values)


_PAGE_SLOTS = ("notices", "next_url", "autosave_url", "csrf", "back_url", "review_url")
_KPI_SLOTS = ("invalid", "input_invalid", "value", "hidden", "error")


def _compile_page(plan: PagePlan, page: SurveyPage, max_length: int) -> Fragment:
    first = plan.first_numbers[page.number - 1]
    numbers = iter(range(first, first + len(page.questions)))
    areas = [(block.area, [_slot(f"q{question.pk}") for question in block.questions]) for block in page.areas]
    # Compiling the questions here too leaves nothing for a request to render but the fill.
    for block in page.areas:
        for question in block.questions:
            question_fragment(plan, question, next(numbers), max_length)
    kpis = [(kpi, f"k-{kpi.pk}", kpi_range_label(kpi), {name: _slot(f"k{kpi.pk}_{name}") for name in _KPI_SLOTS})
            for kpi in page.kpis]
    return Fragment.render("survey/page.html", {
        "plan": plan, "page": page, "areas": areas, "kpis": kpis,
        "s": {name: _slot(name) for name in _PAGE_SLOTS},
        "assessment": {"title": _slot("assessment_title")}, "organization": _slot("organization"),
        "firm": {"printed_name": _slot("firm"), "primary_colour": _slot("firm_colour")},
        "firm_logo": _slot("firm_logo"),
        "answered": _slot("answered"), "progress_percent": _slot("progress_percent"),
        "comment_max_label": f"{max_length:,}",
    })


def page_fragment(plan: PagePlan, page: SurveyPage, max_length: int) -> Fragment:
    """The whole page, compiled once per plan and page (see page.html)."""
    return _kept(plan, ("page", page.number, max_length), lambda: _compile_page(plan, page, max_length))


def kpi_range_label(kpi: Kpi) -> str:
    return f"{kpi.range_min:g} to {kpi.range_max:g} {kpi.unit}"


def kpi_values(kpi: Kpi, value: str, error: str) -> dict[str, str]:
    return {
        f"k{kpi.pk}_invalid": " sv-invalid" if error else "",
        f"k{kpi.pk}_input_invalid": " is-invalid" if error else "",
        f"k{kpi.pk}_value": escape(value),
        f"k{kpi.pk}_hidden": "" if error else " hidden",
        f"k{kpi.pk}_error": escape(error),
    }
