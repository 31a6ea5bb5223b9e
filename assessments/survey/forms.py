"""Survey forms: read what the browser sent into typed inputs, and bind a page's fields.

Field names are the same for the page's submit and the script's autosave:
"q-<question id>" (a level 1-5, "na" or "unknown"), "c-<question id>" (the comment)
and "k-<kpi id>" (a KPI figure). The rules (ranges, membership, lengths) live in the
service; here a value only has to be readable.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.http import QueryDict

from ..models import Answer, Area, Kpi, Question, RespondentRole
from ..services.survey import COMMENT_MAX_LENGTH, MSG_NOT_IN_ASSESSMENT, AnswerInput, KpiInput
from .pages import CHOICE_DONT_KNOW, CHOICE_NOT_APPLICABLE, PagePlan, SurveyPage
from .widgets import kpi_range_label, question_fragment, question_html

MSG_NOT_A_NUMBER = "Enter a number, such as 12 or 3.5."
MSG_UNKNOWN_FIGURE = "This figure is not part of this assessment."

_FIELD = re.compile(r"^([qck])-(.*)$")
# Ids and levels in ASCII digits only ("³" and "①" are digits to str.isdigit, not to int),
# and no longer than a database id can be.
_ID = re.compile(r"[0-9]{1,18}\Z")
_LEVEL = re.compile(r"[0-9]{1,2}\Z")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_CHOICE_KIND = {CHOICE_NOT_APPLICABLE: Answer.Kind.NOT_APPLICABLE, CHOICE_DONT_KNOW: Answer.Kind.DONT_KNOW}


def question_field(question_id: int) -> str:
    return f"q-{question_id}"


def comment_field(question_id: int) -> str:
    return f"c-{question_id}"


def kpi_field(kpi_id: int) -> str:
    return f"k-{kpi_id}"


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Your role in the team",
        choices=RespondentRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your role.", "invalid_choice": "Choose your role."},
    )


def parse_number(raw: str) -> float | None:
    """A KPI figure as typed: "", "12", "3.5", "1,200", " 40 ". Raises ValueError otherwise."""
    text = raw.strip().replace(" ", "").replace("_", "")
    if not text:
        return None
    if "," in text:
        if not _THOUSANDS.match(text):
            raise ValueError(raw)
        text = text.replace(",", "")
    value = float(text)  # ValueError for anything else; "nan" and "inf" are caught by the service
    return value


def _choice(raw: str) -> tuple[str, int | None]:
    raw = raw.strip()
    if raw in _CHOICE_KIND:
        return _CHOICE_KIND[raw], None
    if _LEVEL.match(raw):
        return Answer.Kind.LEVEL, int(raw)
    return "invalid", None  # the service names the problem


@dataclass
class ParsedAnswers:
    answers: list[AnswerInput] = field(default_factory=list)
    kpi_values: list[KpiInput] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)  # every answer field that was sent


def parse_answers(data: QueryDict) -> ParsedAnswers:
    """Questions with a choice or a comment, and KPI figures, out of a POST.

    Other keys (the CSRF token, the navigation button) are ignored. A question sent
    with neither a choice nor a comment is left alone, so an untouched question on a
    submitted page stays unanswered rather than being cleared.
    """
    parsed = ParsedAnswers()
    choices: dict[int, str] = {}
    comments: dict[int, str] = {}
    for key in data:
        match = _FIELD.match(key)
        if not match:
            continue
        prefix, ident = match.groups()
        parsed.fields.append(key)
        if not _ID.match(ident):
            parsed.errors[key] = MSG_UNKNOWN_FIGURE if prefix == "k" else MSG_NOT_IN_ASSESSMENT
            continue
        value = data.get(key, "")
        if prefix == "q":
            choices[int(ident)] = value
        elif prefix == "c":
            comments[int(ident)] = value.replace("\r\n", "\n")
        else:
            try:
                parsed.kpi_values.append(KpiInput(int(ident), parse_number(value), field=key))
            except ValueError:
                parsed.errors[key] = MSG_NOT_A_NUMBER
    for question_id in sorted(choices.keys() | comments.keys()):
        comment = comments.get(question_id, "")
        if question_id not in choices:
            if comment.strip():
                parsed.answers.append(AnswerInput(question_id, comment=comment, field=comment_field(question_id)))
            continue
        kind, level = _choice(choices[question_id])
        parsed.answers.append(AnswerInput(question_id, kind=kind, level=level, comment=comment))
    return parsed


def answer_values(answers: Mapping[int, Answer], kpi_values: Mapping[int, float]) -> dict[str, str]:
    """Stored answers as field values, to fill the page."""
    values: dict[str, str] = {}
    for question_id, answer in answers.items():
        values[question_field(question_id)] = (
            str(answer.level) if answer.kind == Answer.Kind.LEVEL
            else CHOICE_NOT_APPLICABLE if answer.kind == Answer.Kind.NOT_APPLICABLE else CHOICE_DONT_KNOW
        )
        values[comment_field(question_id)] = answer.comment
    for kpi_id, value in kpi_values.items():
        values[kpi_field(kpi_id)] = f"{value:g}"
    return values


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    number: int
    error: str
    comment_error: str
    field: str
    comment_field: str
    html: str  # the widget, filled with this response's choice, comment and errors


@dataclass(frozen=True)
class KpiRow:
    kpi: Kpi
    value: str
    error: str
    field: str

    @property
    def range_label(self) -> str:
        return kpi_range_label(self.kpi)


@dataclass(frozen=True)
class AreaRows:
    area: Area
    questions: list[QuestionRow]


@dataclass
class PageForm:
    """One page's questions bound to their values and errors, for the template."""

    page: SurveyPage
    plan: PagePlan  # the page's numbering, and the compiled widgets
    values: Mapping[str, str]
    errors: Mapping[str, str] = field(default_factory=dict)

    comment_max_length: int = COMMENT_MAX_LENGTH

    def areas(self) -> list[AreaRows]:
        return self._areas

    @cached_property
    def _areas(self) -> list[AreaRows]:
        number = self.plan.first_numbers[self.page.number - 1]
        blocks = []
        for block in self.page.areas:
            rows = []
            for question in block.questions:
                q, c = question_field(question.pk), comment_field(question.pk)
                error, comment_error = self.errors.get(q, ""), self.errors.get(c, "")
                fragment = question_fragment(self.plan, question, number, self.comment_max_length)
                html = question_html(fragment, question=question, field=q, comment_field=c,
                                     choice=self.values.get(q, ""), comment=self.values.get(c, ""),
                                     error=error, comment_error=comment_error)
                rows.append(QuestionRow(question=question, number=number, error=error, comment_error=comment_error,
                                        field=q, comment_field=c, html=html))
                number += 1
            blocks.append(AreaRows(block.area, rows))
        return blocks

    def kpis(self) -> list[KpiRow]:
        return [KpiRow(kpi, self.values.get(kpi_field(kpi.pk), ""), self.errors.get(kpi_field(kpi.pk), ""),
                       kpi_field(kpi.pk)) for kpi in self.page.kpis]

    def error_list(self) -> list[tuple[str, str, str]]:
        """(anchor, what, message) for the summary above the form, in page order.

        Errors on fields the page does not show (a tampered or stale request) come
        last, named by their field.
        """
        listed: list[tuple[str, str, str]] = []
        shown: set[str] = set()
        for block in self.areas():
            for row in block.questions:
                shown |= {row.field, row.comment_field}
                if row.error:
                    listed.append((row.field, f"Question {row.number}", row.error))
                if row.comment_error:
                    listed.append((row.comment_field, f"Comment on question {row.number}", row.comment_error))
        for kpi in self.kpis():
            shown.add(kpi.field)
            if kpi.error:
                listed.append((kpi.field, kpi.kpi.name, kpi.error))
        listed += [("", key, message) for key, message in self.errors.items() if key not in shown]
        return listed
