"""The Word report's body, one function per section, in the PDF's order and numbering."""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.text import WD_BREAK

from reports.charts import chart_drawing
from reports.presentation import ReportDocument, Score, outline, rules
from reports.presentation.document import Change, GroupTable, Recommendation

from .wordkit import Cell, Column, Writer, rgb

TREND_INK = {"up": rules.GOOD, "down": rules.BAD, "flat": rules.MUTED}


def score(value: Score) -> Cell:
    """A printed score on its level's colour, as the heatmap and charts show it."""
    if value.value is None:
        return Cell("no data", ink=rules.MUTED, italic=True)
    return Cell(value.text, fill=value.colour, ink=rules.LEVEL_INK[value.level or 1], bold=True)


def change(value: Change) -> Cell:
    return Cell(value.text, ink=TREND_INK.get(value.direction or "flat", rules.MUTED), bold=value.delta is not None,
                italic=value.delta is None)


def _page_break(w: Writer) -> None:
    w.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def verdict(w: Writer) -> None:
    v = w.doc.verdict
    w.heading(outline.VERDICT)
    w.callout(v.headline, detail=f"95% interval of the overall score: {v.interval}. {v.trend}")
    if w.doc.commentary:
        w.caption("The consultant’s view")
        w.narrative(w.doc.commentary)
    w.caption("Position against the target")
    w.chart(chart_drawing(v.position, width=w.width_pt, font_size=8))
    for title, items, empty in (("Top three gaps, with the first action", v.top_gaps,
                                 "Every scored area meets its target."),
                                ("Top three risks", v.top_risks, "No catalogue risk is triggered.")):
        w.caption(title)
        if not items:
            w.document.add_paragraph(empty)
        for i, item in enumerate(items, start=1):
            w.numbered(i, item.detail, lead=item.title)
    w.caption("Largest perception gap")
    w.document.add_paragraph(v.perception)
    w.caption("Confidence")
    w.document.add_paragraph(v.confidence)
    _page_break(w)


def _observations(w: Writer, items: tuple[tuple[str, str, bool], ...]) -> None:
    for area, text, internal in items:
        paragraph = w.document.add_paragraph(style="List Bullet")
        if internal:
            marker = paragraph.add_run("Internal — not for distribution: ")
            marker.bold, marker.font.color.rgb = True, rgb(rules.BAD)
        paragraph.add_run(f"{area}: ").bold = True
        paragraph.add_run(text)


def disciplines(w: Writer) -> None:
    w.heading(outline.DISCIPLINES)
    columns = [Column("Area", 0.25), Column("Weight", 0.09, "right"), Column("Current", 0.11, "centre"),
               Column("Target", 0.08, "right"), Column("Gap", 0.07, "right"), Column("Level", 0.13),
               Column("Agreement", 0.14), Column("Coverage", 0.13)]
    for view in w.doc.disciplines:
        w.document.add_heading(f"2.{view.number} {view.name}", level=2)
        w.document.add_paragraph(view.intro)
        w.narrative(view.commentary)
        w.chart(chart_drawing(view.chart, width=w.width_pt, height=230))
        w.caption("Areas")
        w.table(columns, [[a.name, f"{a.weight:g}", score(a.score), str(a.target), a.gap_text, a.score.level_name,
                           a.agreement, Cell(a.coverage, note="low evidence" if a.low_evidence else "")]
                          for a in view.areas])
        if view.observations:
            w.caption("Consultant observations")
            _observations(w, view.observations)
        if view.comments:
            w.caption(outline.COMMENTS_CAPTION)
            for area, question, text, team in view.comments:
                paragraph = w.document.add_paragraph(style="List Bullet")
                paragraph.add_run(f"{area} · ").bold = True
                paragraph.add_run(question).italic = True
                paragraph.add_run(f"\n“{text}” ")
                paragraph.add_run(f"— {team}").font.color.rgb = rgb(rules.MUTED)
    if w.doc.orphan_observations:
        w.caption("Other observations")
        _observations(w, w.doc.orphan_observations)


