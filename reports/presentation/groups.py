"""Teams, roles, perception, hotspots, trend and the answer appendix, as printed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reports.scoring import AssessmentResult, GroupScores

from . import rules
from .document import (
    AnswerTable,
    AreaRow,
    Change,
    GroupTable,
    Heatmap,
    HeatmapRow,
    HotspotRow,
    PerceptionRow,
    QuestionRow,
    Score,
    TrendRow,
    TrendSection,
)
from .inputs import ReportInputs

ROLE_NAMES = {"engineer": "Engineers", "lead": "Team leads", "manager": "Managers"}
HOTSPOTS_SHOWN = 15


CROSSING = ("within some teams fewer than {k} people share a role, and a role breakdown beside the team "
            "breakdown would single them out")


def _withheld(result: AssessmentResult, names: Sequence[str], kind: str) -> str:
    if not names:
        return ""
    if kind == "role" and result.role_breakdown_withheld:
        return ""  # the perception note, printed just above, says why (CROSSING)
    shown = ", ".join(ROLE_NAMES.get(n, n) for n in names)
    return (f"{rules.plural(len(names), kind)} not shown on {'its' if len(names) == 1 else 'their'} own ({shown}): "
            f"fewer than {result.parameters.min_group_size} submitted responses. Their answers still count in "
            "every organisation-wide figure.")


def _group_areas(group: GroupScores) -> dict[str, float | None]:
    return {a.key: a.stats.mean for d in group.disciplines for a in d.areas}


def heatmap(result: AssessmentResult) -> Heatmap:
    """Areas down, teams across (only teams at or above the privacy threshold), with the
    whole organisation first."""
    teams = [(t.name, _group_areas(t)) for t in result.teams]
    rows = tuple(
        HeatmapRow(area=a.name, discipline=d.name,
                   cells=(Score.of(a.stats.mean), *(Score.of(scores.get(a.key)) for _, scores in teams)))
        for d in result.disciplines for a in d.areas
    )
    return Heatmap(columns=("All teams", *(name for name, _ in teams)), rows=rows,
                   withheld=_withheld(result, result.teams_below_threshold, "team"))


def group_table(result: AssessmentResult, kind: str) -> GroupTable:
    groups = result.teams if kind == "team" else result.roles
    withheld = result.teams_below_threshold if kind == "team" else result.roles_below_threshold
    rows = tuple(
        (ROLE_NAMES.get(g.name, g.name), g.respondents, Score.of(g.overall.mean),
         tuple(Score.of(d.stats.mean) for d in g.disciplines))
        for g in groups
    )
    return GroupTable(label="Team" if kind == "team" else "Role", columns=tuple(d.name for d in result.disciplines),
                      rows=rows, withheld=_withheld(result, withheld, kind))


def perception_rows(result: AssessmentResult) -> tuple[list[PerceptionRow], str]:
    """Areas where managers and engineers differ by the threshold or more, on printed
    values, largest first; and a note when there is nothing to show."""
    threshold = result.parameters.perception_gap_threshold
    names = {d.key: d.name for d in result.disciplines}
    rows = []
    for p in result.perception:
        engineer, manager = Score.of(p.engineer), Score.of(p.manager)
        difference = rules.difference(manager.value, engineer.value)
        if difference is None or abs(difference) < threshold - 1e-9:
            continue
        rows.append(PerceptionRow(area=p.area_name, discipline=names.get(p.discipline_key, p.discipline_key),
                                  engineer=engineer, lead=Score.of(p.lead), manager=manager,
                                  difference=rules.signed_text(difference), difference_value=difference))
    rows.sort(key=lambda r: (-abs(r.difference_value), r.area))
    shown = {g.name for g in result.roles}
    missing = [ROLE_NAMES[k].lower() for k in ("engineer", "manager") if k not in shown]
    if rows:
        note = ""
    elif result.role_breakdown_withheld:
        note = f"Managers and engineers are not compared: {CROSSING.format(k=result.parameters.min_group_size)}."
    elif missing:
        note = (f"Managers and engineers cannot be compared yet: fewer than {result.parameters.min_group_size} "
                f"{' and '.join(missing)} submitted, and smaller groups are never shown, to protect respondents.")
    else:
        note = f"Managers and engineers see every area within {threshold:g} of a level of each other."
    return rows, note


def hotspot_rows(result: AssessmentResult) -> tuple[HotspotRow, ...]:
    return tuple(
        HotspotRow(question=h.question_text, area=f"{h.area_name} ({h.discipline_name})",
                   iqr=rules.score_text(h.iqr), n=h.n, histogram=h.histogram)
        for h in result.hotspots[:HOTSPOTS_SHOWN]
    )


def trend_section(inputs: ReportInputs, changes: Mapping[str, Change], areas: Sequence[AreaRow]) -> TrendSection | None:
    if inputs.previous is None:
        return None
    names = {d.key: d.name for d in (*inputs.result.disciplines, *inputs.previous.disciplines)}
    previous_areas = {a.key: a.name for d in inputs.previous.disciplines for a in d.areas}
    overall = changes.get("overall")
    if overall is None or overall.delta is None:
        then, now = (overall.previous.text, overall.current.text) if overall else (rules.DASH, rules.DASH)
        summary = (f"Compared with “{inputs.previous_title}”, the overall score ({then} "
                   f"then, {now} now) is not comparable: the catalogue content "
                   "changed, so the averages are built from different areas. Area changes below remain valid where "
                   "shown.")
    else:
        summary = (f"Compared with “{inputs.previous_title}”, the overall score moved from {overall.previous.text} to "
                   f"{overall.current.text} ({overall.text}). Changes of {rules.DEAD_BAND:g} or less show as →.")
    discipline_rows = tuple(TrendRow(name=names[key], discipline="", change=c) for key, c in changes.items()
                            if key != "overall" and "." not in key)
    current_names = {a.key: a.name for a in areas}
    area_rows = tuple(
        TrendRow(name=current_names.get(key) or previous_areas.get(key, key),
                 discipline=names.get(key.partition(".")[0], ""), change=c,
                 actions=rules.actions_text(inputs.previous_actions.get(key, ())))
        for key, c in changes.items() if "." in key
    )
    return TrendSection(previous_title=inputs.previous_title, overall=overall, summary=summary,
                        disciplines=discipline_rows, areas=area_rows)


def answer_tables(result: AssessmentResult) -> tuple[AnswerTable, ...]:
    return tuple(
        AnswerTable(discipline=d.name, areas=tuple(
            (a.name, Score.of(a.stats.mean), tuple(
                QuestionRow(text=q.text, n=q.stats.n, histogram=q.stats.histogram, na=q.stats.na,
                            unknown=q.stats.unknown, score=Score.of(q.stats.mean))
                for q in a.questions))
            for a in d.areas))
        for d in result.disciplines
    )
