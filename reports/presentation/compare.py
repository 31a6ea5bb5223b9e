"""Assessments side by side: the overall, per-discipline and per-area printed scores of
two or more assessment results (the same client over time, or different clients), and
the change from the first column to the last. Rounding, level colours and what counts as
a change are the report's own (rules, Score, Change), so a figure here is the figure the
report prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reports.scoring import AssessmentResult

from .document import Change, Score


@dataclass(frozen=True)
class CompareColumn:
    title: str
    organization: str
    source: str  # where the figures come from, e.g. "published results (publication 2)"
    respondents: int | None  # None: no results to compare


@dataclass(frozen=True)
class CompareRow:
    kind: str  # "overall" | "discipline" | "area"
    label: str
    discipline: str
    scores: tuple[Score | None, ...]  # None: not part of that assessment
    change: Change | None  # last column against the first; None with one column, or one without results

    @property
    def change_text(self) -> str:
        """The change in a comparison's words: assessments side by side, not a trend."""
        if self.change is None:
            return ""
        if self.change.status == "new":
            return "not in the first"
        if self.change.status == "removed":
            return "not in the last"
        return self.change.text


@dataclass(frozen=True)
class Comparison:
    columns: tuple[CompareColumn, ...]
    rows: tuple[CompareRow, ...]

    @property
    def has_change(self) -> bool:
        return len(self.columns) > 1


def _change(first: tuple[float | None, str] | None, last: tuple[float | None, str] | None) -> Change:
    """Present in both: compared when the questions behind it are the same (fingerprint)."""
    if first is None or last is None:
        status = "new" if first is None else "removed"
        return Change(current=Score.of(last[0] if last else None), previous=Score.of(first[0] if first else None),
                      status=status, comparable=False)
    return Change(current=Score.of(last[0]), previous=Score.of(first[0]), status="matched",
                  comparable=first[1] == last[1])


def build_comparison(columns: Sequence[tuple[CompareColumn, AssessmentResult | None]]) -> Comparison:
    """Rows in catalogue order, as each key first appears from left to right."""
    cells: list[dict[str, tuple[float | None, str]]] = []
    order: list[tuple[str, str, str, str]] = [("overall", "overall", "Overall", "")]
    seen = {"overall"}
    for _, result in columns:
        found: dict[str, tuple[float | None, str]] = {}
        if result is not None:
            # The overall figure compares only over the same disciplines with the same questions.
            found["overall"] = (result.overall.mean,
                                "|".join(f"{d.key}:{a.fingerprint}" for d in result.disciplines for a in d.areas))
            for d in result.disciplines:
                fingerprint = "|".join(a.fingerprint for a in d.areas)
                found[d.key] = (d.stats.mean, fingerprint)
                if d.key not in seen:
                    seen.add(d.key)
                    order.append(("discipline", d.key, d.name, d.name))
                for a in d.areas:
                    found[a.key] = (a.stats.mean, a.fingerprint)
                    if a.key not in seen:
                        seen.add(a.key)
                        order.append(("area", a.key, a.name, d.name))
        cells.append(found)
    # Areas under their discipline, whichever column brought them in.
    disciplines = [key for kind, key, _, _ in order if kind == "discipline"]
    rows_order = [order[0]]
    for key in disciplines:
        rows_order.append(next(o for o in order if o[1] == key))
        rows_order += [o for o in order if o[0] == "area" and o[1].split(".")[0] == key]
    rows = []
    for kind, key, label, discipline in rows_order:
        values = [found.get(key) for found in cells]
        # No change when the oldest or the newest column has no results at all.
        change = _change(values[0], values[-1]) if len(values) > 1 and cells[0] and cells[-1] else None
        rows.append(CompareRow(kind=kind, label=label, discipline=discipline,
                               scores=tuple(Score.of(v[0]) if v is not None else None for v in values),
                               change=change))
    return Comparison(columns=tuple(c for c, _ in columns), rows=tuple(rows))