def heatmap(w: Writer) -> None:
    heat = w.doc.heatmap
    w.heading(outline.HEATMAP)
    legend = " · ".join(f"{level} {name}" for level, name in rules.LEVEL_NAMES.items())
    w.note(f"Colour = level reached: {legend}; grey = no data.")
    shown = heat.columns[: outline.HEATMAP_TEAMS + 1]
    area, discipline, teams = outline.HEATMAP_WIDTHS
    share = teams / len(shown)
    columns = [Column("Area", area), Column("Discipline", discipline), *(Column(c, share, "centre") for c in shown)]
    w.table(columns, [[row.area, row.discipline, *(score(cell) for cell in row.cells[: len(shown)])]
                      for row in heat.rows])
    notes = [heat.withheld] if heat.withheld else []
    if len(heat.columns) > len(shown):
        notes.append(f"{len(heat.columns) - len(shown)} more teams are in section 7.")
    if notes:
        w.note(" ".join(notes))


def _recommendation(w: Writer, rec: Recommendation) -> None:
    paragraph = w.document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(rec.area.name).bold = True
    paragraph.add_run(f" · {rec.area.discipline_name} · {rec.area.score.text} → {rec.area.target} · "
                      f"priority {rec.priority_text}")
    w.note(f"Why this phase: {', '.join(rec.reasons)}.")
    w.narrative(rec.note)
    for action in rec.actions:
        risks = f" · reduces {', '.join(action.risk_refs)}" if action.risk_refs else ""
        meta = f"{action.ref} · {action.owner} · effort {action.effort}{risks}" if action.owner else action.ref + risks
        w.bullet(f"{action.text} ({meta})")
    more = len(rec.all_actions) - len(rec.actions)
    if not rec.actions:
        w.note("Every practice in this area has reached its target level; the gap comes from the area average. "
               "Review the lowest-scoring practice in appendix C.")
    elif more:
        w.note(f"{rules.plural(more, 'more action')} for this area in appendix B.")


def gaps(w: Writer) -> None:
    doc = w.doc
    w.heading(outline.GAPS)
    w.heading(outline.GAP_REGISTER, level=2)
    if not doc.gaps:
        w.document.add_paragraph("Every scored area meets its target: there is no gap to prioritise.")
    else:
        columns = [Column("#", 0.05, "right"), Column("Area", 0.25), Column("Discipline", 0.14),
                   Column("Current", 0.11, "centre"), Column("Target", 0.08, "right"), Column("Gap", 0.07, "right"),
                   Column("Priority", 0.1, "right"), Column("Risks", 0.2)]
        w.table(columns, [[str(g.rank), g.area.name, g.area.discipline_name, score(g.area.score), str(g.area.target),
                           g.area.gap_text, g.priority_text,
                           ", ".join(f"{ref} (triggered)" if hit else ref for ref, hit in g.risk_refs) or rules.DASH]
                          for g in doc.gaps])
    if doc.gap_notes:
        w.note(doc.gap_notes)
    w.heading(outline.ROADMAP, level=2)
    if doc.dropped_note:
        w.note(doc.dropped_note)
    for phase in doc.phases:
        count = rules.plural(len(phase.recommendations), "area")
        w.document.add_heading(f"{phase.label}: {phase.horizon} ({count})", level=3)
        w.note(phase.intro)
        if not phase.recommendations:
            w.document.add_paragraph("Nothing in this phase.")
        for rec in phase.recommendations:
            _recommendation(w, rec)


def risks(w: Writer) -> None:
    doc = w.doc
    w.heading(outline.RISKS)
    w.document.add_paragraph(doc.risk_intro)
    if not doc.risks:
        w.document.add_paragraph("The catalogue defines no risks for these disciplines.")
        return
    triggered = [r for r in doc.risks if r.triggered]
    if triggered:
        columns = [Column("ID", 0.06), Column("Triggered risk and the areas that guard against it", 0.37),
                   Column("Impact", 0.09), Column("Likelihood", 0.12), Column("Rating", 0.1),
                   Column("Owner", 0.12), Column("Actions", 0.14)]
        w.table(columns, [[r.ref, Cell(r.text, note=f"Areas {r.score.text}: " + ", ".join(
            f"{name} (below)" if below else name for name, below in r.areas)), r.impact, r.likelihood,
            Cell(r.rating, ink=rules.RATING_COLOURS.get(r.rating, rules.MUTED), bold=True), r.owner,
            ", ".join(r.action_refs) or rules.DASH] for r in triggered])
        w.note("“Below” marks areas that score under the trigger threshold. Actions are the roadmap’s IDs "
               "(appendix B).")
    others = [r for r in doc.risks if not r.triggered]
    if others:
        columns = [Column("ID", 0.06), Column("Not triggered", 0.53), Column("Impact", 0.09),
                   Column("Likelihood", 0.12), Column("Score", 0.07, "right"), Column("Owner", 0.13)]
        w.table(columns, [[r.ref, r.text, r.impact, r.likelihood, r.score.text, r.owner] for r in others])


