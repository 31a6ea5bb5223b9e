from reports.charts import HeatRow, gap_bars, heatmap, level_colour, radar_chart, to_svg

HOSTILE = "Zürich & Łódź <Ops> Ελλάδα “Кириллица”"


def test_svg_escapes_labels_and_keeps_unicode():
    svg = to_svg(radar_chart([HOSTILE, "B", "C"], [1.0, 2.0, None], [3, 3, 3]), title=HOSTILE)
    assert svg.startswith("<svg")
    assert "<Ops>" not in svg
    assert "Zürich &amp; Łódź &lt;Ops&gt; Ελλάδα “Кириллица”" in svg


def test_heatmap_prints_each_score_and_marks_missing_data():
    svg = to_svg(heatmap([HeatRow("SysOps", [("Patching", 2.46), ("Backup", None)])]))
    assert ">2.5<" in svg
    assert ">–<" in svg


def test_gap_bars_draw_one_bar_per_scored_area():
    drawing = gap_bars(["A", "B", "C"], [1.5, None, 4.0], [3, 3, 3])
    bars = [shape for shape in drawing.contents if type(shape).__name__ == "Rect"]
    assert len(bars) == 2


def test_level_colours_run_from_red_to_green():
    assert level_colour(1).hexval() == "0xc0392b"
    assert level_colour(4.6).hexval() == "0x2e8b57"
    assert level_colour(None).hexval() == "0xeeeeee"
