"""The executive deck (python-pptx): six to ten 16:9 slides a consultant presents to the
client's leadership. Editable text boxes and native tables in the report's colours; the
supporting figures of each slide in its speaker notes. Every figure is the presentation
model's, as the PDF and Word report print it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from io import BytesIO

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from reports.charts import chart_drawing, to_png
from reports.presentation import ReportDocument, Score, outline, rules

Progress = Callable[[int], None]
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
LEFT, TOP, RIGHT = Inches(0.6), Inches(1.35), Inches(0.6)
BODY_WIDTH = WIDTH - LEFT - RIGHT
TITLE_ONLY, TITLE_SLIDE = 5, 0  # layouts of python-pptx's default template
ROWS = 6  # table rows on a slide before it stops being readable from the back of the room


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


class Deck:
    def __init__(self, doc: ReportDocument) -> None:
        self.doc = doc
        self.primary = doc.meta.brand_colour
        self.pptx = Presentation()
        self.pptx.slide_width, self.pptx.slide_height = WIDTH, HEIGHT

    def slide(self, title: str, notes: Sequence[str]) -> Slide:
        slide = self.pptx.slides.add_slide(self.pptx.slide_layouts[TITLE_ONLY])
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = LEFT, Inches(0.35), BODY_WIDTH, Inches(0.85)
        heading.text = title
        paragraph = heading.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        paragraph.runs[0].font.size, paragraph.runs[0].font.bold = Pt(30), True
        paragraph.runs[0].font.color.rgb = rgb(self.primary)
        self._footer(slide)
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
        return slide

    def _footer(self, slide: Slide) -> None:
        meta = self.doc.meta
        number = len(self.pptx.slides)
        self.text(slide, f"{meta.marking} · {number}", LEFT, HEIGHT - Inches(0.45), BODY_WIDTH, Inches(0.3),
                  size=10, colour=rules.MUTED)
        if meta.draft_line:
            self.text(slide, meta.draft_line, LEFT, Inches(0.1), BODY_WIDTH, Inches(0.3), size=11,
                      colour=rules.BAD, bold=True, align=PP_ALIGN.RIGHT)

    def text(self, slide: Slide, text: str, left: Emu, top: Emu, width: Emu, height: Emu, *, size: float = 18,
             colour: str = rules.INK, bold: bool = False, align: PP_ALIGN = PP_ALIGN.LEFT) -> None:
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate(text.split("\n")):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.alignment = align
            run = paragraph.add_run()
            run.text = line
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, rgb(colour)

    def bullets(self, slide: Slide, items: Sequence[tuple[str, str]], left: Emu, top: Emu, width: Emu, height: Emu,
                *, size: float = 18) -> None:
        """(lead, text) items, the lead in bold; numbered when there is an order to them."""
        frame = slide.shapes.add_textbox(left, top, width, height).text_frame
        frame.word_wrap = True
        for i, (lead, text) in enumerate(items):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.space_after = Pt(10)
            if lead:
                run = paragraph.add_run()
                run.text, run.font.bold, run.font.size = lead + " ", True, Pt(size)
                run.font.color.rgb = rgb(self.primary)
            run = paragraph.add_run()
            run.text, run.font.size = text, Pt(size)

    def table(self, slide: Slide, head: Sequence[str], rows: Sequence[Sequence[str | Score]], shares: Sequence[float],
              top: Emu = TOP, *, size: float = 14, left: Emu = LEFT, width: Emu = BODY_WIDTH) -> None:
        """A native table; a Score cell is filled with its level's colour, as in the report."""
        height = Inches(0.45) * (len(rows) + 1)
        shape = slide.shapes.add_table(len(rows) + 1, len(head), left, top, width, height)
        grid = shape.table
        for i, share in enumerate(shares):
            grid.columns[i].width = int(width * share)
        for c, title in enumerate(head):
            self._cell(grid.cell(0, c), title, size=size, bold=True, fill=self.primary, ink="#ffffff")
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, Score):
                    ink = rules.LEVEL_INK.get(value.level or 0, rules.INK)
                    self._cell(grid.cell(r, c), value.text, size=size, bold=True, fill=value.colour, ink=ink,
                               align=PP_ALIGN.CENTER)
                else:
                    self._cell(grid.cell(r, c), value, size=size, fill=rules.STRIPE if r % 2 == 0 else "#ffffff")

    @staticmethod
    def _cell(cell, text: str, *, size: float, bold: bool = False, fill: str = "", ink: str = rules.INK,  # noqa: ANN001
              align: PP_ALIGN = PP_ALIGN.LEFT) -> None:
        cell.text = text
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        if fill:
            cell.fill.solid()
            cell.fill.fore_color.rgb = rgb(fill)
        for paragraph in cell.text_frame.paragraphs:
            paragraph.alignment = align
            for run in paragraph.runs:
                run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, rgb(ink)

    def picture(self, slide: Slide, png: bytes, left: Emu, top: Emu, width: Emu) -> None:
        slide.shapes.add_picture(BytesIO(png), left, top, width=width)

    def save(self) -> bytes:
        buffer = BytesIO()
        self.pptx.save(buffer)
        return buffer.getvalue()


