"""The respondent's survey: start, save answers as they come, submit.

Every rule is checked here whatever the caller sends (the browser may send anything):
levels 1-5, questions and KPIs of this assessment only, KPI values in the KPI's
plausible range, comments up to COMMENT_MAX_LENGTH. A bad answer is reported by field
name and never stops the good ones of the same request from being saved.
"""

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.utils import timezone

from ..models import Answer, Assessment, Invitation, Kpi, KpiValue, Question, RespondentRole, Response
from ..signals import response_submitted
from ..survey.selectors import survey_plan

COMMENT_MAX_LENGTH = 2000

MSG_LEVEL = "Choose a level from 1 to 5, “Not applicable” or “Don't know”."
MSG_NOT_IN_ASSESSMENT = "This question is not part of this assessment."
MSG_KPI_NOT_IN_ASSESSMENT = "This figure is not part of this assessment."
MSG_COMMENT_TOO_LONG = "Keep the comment to 2,000 characters or fewer (it has {length:,})."
MSG_COMMENT_WITHOUT_ANSWER = "Choose an answer first: the comment is saved with it."
MSG_KPI_RANGE = "Enter a value from {low:g} to {high:g} ({unit})."
MSG_ROLE = "Choose your role."


@dataclass(frozen=True)
class AnswerInput:
    """One question's answer as sent. kind "" means only the comment was sent."""

    question_id: int
    kind: str = ""
    level: int | None = None
    comment: str = ""
    field: str = ""  # the form field to report errors on; "q-<id>" by default

    @property
    def error_field(self) -> str:
        return self.field or f"q-{self.question_id}"


@dataclass(frozen=True)
class KpiInput:
    """One KPI figure as sent; None clears it."""

    kpi_id: int
    value: float | None
    field: str = ""

    @property
    def error_field(self) -> str:
        return self.field or f"k-{self.kpi_id}"


class Questionnaire(Protocol):
    """What belongs to an assessment: the survey's cached page plan is one."""

    @property
    def question_ids(self) -> Collection[int]: ...

    @property
    def kpis(self) -> Mapping[int, Kpi]: ...


