from typing import Any

from django import template

from reports.charts import colour_step

register = template.Library()

LEVEL_NAMES = {1: "Initial", 2: "Repeatable", 3: "Defined", 4: "Measured", 5: "Optimising"}


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def level_name(value: float | None) -> str:
    if value is None:
        return "no data"
    return LEVEL_NAMES[min(5, max(1, int(round(value, 1))))]  # named as printed: 2.96 shows as 3.0, Defined


@register.filter
def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


@register.filter
def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@register.filter
def arrow(direction: str | None) -> str:
    return {"up": "↑", "down": "↓", "flat": "→"}.get(direction or "", "")


@register.filter
def level_class(value: float | None) -> str:
    """A CSS class for a 1-5 score, matching the charts' colour scale."""
    if value is None:
        return "lvl-none"
    return f"lvl-{colour_step(value)}"