def _title(deck: Deck) -> None:
    meta = deck.doc.meta
    slide = deck.pptx.slides.add_slide(deck.pptx.slide_layouts[TITLE_SLIDE])
    if meta.logo:
        slide.shapes.add_picture(BytesIO(meta.logo), LEFT, Inches(0.5), height=Inches(0.7))
    slide.shapes.title.text = meta.organization
    slide.shapes.title.text_frame.paragraphs[0].runs[0].font.color.rgb = rgb(deck.primary)
    subtitle = slide.placeholders[1]
    subtitle.text = f"{meta.assessment_title}\nOperations maturity: executive summary\n{meta.as_of}"
    for paragraph in subtitle.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.color.rgb = rgb(rules.MUTED)
    deck._footer(slide)
    slide.notes_slide.notes_text_frame.text = "\n".join(f"{label}: {value}" for label, value in meta.facts)


def _verdict(deck: Deck) -> None:
    v, meta = deck.doc.verdict, deck.doc.meta
    slide = deck.slide("Verdict", [
        f"Overall {v.overall.text} ({v.overall.level_name}); target {v.target.text}.",
        f"95% interval of the overall score: {v.interval}.", v.trend, v.confidence,
        f"Responses: {meta.respondents} of {meta.invited} invited ({meta.response_rate}); coverage {meta.coverage}.",
    ])
    deck.text(slide, v.headline, LEFT, TOP, BODY_WIDTH, Inches(1.1), size=24, bold=True)
    column = (BODY_WIDTH - Inches(0.4)) // 2
    for i, (label, score) in enumerate((("Overall today", v.overall), ("Target", v.target))):
        left = LEFT + i * (Inches(2.9))
        deck.text(slide, label, left, Inches(2.75), Inches(2.6), Inches(0.4), size=16, colour=rules.MUTED)
        deck.text(slide, score.text, left, Inches(3.1), Inches(2.6), Inches(1.3), size=66, bold=True,
                  colour=deck.primary if i == 0 else rules.ACCENT)
        deck.text(slide, score.level_name, left, Inches(4.45), Inches(2.6), Inches(0.4), size=16)
    deck.bullets(slide, [("Trend", v.trend), ("Confidence", v.confidence)], LEFT + column + Inches(0.4), Inches(2.8),
                 column, Inches(2.2), size=16)
    if v.top_gaps:
        deck.text(slide, "Largest gaps", LEFT, Inches(5.15), BODY_WIDTH, Inches(0.4), size=16, bold=True,
                  colour=deck.primary)
        deck.bullets(slide, [(f"{i}.", brief.title) for i, brief in enumerate(v.top_gaps, start=1)], LEFT,
                     Inches(5.55), BODY_WIDTH, Inches(1.3), size=16)


