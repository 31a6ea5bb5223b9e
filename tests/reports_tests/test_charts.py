import re

from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.charts import gap_bars, level_colour, radar_chart, to_svg

HOSTILE = "Zürich & Łódź <Ops> Ελλάδα “Кириллица”"


def test_svg_escapes_labels_and_keeps_unicode():
    svg = to_svg(radar_chart([HOSTILE, "B", "C"], [1.0, 2.0, None], [3, 3, 3]), title=HOSTILE)
    assert svg.startswith("<svg")
    assert "<Ops>" not in svg
    assert "Zürich &amp; Łódź &lt;Ops&gt; Ελλάδα “Кириллица”" in svg  # the accessible title, whole
    assert "&lt;Ops&gt;" in svg.split("</title>", 1)[1]  # the label too, wrapped on the chart


def test_radar_labels_stay_inside_the_drawing():
    names = ["Patching and vulnerability remediation", "Collaboration and shared ownership",
             "Security governance and collaboration", "Network incident response and resilience",
             "Incident response", "Identity and access control", "Monitoring and alerting"]
    drawing = radar_chart(names, [2.0] * 7, [3] * 7)

    for shape in drawing.contents:
        if type(shape).__name__ != "String":
            continue
        width = stringWidth(shape.text, shape.fontName, shape.fontSize)
        left = {"start": shape.x, "middle": shape.x - width / 2, "end": shape.x - width}[shape.textAnchor]
        assert 0 <= left and left + width <= drawing.width, f"{shape.text!r} runs off the chart"
        assert 0 <= shape.y <= drawing.height


def test_charts_on_one_page_do_not_share_a_clip_path():
    """With one id for all, browsers clip every chart to the first one's box."""
    radar = to_svg(radar_chart(["A", "B", "C"], [1.0, 2.0, 3.0], [3, 3, 3]))
    heat = to_svg(gap_bars(["Patching"], [2.5], [3.0], width=760))
    ids = [re.findall(r'<clipPath id="([^"]+)"', svg) for svg in (radar, heat)]

    assert ids[0] and ids[1] and set(ids[0]).isdisjoint(ids[1])
    assert f"url(#{ids[1][0]})" in heat


def test_gap_bars_draw_one_bar_per_scored_area():
    drawing = gap_bars(["A", "B", "C"], [1.5, None, 4.0], [3, 3, 3])
    bars = [shape for shape in drawing.contents if type(shape).__name__ == "Rect"]
    assert len(bars) == 2


def test_level_colours_run_from_red_to_green_by_the_level_reached():
    assert level_colour(1).hexval() == "0xc0392b"
    assert level_colour(4.9).hexval() == "0x8bc34a"  # 4.9 has reached Measured, not Optimising
    assert level_colour(5.0).hexval() == "0x2e8b57"
    assert level_colour(None).hexval() == "0xeeeeee"


def test_scores_that_print_alike_get_one_colour_and_one_level_name():
    """2.95 and 3.04 both read 3.0: page, PDF and chart name and colour them the same."""
    from reports.presentation import Score

    low, high = Score.of(2.95), Score.of(3.04)
    assert (low.text, low.level_name, low.colour, low.css) == (high.text, high.level_name, high.colour, high.css)
    assert (low.level_name, low.css) == ("Defined", "lvl-3")
    assert level_colour(low.value) == level_colour(high.value)
    assert Score.of(2.94).colour != low.colour  # 2.9 and 3.0 straddle the step
