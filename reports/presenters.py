"""Turn engine results into the page's charts (the same Drawings the PDF embeds)."""

from django.utils.safestring import SafeString, mark_safe

from .charts import HeatRow, heatmap, radar_chart, to_svg
from .scoring import AssessmentResult, ScoreTrend, TrendResult


def dashboard_charts(result: AssessmentResult) -> dict[str, object]:
    radars: dict[str, SafeString] = {}
    for d in result.disciplines:
        if len(d.areas) < 3:
            continue
        drawing = radar_chart([a.name for a in d.areas], [a.stats.mean for a in d.areas],
                              [a.target for a in d.areas])
        # to_svg escapes every label; the markup itself is ours.
        radars[d.key] = mark_safe(to_svg(drawing, title=f"{d.name}: current vs target by area"))  # noqa: S308
    rows = [HeatRow(d.name, [(a.name, a.stats.mean) for a in d.areas]) for d in result.disciplines]
    heat = mark_safe(to_svg(heatmap(rows, width=760), title="Heatmap of disciplines by area"))  # noqa: S308
    return {"radars": radars, "heatmap": heat}


def trend_map(trend: TrendResult | None) -> dict[str, ScoreTrend]:
    """Trend items by key ("overall", a discipline key or "<discipline>.<area>")."""
    if trend is None:
        return {}
    items = {t.key: t for t in (*trend.disciplines, *trend.areas)}
    items["overall"] = trend.overall
    return items