def _commentary(deck: Deck) -> None:
    """The consultant's executive commentary, when written: their words, emphasis and links kept."""
    if not deck.doc.commentary:
        return
    slide = deck.slide("Our view", ["The executive commentary, as in section 1 of the report."])
    frame = slide.shapes.add_textbox(LEFT, TOP, BODY_WIDTH, Inches(5.2)).text_frame
    frame.word_wrap = True
    first = True
    for block in deck.doc.commentary:
        for number, item in enumerate(block.items, start=1):
            paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
            first = False
            paragraph.space_after = Pt(10)
            marker = {"bullets": "•  ", "numbered": f"{number}.  "}.get(block.kind, "")
            if marker:
                paragraph.add_run().text = marker
            for span in item:
                run = paragraph.add_run()
                run.text = span.text
                run.font.bold, run.font.italic = span.bold or None, span.italic or None
                if span.href:
                    run.hyperlink.address = span.href
            for run in paragraph.runs:
                run.font.size = Pt(18)


def _position(deck: Deck) -> None:
    doc = deck.doc
    slide = deck.slide("Position against the target", [
        *(f"{d.name}: {d.score.text} against {d.target.text}; 95% interval {d.interval}. {d.intro}"
          + (f" Commentary: {' '.join(b.plain for b in d.commentary)}" if d.commentary else "")
          for d in doc.disciplines)])
    chart_width = Inches(6.2)
    drawing = chart_drawing(doc.verdict.position, width=520, height=300, font_size=18)
    deck.picture(slide, to_png(drawing), LEFT, TOP, chart_width)
    left = LEFT + chart_width + Inches(0.3)
    deck.table(slide, ("Discipline", "Current", "Target", "Level"),
               [[d.name, d.score, d.target.text, d.score.level_name] for d in doc.disciplines],
               (0.38, 0.2, 0.18, 0.24), left=left, width=BODY_WIDTH - chart_width - Inches(0.3))


def _gaps(deck: Deck) -> None:
    doc = deck.doc
    gaps = doc.gaps[:ROWS - 1]
    notes = [f"{len(doc.gaps)} areas are below target; the {len(gaps)} with the highest priority are shown.",
             "Priority = gap × area weight × risk factor (report section 4.1)."]
    rows = []
    for g in gaps:
        rec = doc.recommendation(g.area.key)
        first = rec.actions[0] if rec and rec.actions else None
        rows.append([str(g.rank), f"{g.area.name} ({g.area.discipline_name})", g.area.score,
                     str(g.area.target), first.text if first else "Review the lowest-scoring practice (appendix C)."])
        if first:
            notes.append(f"{g.area.name}: {first.ref}, owner {first.owner}, effort {first.effort}, {first.horizon}; "
                         f"{len(rec.all_actions)} actions in all.")
    slide = deck.slide("Top gaps and the first action for each", notes)
    if not rows:
        deck.text(slide, "Every scored area meets its target.", LEFT, TOP, BODY_WIDTH, Inches(1), size=24)
        return
    deck.table(slide, ("#", "Area", "Now", "Target", "First action"), rows, (0.05, 0.24, 0.08, 0.08, 0.55), size=12)


def _risks(deck: Deck) -> None:
    doc = deck.doc
    triggered = [r for r in doc.risks if r.triggered]
    slide = deck.slide("Risks the results point to", [
        f"{len(triggered)} of {len(doc.risks)} catalogue risks are triggered: an area guarding against them scores "
        "below the trigger threshold.", doc.risk_intro,
        *(f"{r.ref}: areas {', '.join(name for name, _ in r.areas)}; actions {', '.join(r.action_refs) or 'none'}."
          for r in triggered)])
    if not triggered:
        deck.text(slide, "No catalogue risk is triggered.", LEFT, TOP, BODY_WIDTH, Inches(1), size=24)
        return
    rows = [[r.ref, r.text, r.rating, r.owner, ", ".join(r.action_refs[:4]) + (" …" if len(r.action_refs) > 4 else "")]
            for r in triggered[:ROWS - 1]]
    deck.table(slide, ("ID", "Risk", "Rating", "Owner", "Actions"), rows, (0.06, 0.56, 0.1, 0.14, 0.14), size=12)