@dataclass(frozen=True)
class Completion:
    """How much of the questionnaire a response has answered, as the completion rule reads
    it: of the questions that apply (all but those marked "Not applicable"), the share
    answered with a level or "Don't know"."""

    answered: int  # questions answered with a level or "don't know"
    applicable: int  # questions minus those marked not applicable
    minimum: int  # the assessment's rule, percent

    @property
    def percent(self) -> int:
        """Rounded down, so 79.9 % never reads as meeting an 80 % rule."""
        return 100 if self.applicable <= 0 else min(100, 100 * self.answered // self.applicable)

    @property
    def counts(self) -> bool:
        return self.applicable <= 0 or 100 * self.answered >= self.minimum * self.applicable

    @property
    def complete(self) -> bool:
        return self.answered >= self.applicable


def completion_of(response: Response, question_count: int, minimum: int) -> Completion:
    """One aggregate query over the response's answers."""
    counts = Answer.objects.filter(response=response).aggregate(
        na=models.Count("pk", filter=Q(kind=Answer.Kind.NOT_APPLICABLE)),
        answered=models.Count("pk", filter=~Q(kind=Answer.Kind.NOT_APPLICABLE)))
    return Completion(answered=counts["answered"], applicable=question_count - counts["na"], minimum=minimum)


def _question_count(assessment: Assessment) -> int:
    return survey_plan(assessment).question_count  # the survey's cached plan: no query when warm


def _count_if_complete_enough(response: Response) -> bool:
    """A submitted response below the rule starts counting once it meets it (answers added
    later, or a lower minimum); True when it just did."""
    assessment = response.assessment
    if not completion_of(response, _question_count(assessment), assessment.min_completion).counts:
        return False
    if not Response.objects.filter(pk=response.pk, below_rule=True).update(below_rule=False):
        return False  # another request got there first
    response.below_rule = False
    transaction.on_commit(lambda: response_submitted.send(sender=Response, assessment=assessment))
    return True


def responses_recount(assessment: Assessment) -> int:
    """After the minimum was lowered: the submitted responses below it that now meet it
    count from now on (a raised minimum takes no response out). Returns how many."""
    below = Response.objects.filter(assessment=assessment, status=Response.Status.SUBMITTED, below_rule=True)
    return sum(_count_if_complete_enough(response) for response in below.select_related("assessment"))


@dataclass
class SaveResult:
    saved: list[str] = field(default_factory=list)  # field names
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message

    @property
    def ok(self) -> bool:
        return not self.errors


def survey_closed_reason(invitation: Invitation) -> str:
    """Why a link cannot take answers now, or "" when it can."""
    if invitation.is_revoked:
        return "This survey link has been withdrawn."
    if invitation.assessment.status == Assessment.Status.CLOSED:
        return "This assessment is closed."
    if invitation.assessment.status != Assessment.Status.OPEN:
        return "This assessment is not open yet."
    deadline = invitation.assessment.deadline
    if deadline is not None and deadline <= timezone.now():
        return "This assessment closed at its deadline."  # even before the scheduler has closed it
    return ""


def _check_open(invitation: Invitation) -> None:
    reason = survey_closed_reason(invitation)
    if reason:
        raise ValidationError(reason)


@transaction.atomic
def response_start(*, invitation: Invitation, role: str = "") -> Response:
    """The respondent's Response, created on first start; the invitation's role wins.

    Two tabs starting at once get the same row (one per invitation, get_or_create).
    """
    _check_open(invitation)
    role = invitation.role or role
    if role not in RespondentRole.values:
        raise ValidationError(MSG_ROLE)
    response, created = Response.objects.get_or_create(
        invitation=invitation,
        defaults={"assessment_id": invitation.assessment_id, "team_id": invitation.team_id, "role": role,
                  "last_page": 1},
    )
    if not created and response.role != role:
        response.role = role
        response.save(update_fields=["role", "updated_at"])
    return response


def response_visit(*, response: Response, page: int) -> None:
    """Remember the page shown, so the link resumes there. One UPDATE, no transaction needed."""
    if response.last_page != page:
        Response.objects.filter(pk=response.pk).update(last_page=page)
        response.last_page = page


def _assessment_questions(assessment: Assessment) -> Q:
    return Q(area__discipline__version_id=assessment.catalogue_version_id,
             area__discipline__in=assessment.disciplines.all())


def _check_answer(item: AnswerInput) -> str:
    if item.kind == Answer.Kind.LEVEL:
        if item.level is None or not 1 <= item.level <= 5:
            return MSG_LEVEL
    elif item.kind in (Answer.Kind.NOT_APPLICABLE, Answer.Kind.DONT_KNOW):
        if item.level is not None:
            return MSG_LEVEL
    elif item.kind != "":
        return MSG_LEVEL
    return ""


def _answer_row(
    response: Response, item: AnswerInput, known: set[int], stored: dict[int, Answer], result: SaveResult
) -> tuple[Answer | None, bool]:
    """The row to upsert for one input (None when nothing of it can be saved), and
    whether its comment goes with it: a too-long comment is refused but the level kept."""
    question_id = item.question_id
    if question_id not in known:
        result.errors[item.error_field] = MSG_NOT_IN_ASSESSMENT
        return None, False
    problem = _check_answer(item)
    if problem:
        result.errors[item.error_field] = problem
        return None, False
    comment_ok = len(item.comment) <= COMMENT_MAX_LENGTH
    if not comment_ok:
        result.errors[f"c-{question_id}"] = MSG_COMMENT_TOO_LONG.format(length=len(item.comment))
    if item.kind == "":  # a comment on its own goes with the answer already stored
        answer = stored.get(question_id)
        if answer is None and comment_ok and item.comment.strip():
            result.errors[f"c-{question_id}"] = MSG_COMMENT_WITHOUT_ANSWER
        if answer is None or not comment_ok:
            return None, False
        kind, level = answer.kind, answer.level
    else:
        kind, level = item.kind, item.level
        result.saved.append(f"q-{question_id}")
    if comment_ok:
        result.saved.append(f"c-{question_id}")
    row = Answer(response=response, question_id=question_id, kind=kind,
                 level=level if kind == Answer.Kind.LEVEL else None, comment=item.comment if comment_ok else "")
    return row, comment_ok


def _answer_rows(
    response: Response, answers: Sequence[AnswerInput], result: SaveResult, questionnaire: Questionnaire | None
) -> tuple[list[Answer], list[Answer]]:
    """Rows to upsert with their comment, and rows whose refused comment is left as it was."""
    ids = {a.question_id for a in answers}
    if questionnaire is not None:
        known = ids & questionnaire.question_ids
    else:
        known = set(Question.objects.filter(_assessment_questions(response.assessment), pk__in=ids)
                    .values_list("pk", flat=True)) if ids else set()
    comment_only = {a.question_id for a in answers if a.kind == "" and a.question_id in known}
    stored = {a.question_id: a for a in Answer.objects.filter(response=response, question_id__in=comment_only)
              } if comment_only else {}
    rows: list[Answer] = []
    rows_keeping_comment: list[Answer] = []
    for item in answers:
        row, with_comment = _answer_row(response, item, known, stored, result)
        if row is not None:
            (rows if with_comment else rows_keeping_comment).append(row)
    return rows, rows_keeping_comment


def _kpi_rows(
    response: Response, kpi_values: Sequence[KpiInput], result: SaveResult, questionnaire: Questionnaire | None
) -> tuple[list[KpiValue], list[int]]:
    """Figures to upsert and KPI ids to clear."""
    ids = {k.kpi_id for k in kpi_values}
    assessment = response.assessment
    if questionnaire is not None:
        kpis = {pk: questionnaire.kpis[pk] for pk in ids if pk in questionnaire.kpis}
    else:
        kpis = {k.pk: k for k in Kpi.objects.filter(
            pk__in=ids, discipline__version_id=assessment.catalogue_version_id,
            discipline__in=assessment.disciplines.all(),
        ).only("pk", "unit", "range_min", "range_max")} if ids else {}
    rows: list[KpiValue] = []
    cleared: list[int] = []
    for item in kpi_values:
        kpi = kpis.get(item.kpi_id)
        if kpi is None:
            result.errors[item.error_field] = MSG_KPI_NOT_IN_ASSESSMENT
        elif item.value is None:
            cleared.append(kpi.pk)
            result.saved.append(f"k-{kpi.pk}")
        elif not math.isfinite(item.value) or not kpi.range_min <= item.value <= kpi.range_max:
            result.errors[item.error_field] = MSG_KPI_RANGE.format(low=kpi.range_min, high=kpi.range_max, unit=kpi.unit)
        else:
            rows.append(KpiValue(response=response, kpi_id=kpi.pk, value=item.value))
            result.saved.append(f"k-{kpi.pk}")
    return rows, cleared


@transaction.atomic
def answers_save(
    *, response: Response, answers: Sequence[AnswerInput], kpi_values: Sequence[KpiInput] = (),
    questionnaire: Questionnaire | None = None,
) -> SaveResult:
    """Save what is valid, report the rest by field, in a fixed number of queries.

    Upserts (INSERT … ON CONFLICT DO UPDATE) on the unique (response, question) and
    (response, kpi) pairs, so a page of 40 answers costs the same as one. A submitted
    response stays submitted: edits until the assessment closes are allowed. Given the
    assessment's `questionnaire` (the survey's cached plan), what belongs to it is read
    from there instead of the database.
    """
    _check_open(response.invitation)
    result = SaveResult()
    # The last value sent for a field wins, as in a form; one row per key keeps the upsert valid.
    answers = list({a.question_id: a for a in answers}.values())
    kpi_values = list({k.kpi_id: k for k in kpi_values}.values())
    rows, rows_keeping_comment = _answer_rows(response, answers, result, questionnaire)
    kpi_rows, cleared = _kpi_rows(response, kpi_values, result, questionnaire)
    now = timezone.now()
    shared = _shared_comments(response, rows)
    for batch, fields in ((rows, _ANSWER_COLUMNS), (rows_keeping_comment, _ANSWER_KEEPING_COMMENT)):
        _upsert(Answer, ("response_id", "question_id"), _ANSWER_COLUMNS, fields,
                [(response.pk, a.question_id, a.kind, a.level, a.comment, now) for a in batch])
    _upsert(KpiValue, ("response_id", "kpi_id"), ("value", "updated_at"), ("value", "updated_at"),
            [(response.pk, k.kpi_id, k.value, now) for k in kpi_rows])
    if cleared:
        KpiValue.objects.filter(response=response, kpi_id__in=cleared).delete()
    changed = [row.question_id for row in rows if row.question_id in shared and row.comment != shared[row.question_id]]
    if changed:  # the client was shown the words the consultant read, not new ones
        Answer.objects.filter(response=response, question_id__in=changed).update(shared_at=None)
    if result.saved:
        response.updated_at = now
        _execute(Response, _touch_sql(), [now, response.pk])
        if response.status == Response.Status.SUBMITTED and response.below_rule:
            _count_if_complete_enough(response)
    return result


def _shared_comments(response: Response, rows: Sequence[Answer]) -> dict[int, str]:
    """The comments among `rows` the consultant has shared with the client, as shared.
    Only a submitted response's comments can be shared, so a draft costs no query."""
    if response.status != Response.Status.SUBMITTED or not rows:
        return {}
    return dict(Answer.objects.filter(response=response, question_id__in=[r.question_id for r in rows],
                                      shared_at__isnull=False).values_list("question_id", "comment"))


_ANSWER_COLUMNS = ("kind", "level", "comment", "updated_at")
_ANSWER_KEEPING_COMMENT = ("kind", "level", "updated_at")
_UPSERT_BATCH = 500  # rows per statement: far under SQLite's and PostgreSQL's parameter limits


def _adapt(connection: BaseDatabaseWrapper, row: Sequence[object]) -> tuple:
    """Datetimes as the ORM would send them (SQLite stores naive UTC text)."""
    return tuple(connection.ops.adapt_datetimefield_value(v) if isinstance(v, datetime) else v for v in row)


def _execute(model: type[models.Model], sql: str, params: Sequence[object]) -> None:
    connection = connections[router.db_for_write(model)]
    with connection.cursor() as cursor:
        cursor.execute(sql, _adapt(connection, params))


def _upsert(model: type[models.Model], unique: tuple[str, ...], others: tuple[str, ...], updates: tuple[str, ...],
            rows: list[tuple]) -> None:
    """INSERT … ON CONFLICT (unique) DO UPDATE SET updates, written out.

    The survey saves answers on every page and every autosave; the ORM's bulk_create with
    update_conflicts spent longer compiling the statement than the database spent running
    it. The SQL is the same on SQLite and PostgreSQL. Rows hold a value for each of the
    unique columns then the others; on conflict only `updates` change.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    q = connection.ops.quote_name
    columns = (*unique, *others)
    adapted = [_adapt(connection, row) for row in rows]
    head = f"INSERT INTO {q(model._meta.db_table)} ({', '.join(map(q, columns))}) VALUES "
    tail = (f" ON CONFLICT ({', '.join(map(q, unique))}) DO UPDATE SET "
            + ", ".join(f"{q(c)} = EXCLUDED.{q(c)}" for c in updates))
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(adapted), _UPSERT_BATCH):
            batch = adapted[start:start + _UPSERT_BATCH]
            cursor.execute(head + ", ".join([placeholder] * len(batch)) + tail, [v for row in batch for v in row])


def _touch_sql() -> str:
    q = connections[router.db_for_write(Response)].ops.quote_name
    return f"UPDATE {q(Response._meta.db_table)} SET {q('updated_at')} = %s WHERE {q('id')} = %s"


@transaction.atomic
def response_submit(*, response: Response, completion: Completion | None = None) -> Response:
    """Mark the response submitted, once: a second submit (or a second tab) changes nothing.

    The conditional UPDATE … WHERE status = 'draft' is the lock: of two concurrent
    submits only one matches a row, so submitted_at keeps the first time. `completion`:
    the figure the caller has just read, so it is not counted twice.
    """
    _check_open(response.invitation)
    now = timezone.now()
    assessment = response.invitation.assessment
    completion = completion or completion_of(response, _question_count(assessment), assessment.min_completion)
    below = not completion.counts
    Response.objects.filter(pk=response.pk, status=Response.Status.DRAFT).update(
        status=Response.Status.SUBMITTED, submitted_at=now, updated_at=now, below_rule=below
    )
    response.refresh_from_db(fields=["status", "submitted_at", "updated_at", "below_rule"])
    transaction.on_commit(lambda: response_submitted.send(sender=Response, assessment=assessment))
    return response
