"""7 Teams and roles: scores per team and per role, and perception gaps between managers
and engineers; what the privacy rule held back."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from reports.presentation import outline
from reports.presentation.document import GroupTable

from ..document import heading
from ..styles import styles
from ..tables import Column
from .base import Inputs, p, score_cell, table


def _group_tables(inputs: Inputs, group: GroupTable) -> list[Flowable]:
    story: list[Flowable] = []
    count = len(group.columns)
    for start in range(0, max(count, 1), outline.GROUP_COLUMNS):
        span = range(start, min(count, start + outline.GROUP_COLUMNS))
        share = (1 - 0.39) / max(1, len(span))
        columns = [Column(group.label, 0.2), Column("Resp.", 0.08, "right"), Column("Overall", 0.11, "right"),
                   *(Column(group.columns[i], share, "right") for i in span)]
        rows = [[name, str(n), score_cell(overall), *(score_cell(scores[i]) for i in span)]
                for name, n, overall, scores in group.rows]
        story += [table(columns, rows, inputs), Spacer(1, 6)]
    return story


def teams_and_roles(inputs: Inputs) -> list[Flowable]:
    doc = inputs.doc
    story: list[Flowable] = [
        *heading(outline.GROUPS.heading, key=outline.GROUPS.key),
        *heading(outline.TEAMS.heading, key=outline.TEAMS.key, level=1),
    ]
    story += _group_tables(inputs, doc.teams) if doc.teams.rows else [p("No team reached the size needed to be "
                                                                        "shown on its own.")]
    if doc.teams.withheld:
        story.append(p(doc.teams.withheld, "note"))
    story += [*heading(outline.PERCEPTION.heading, key=outline.PERCEPTION.key, level=1)]
    if doc.roles.rows:
        story += [Paragraph("Scores by role", styles().h3), *_group_tables(inputs, doc.roles)]
    if doc.perception:
        columns = [Column("Area", 0.3), Column("Discipline", 0.18), Column("Engineers", 0.12, "right"),
                   Column("Team leads", 0.1, "right"), Column("Managers", 0.12, "right"),
                   Column("Managers − engineers", 0.18, "right")]
        rows = [[r.area, r.discipline, r.engineer.text, r.lead.text, r.manager.text, r.difference]
                for r in doc.perception]
        story += [Paragraph("Areas seen differently by managers and engineers", styles().h3),
                  p("A positive difference means managers see the practice as more mature than the engineers who "
                    "run it.", "small"), table(columns, rows, inputs)]
    else:
        story.append(p(doc.perception_note))
    if doc.roles.withheld:
        story.append(p(doc.roles.withheld, "note"))
    return story