def _roadmap(deck: Deck) -> None:
    doc = deck.doc
    slide = deck.slide("Roadmap", [f"{p.label} ({p.horizon}): {p.intro}" for p in doc.phases]
                       + [f"Every action: report appendix B and the roadmap CSV ({len(doc.actions)} actions)."])
    column = (BODY_WIDTH - Inches(0.6)) // 3
    for i, phase in enumerate(doc.phases):
        left = LEFT + i * (column + Inches(0.3))
        deck.text(slide, f"{phase.label} · {phase.horizon}", left, TOP, column, Inches(0.5), size=20, bold=True,
                  colour=deck.primary)
        items = [(rec.area.name, f"{rec.area.score.text} → {rec.area.target}, "
                  f"{rules.plural(len(rec.all_actions), 'action')}") for rec in phase.recommendations[:ROWS]]
        more = len(phase.recommendations) - len(items)
        if more:
            items.append(("", f"and {rules.plural(more, 'more area')}"))
        deck.bullets(slide, items or [("", "Nothing in this phase.")], left, TOP + Inches(0.6), column,
                     Inches(4.6), size=14)


def _kpis(deck: Deck) -> None:
    doc = deck.doc
    if not doc.kpis_measured:
        return
    shown = doc.kpis_measured[:ROWS - 1]
    slide = deck.slide("KPIs against published benchmarks", [
        f"{k.name}: median {k.value} from {k.n} answers; band {k.band} ({k.thresholds}); source {k.source}."
        for k in doc.kpis_measured])
    rows = [[k.name, k.value, k.band, k.source_short + (" †" if k.heuristic else "")] for k in shown]
    deck.table(slide, ("KPI", "Median", "Band", "Source"), rows, (0.38, 0.14, 0.14, 0.34), size=13)
    if any(k.heuristic for k in shown):
        deck.text(slide, "† practitioner heuristic: no published source defines these thresholds.", LEFT,
                  TOP + Inches(0.45) * (len(rows) + 1) + Inches(0.2), BODY_WIDTH, Inches(0.4), size=12,
                  colour=rules.MUTED)


def _next_steps(deck: Deck) -> None:
    steps = deck.doc.next_steps
    slide = deck.slide("Next steps", ["The full report holds every figure, action and source behind this deck."])
    deck.bullets(slide, [(f"{i}.", step) for i, step in enumerate(steps, start=1)], LEFT, TOP, BODY_WIDTH,
                 Inches(5), size=20)


def _no_responses(deck: Deck) -> None:
    message, detail = outline.no_responses(deck.doc.meta)
    slide = deck.slide("Status of the assessment", [detail])
    deck.text(slide, message, LEFT, TOP, BODY_WIDTH, Inches(2), size=24)


SLIDES = (_verdict, _commentary, _position, _gaps, _risks, _roadmap, _kpis, _next_steps)


def build_report_pptx(doc: ReportDocument, *, progress: Progress | None = None) -> bytes:
    """The executive deck as .pptx bytes; `progress(pct)` is called with rising percentages."""
    report = progress or (lambda pct: None)
    deck = Deck(doc)
    deck.pptx.core_properties.title = f"{doc.meta.organization}: {doc.meta.assessment_title} (executive summary)"
    deck.pptx.core_properties.subject = f"Operations maturity gap report for {doc.meta.organization}"
    deck.pptx.core_properties.author = doc.meta.consultant or "OpsAssess"
    deck.pptx.core_properties.category = doc.meta.organization
    _title(deck)
    if not doc.has_responses:
        _no_responses(deck)
    else:
        for i, build in enumerate(SLIDES, start=1):
            build(deck)
            report(90 * i // len(SLIDES))
    data = deck.save()
    report(100)
    return data
