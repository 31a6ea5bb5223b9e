"""6 Teams and roles: scores per team and per role, perception gaps between
managers and engineers, and what the privacy rule held back."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from reports.scoring import GroupScores, PerceptionGap

from ..document import heading
from ..styles import styles
from ..tables import Column, data_table, score_cell
from ..text import plural, score, signed
from .base import Inputs, p

MAX_DISCIPLINE_COLUMNS = 5  # more would squeeze the numbers; wider catalogues get a second table
ROLE_NAMES = {"engineer": "Engineers", "lead": "Leads", "manager": "Managers"}


def _chunks(count: int) -> list[range]:
    return [range(start, min(count, start + MAX_DISCIPLINE_COLUMNS))
            for start in range(0, count, MAX_DISCIPLINE_COLUMNS)] or [range(0)]


def _group_table(inputs: Inputs, groups: tuple[GroupScores, ...], label: str, span: range) -> Flowable:
    names = [d.name for d in inputs.ctx.result.disciplines]
    fixed = 0.2 + 0.08 + 0.11
    share = (1 - fixed) / max(1, len(span))
    columns = [Column(label, 0.2), Column("Resp.", 0.08, "right"), Column("Overall", 0.11, "right"),
               *(Column(names[i], share, "right") for i in span)]
    rows = [[ROLE_NAMES.get(g.name, g.name), str(g.respondents), score_cell(g.overall.mean),
             *(score_cell(g.disciplines[i].stats.mean) for i in span)] for g in groups]
    return data_table(columns, rows, inputs.width)


def _groups(inputs: Inputs, groups: tuple[GroupScores, ...], label: str) -> list[Flowable]:
    story: list[Flowable] = []
    for span in _chunks(len(inputs.ctx.result.disciplines)):
        story += [_group_table(inputs, groups, label, span), Spacer(1, 6)]
    return story


def _withheld(inputs: Inputs, names: tuple[str, ...], kind: str) -> list[Flowable]:
    if not names:
        return []
    size = inputs.ctx.result.parameters.min_group_size
    shown = ", ".join(ROLE_NAMES.get(n, n) for n in names)
    return [p(f"{plural(len(names), kind)} withheld ({shown}): fewer than {size} submitted responses, so their "
              "scores could point to individuals. Their answers still count in every organisation-wide figure.",
              "note")]


def _perception_row(gap: PerceptionGap, inputs: Inputs) -> list:
    return [gap.area_name, inputs.discipline_name(gap.discipline_key), score(gap.engineer), score(gap.lead),
            score(gap.manager), signed(gap.manager_minus_engineer)]


def _perception(inputs: Inputs) -> list[Flowable]:
    result = inputs.ctx.result
    threshold = result.parameters.perception_gap_threshold
    story: list[Flowable] = [
        *heading("6.2 Perception gaps by role", key="perception", level=1),
        p(f"Areas where managers and engineers differ by {threshold:g} of a level or more, largest first. A positive "
          "difference means managers see the practice as more mature than the engineers who run it."),
    ]
    if result.roles:
        story += [Paragraph("Scores by role", styles().h3), *_groups(inputs, result.roles, "Role")]
    if result.perception_gaps:
        story.append(Paragraph("Areas seen differently by managers and engineers", styles().h3))
        columns = [Column("Area", 0.3), Column("Discipline", 0.18), Column("Engineers", 0.12, "right"),
                   Column("Leads", 0.1, "right"), Column("Managers", 0.12, "right"),
                   Column("Managers − engineers", 0.18, "right")]
        story.append(data_table(columns, [_perception_row(g, inputs) for g in result.perception_gaps], inputs.width))
    else:
        story.append(p(f"Managers and engineers see every area within {threshold:g} of a level of each other, or "
                       "one of the two roles is too small to show."))
    return story + _withheld(inputs, result.roles_below_threshold, "role")


def teams_and_roles(inputs: Inputs) -> list[Flowable]:
    result = inputs.ctx.result
    story: list[Flowable] = [
        *heading("6 Teams and roles", key="groups"),
        *heading("6.1 Team comparison", key="teams", level=1),
        p(f"Overall and discipline scores per team. Only teams with at least {result.parameters.min_group_size} "
          "submitted responses are shown, to protect the anonymity of respondents."),
    ]
    if result.teams:
        story += _groups(inputs, result.teams, "Team")
    else:
        story.append(p("No team reached the size needed to be shown on its own."))
    return story + _withheld(inputs, result.teams_below_threshold, "team") + _perception(inputs)