def kpis(w: Writer) -> None:
    doc = w.doc
    w.heading(outline.KPIS)
    if doc.kpis_measured:
        columns = [Column("KPI", 0.3), Column("Median", 0.12, "right"), Column("n", 0.05, "right"),
                   Column("Band", 0.09), Column("Thresholds", 0.24), Column("Source", 0.2)]
        w.table(columns, [[Cell(f"{k.name} ({k.discipline_name})", note="\n".join(k.teams)), k.value, str(k.n),
                           k.band, k.thresholds, k.source_short + (" †" if k.heuristic else "")]
                          for k in doc.kpis_measured])
        if any(k.heuristic for k in doc.kpis_measured):
            w.note("† No published source defines these thresholds: they are practitioner heuristics. Appendix A "
                   "gives the reasoning behind each one and the document that defines the measure.")
    else:
        w.document.add_paragraph("No KPI values were reported.")
    if doc.kpis_missing:
        w.caption("Not measured yet")
        for k in doc.kpis_missing:
            w.bullet(k.why, lead=f"{k.name} ({k.discipline_name}):")


def _group_tables(w: Writer, group: GroupTable) -> None:
    count = len(group.columns)
    for start in range(0, max(count, 1), outline.GROUP_COLUMNS):
        span = range(start, min(count, start + outline.GROUP_COLUMNS))
        share = (1 - 0.39) / max(1, len(span))
        columns = [Column(group.label, 0.2), Column("Resp.", 0.08, "right"), Column("Overall", 0.11, "centre"),
                   *(Column(group.columns[i], share, "centre") for i in span)]
        w.table(columns, [[name, str(n), score(overall), *(score(scores[i]) for i in span)]
                          for name, n, overall, scores in group.rows])


def groups(w: Writer) -> None:
    doc = w.doc
    w.heading(outline.GROUPS)
    w.heading(outline.TEAMS, level=2)
    if doc.teams.rows:
        _group_tables(w, doc.teams)
    else:
        w.document.add_paragraph("No team reached the size needed to be shown on its own.")
    if doc.teams.withheld:
        w.note(doc.teams.withheld)
    w.heading(outline.PERCEPTION, level=2)
    if doc.roles.rows:
        w.caption("Scores by role")
        _group_tables(w, doc.roles)
    if doc.perception:
        w.caption("Areas seen differently by managers and engineers")
        w.note("A positive difference means managers see the practice as more mature than the engineers who run it.")
        columns = [Column("Area", 0.3), Column("Discipline", 0.18), Column("Engineers", 0.12, "right"),
                   Column("Team leads", 0.1, "right"), Column("Managers", 0.12, "right"),
                   Column("Managers − engineers", 0.18, "right")]
        w.table(columns, [[r.area, r.discipline, r.engineer.text, r.lead.text, r.manager.text, r.difference]
                          for r in doc.perception])
    else:
        w.document.add_paragraph(doc.perception_note)
    if doc.roles.withheld:
        w.note(doc.roles.withheld)


def hotspots(w: Writer) -> None:
    doc = w.doc
    w.heading(outline.HOTSPOTS)
    if not doc.hotspots:
        w.document.add_paragraph("No question shows wide disagreement.")
        return
    columns = [Column("Question", 0.47), Column("Area", 0.2), Column("IQR", 0.07, "right"), Column("n", 0.06, "right"),
               Column("Answers at levels 1 · 2 · 3 · 4 · 5", 0.2, "centre")]
    w.table(columns, [[h.question, h.area, h.iqr, str(h.n), " · ".join(map(str, h.histogram))]
                      for h in doc.hotspots])
    if doc.hotspot_total > len(doc.hotspots):
        w.note(f"The {len(doc.hotspots)} widest of {doc.hotspot_total} hotspots are shown; appendix C lists every "
               "question’s answers.")


def trend(w: Writer) -> None:
    doc = w.doc
    w.heading(outline.TREND)
    if doc.trend is None:
        w.document.add_paragraph(f"This is the first completed assessment for {doc.meta.organization}, so there is "
                                 "no earlier result to compare with; the next assessment will show the change against "
                                 "this one.")
        return
    t = doc.trend
    w.document.add_paragraph(t.summary)
    w.note("Change is the difference of the two printed scores. “Not comparable” marks an area whose questions "
           "changed meaning between the two catalogues.")
    w.table([Column("Discipline", 0.4), Column("Previous", 0.18, "right"), Column("Current", 0.18, "right"),
             Column("Change", 0.24)],
            [[r.name, r.change.previous.text, r.change.current.text, change(r.change)] for r in t.disciplines])
    w.caption("Areas")
    w.table([Column("Area", 0.27), Column("Discipline", 0.14), Column("Previous", 0.1, "right"),
             Column("Current", 0.1, "right"), Column("Change", 0.17), Column("Actions since", 0.22)],
            [[r.name, r.discipline, r.change.previous.text, r.change.current.text, change(r.change),
              r.actions or rules.DASH] for r in t.areas])


