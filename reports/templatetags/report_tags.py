from typing import Any

from django import template

from reports.charts import colour_step
from reports.formatting import kpi_team_lines

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


ROLE_PLURALS = {"engineer": "engineers", "lead": "team leads", "manager": "managers"}


@register.filter
def roles_not_compared(result: Any) -> str:
    """Which of engineers and managers fell below the privacy threshold ("" when both are
    shown, so that no perception gap means they agree rather than that one was held back)."""
    shown = {group.name for group in result.roles}
    return " and ".join(ROLE_PLURALS[key] for key in ("engineer", "manager") if key not in shown)


@register.filter
def area_name(key: str, result: Any) -> str:
    for discipline in result.disciplines:
        for area in discipline.areas:
            if area.key == key:
                return f"{area.name} ({discipline.name})"
    return key


register.filter("team_lines", kpi_team_lines)
