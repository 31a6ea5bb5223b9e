"""The personal link's look-up, compiled once per process.

Every survey request starts by finding its invitation with the assessment, organisation
(and its firm, for the header), team and response (and, for pages, the answered count) in one query. Compiling that
five-table select_related query took the ORM longer than anything else in a request:
about a fifth of a survey page's CPU time, on every request, for SQL that never changes
except for the one parameter. So the query is compiled once per process and database
vendor, and each request runs the SQL and builds the instances with the compiler's own
converters and populators, as QuerySet iteration does (ModelIterable).

This uses the ORM's compiler internals (`klass_info`, `get_related_populators`); the
survey tests run every request through it, so a Django upgrade that changes them fails
there, not in production.
"""

import threading
from typing import Any

from django.db import connections, router
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators

from ..models import Answer, Invitation, Response
from ..models.assessments import token_digest

_PLACEHOLDER = "\x00token-digest"
_compiled: dict[tuple[str, bool], tuple[Any, str, int]] = {}
_lock = threading.Lock()


def _answered_sql(quote: Any) -> str:
    answer, response = quote(Answer._meta.db_table), quote(Response._meta.db_table)
    return f"SELECT COUNT(*) FROM {answer} WHERE {answer}.{quote('response_id')} = {response}.{quote('id')}"


def _compile(alias: str, with_answered: bool) -> tuple[Any, str, int]:
    rows = Invitation.objects.using(alias).select_related("assessment__organization__firm", "team", "response")
    if with_answered:
        # A correlated count on the response row that select_related joins under its table name.
        rows = rows.annotate(answered=RawSQL(_answered_sql(connections[alias].ops.quote_name), ()))
    compiler = rows.filter(token_hash=_PLACEHOLDER).query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    return compiler, sql, list(params).index(_PLACEHOLDER)


def invitation_by_token(token: str, *, with_answered: bool = False) -> Invitation | None:
    alias = router.db_for_read(Invitation)
    key = (f"{alias}:{connections[alias].vendor}", with_answered)
    entry = _compiled.get(key)
    if entry is None:
        with _lock:
            entry = _compiled.setdefault(key, _compile(alias, with_answered))
    compiler, sql, position = entry
    params = [None] * (position + 1)
    params[position] = token_digest(token)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if len(rows) != 1:
        return None
    select, klass_info = compiler.select, compiler.klass_info
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    row = next(iter(compiler.results_iter(results=[[list(rows[0])]])))
    invitation = Invitation.from_db(alias, [f[0].target.attname for f in select[start:end]], row[start:end])
    for populator in get_related_populators(klass_info, select, alias):
        populator.populate(row, invitation)
    for name, position in compiler.annotation_col_map.items():
        setattr(invitation, name, row[position])
    return invitation