def methodology(w: Writer) -> None:
    m = w.doc.methodology
    _page_break(w)
    w.heading(outline.METHODOLOGY)
    for title, items in (("How scores are computed", m.scoring),):
        w.caption(title)
        for item in items:
            w.bullet(item)
    w.caption("Area weights in each discipline score")
    w.table([Column("Discipline", 0.2), Column("Areas and their weights", 0.8)], [list(row) for row in m.weights])
    w.caption("Targets, gaps, risks and the roadmap")
    for item in m.targets:
        w.bullet(item)
    w.caption("The target model")
    w.document.add_paragraph(m.target_model)
    w.caption("Groups, KPIs and trend")
    for item in m.groups:
        w.bullet(item)
    if w.doc.kpis_measured:
        w.caption("KPI thresholds and their sources")
        w.table([Column("KPI", 0.24), Column("Thresholds", 0.26), Column("Source and reasoning", 0.5)],
                [[k.name, k.thresholds, Cell(k.source, note=k.heuristic)] for k in w.doc.kpis_measured])
    w.note(f"Catalogue version {w.doc.meta.catalogue_version}. Every figure comes from one presentation model shared "
           "by the results page, the PDF and this document, so they always agree.")


def actions(w: Writer) -> None:
    _page_break(w)
    w.heading(outline.ACTIONS)
    if not w.doc.actions:
        w.document.add_paragraph("There is no gap, so no action.")
        return
    w.table([Column("ID", 0.06), Column("Action", 0.5), Column("Area", 0.18), Column("Owner", 0.11),
             Column("Effort", 0.06, "centre"), Column("Horizon", 0.09)],
            [[a.ref, a.text, a.area_name, a.owner, a.effort, a.horizon] for a in w.doc.actions])


def answers(w: Writer) -> None:
    _page_break(w)
    w.heading(outline.ANSWERS)
    head = ("n", "1", "2", "3", "4", "5", "N/A", "DK", "Score")
    columns = [Column("Question", 0.5), *(Column(h, 0.05, "right") for h in head[:-1]), Column("Score", 0.1, "right")]
    for i, block in enumerate(w.doc.answers, start=1):
        w.document.add_heading(f"C.{i} {block.discipline}", level=2)
        rows: list[list[Cell | str]] = []
        for name, area_score, questions in block.areas:
            rows.append([Cell(name, fill=rules.CALLOUT, bold=True), *(Cell("", fill=rules.CALLOUT) for _ in head[:-1]),
                         Cell(area_score.text, fill=rules.CALLOUT, bold=True, ink=rules.PRIMARY)])
            rows += [[q.text, str(q.n), *(str(c) for c in q.histogram), str(q.na), str(q.unknown), q.score.text]
                     for q in questions]
        w.table(columns, rows)


def contents_entries(doc: ReportDocument) -> list[tuple[int, str]]:
    """The headings the contents list (levels 1 and 2), in order, as the body writes them."""
    top = [outline.VERDICT, outline.DISCIPLINES, outline.HEATMAP, outline.GAPS, outline.RISKS, outline.KPIS,
           outline.GROUPS, outline.HOTSPOTS, outline.TREND, outline.METHODOLOGY, outline.ACTIONS, outline.ANSWERS]
    children = {
        "disciplines": [f"2.{v.number} {v.name}" for v in doc.disciplines],
        "gaps": [outline.GAP_REGISTER.heading, outline.ROADMAP.heading],
        "groups": [outline.TEAMS.heading, outline.PERCEPTION.heading],
        "distributions": [f"C.{i} {block.discipline}" for i, block in enumerate(doc.answers, start=1)],
    }
    return [entry for section in top
            for entry in [(1, section.heading), *((2, title) for title in children.get(section.key, []))]]


BODY: tuple[Callable[[Writer], None], ...] = (
    verdict, disciplines, heatmap, gaps, risks, kpis, groups, hotspots, trend, methodology, actions, answers,
)
