"""Every rule that decides what a reader sees, decided once.

- A score is printed with one decimal, rounded half up (2.45 -> 2.5, 2.449 -> 2.4).
- The level a score has *reached* is the whole part of the printed value: 2.95 prints
  as 3.0 and reads "Defined"; 2.9 prints as 2.9 and reads "Repeatable". The colour is
  the colour of that same level, so a cell's colour and its level name always agree.
- A gap is the target minus the printed score; an area is a gap only when that printed
  gap is above zero.
- A risk is triggered when its printed score is below the threshold (2.5 at 2.5 is not).
- A trend delta is the difference of the two printed values, so the arithmetic on the
  page checks out; up or down only beyond the dead band.

Renderers (results page, PDF, Word, PowerPoint) call nothing here themselves: the
presentation model stores the printed values and these functions' answers.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

LEVEL_NAMES = {1: "Initial", 2: "Repeatable", 3: "Defined", 4: "Measured", 5: "Optimising"}
# Level 1 (red) to 5 (green): readable by most colour-blind readers with the number on top.
LEVEL_COLOURS = {1: "#c0392b", 2: "#e67e22", 3: "#f1c40f", 4: "#8bc34a", 5: "#2e8b57"}
NO_DATA_COLOUR = "#eeeeee"
# Text on a level's colour: light only on level 1's dark red (4.5:1 or better either way).
LEVEL_INK = {1: "#ffffff", 2: "#222222", 3: "#222222", 4: "#222222", 5: "#000000"}
# The report's own palette (headings, tables, charts) in every format.
PRIMARY = "#1f4e79"  # current scores, headings
ACCENT = "#e07b00"  # targets
INK = "#222222"
MUTED = "#5f6b76"
RULE = "#c8d0d8"
STRIPE = "#f4f7fa"
CALLOUT = "#eaf1f8"
GOOD = "#2e7d32"
BAD = "#b3261e"
RATING_COLOURS = {"Critical": "#8b0000", "High": "#b3261e", "Medium": "#a34f00", "Low": "#5f6b76"}
DEAD_BAND = 0.1  # a printed change of 0.1 or less reads as "flat"
ARROWS = {"up": "↑", "down": "↓", "flat": "→"}
DASH = "–"
MIN_RESPONDENTS = 5  # fewer, and every figure is labelled indicative
MIN_RESPONSE_RATE = 0.5  # under it too
LOW_ALPHA = 0.667  # Krippendorff: below 0.667 agreement is too low even for tentative conclusions
URGENT_GAP = 2.0  # levels below target that put an area in the first 90 days


def printed(value: float | None, places: int = 1) -> float | None:
    """The value as printed: rounded half up (not to even) at `places` decimals."""
    if value is None or not math.isfinite(value):
        return None
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def level_reached(score: float | None) -> int | None:
    """The level a printed score has reached (1..5)."""
    if score is None:
        return None
    return min(5, max(1, math.floor(score + 1e-9)))


def level_name(score: float | None) -> str:
    level = level_reached(score)
    return "no data" if level is None else LEVEL_NAMES[level]


def level_colour(score: float | None) -> str:
    level = level_reached(score)
    return NO_DATA_COLOUR if level is None else LEVEL_COLOURS[level]


def difference(current: float | None, previous: float | None) -> float | None:
    """current − previous on printed values, itself printed (no float noise)."""
    if current is None or previous is None:
        return None
    return printed(current - previous)


def direction(delta: float | None) -> str | None:
    if delta is None:
        return None
    if delta > DEAD_BAND + 1e-9:
        return "up"
    if delta < -DEAD_BAND - 1e-9:
        return "down"
    return "flat"


def gap(target: float, score: float | None) -> float | None:
    """Target minus printed score, never below zero; None without a score."""
    return None if score is None else max(0.0, printed(target - score) or 0.0)


def is_gap(printed_gap: float | None) -> bool:
    return printed_gap is not None and printed_gap > 0


def score_text(score: float | None) -> str:
    return DASH if score is None else f"{score:.1f}"


def signed_text(delta: float | None) -> str:
    if delta is None:
        return DASH
    return "0.0" if delta == 0 else f"{delta:+.1f}"


def pct_text(share: float | None) -> str:
    return DASH if share is None else f"{printed(share * 100, 0):.0f}%"


def number_text(value: float | None) -> str:
    """A KPI value: at most two decimals, no trailing zeros, thousands separated."""
    if value is None:
        return DASH
    text = f"{printed(value, 2):,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


ACTION_STATUSES = (("done", "done"), ("in_progress", "in progress"), ("open", "open"), ("dropped", "dropped"))


def actions_text(statuses: tuple[str, ...]) -> str:
    """"3 actions: 2 done, 1 open" for a previous round's tracked actions; "" for none."""
    if not statuses:
        return ""
    parts = [f"{statuses.count(key)} {label}" for key, label in ACTION_STATUSES if statuses.count(key)]
    return f"{plural(len(statuses), 'action')}: {', '.join(parts)}"
