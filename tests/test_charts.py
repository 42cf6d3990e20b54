"""The one chart module: page and PDF charts are the same primitives, returning Markup, no inline style."""

from __future__ import annotations

from markupsafe import Markup

from advisor.charts import PAGE_BARS, PAGE_RADAR, PRINT_BARS, PRINT_RADAR, Bar, bar_chart, radar_chart


def test_radar_is_deterministic_titled_and_escaped_in_both_styles():
    axes = [("Data <&>", 40), ("Skills", 100), ("Culture", 0)]
    for style in (PAGE_RADAR, PRINT_RADAR):
        svg = radar_chart(axes, title="Radar <b>", style=style)
        assert isinstance(svg, Markup)
        assert svg == radar_chart(axes, title="Radar <b>", style=style)
        assert "<title>Radar &lt;b&gt;</title>" in svg and "Data &lt;&amp;&gt;" in svg
        assert "style=" not in svg and svg.count("<circle") == 3
    assert 'font-family="Noto Sans' in radar_chart(axes, title="t", style=PRINT_RADAR)
    assert "font-family" not in radar_chart(axes, title="t", style=PAGE_RADAR)


def test_radar_ids_description_and_previous_outline():
    svg = radar_chart(
        [("A", 1), ("B", 2), ("C", 3)],
        title="T",
        desc="A: 1",
        chart_id="radar",
        css_class="radar",
        previous=[5, None, 7],
        legend=("Now", "Then"),
    )
    assert 'class="radar"' in svg and 'aria-labelledby="radar-title radar-desc"' in svg
    assert '<title id="radar-title">T</title><desc id="radar-desc">A: 1</desc>' in svg
    assert 'stroke-dasharray="5 3"' in svg and ">Then</text>" in svg
    assert "stroke-dasharray" not in radar_chart(
        [("A", 1), ("B", 2), ("C", 3)], title="T", previous=[None, None, None]
    )


def test_bar_chart_escapes_hides_and_highlights():
    svg = bar_chart(
        [Bar("<script>x</script>", 3, "3 (60%)"), Bar("Hidden", None, "hidden")],
        title="T & t",
        maximum=5,
        chart_id="c1",
        css_class="chart",
        style=PAGE_BARS,
    )
    assert isinstance(svg, Markup)
    assert "style=" not in svg and "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 2 and "stroke-dasharray" in svg
    assert '<title id="c1-title">T &amp; t</title>' in svg and 'width="100%"' in svg
    pdf = bar_chart(
        [Bar("One", 90), Bar("Two & more", 10)], title="Fit", style=PRINT_BARS, highlight_first=True
    )
    assert pdf.count("<rect") == 2 and "<title>Fit</title>" in pdf and "Two &amp; more" in pdf
    assert pdf.count('fill="#2e7d6f"') == 1 and ">90</text>" in pdf and 'width="520.0"' in pdf


def test_long_labels_wrap_and_keep_the_full_name_in_a_title():
    name = "A very long programme name that goes on and on and on beyond two lines of label"
    svg = bar_chart([Bar(name, 50)], title="t", style=PAGE_BARS)
    assert f"<title>{name}</title>" in svg and "\u2026" in svg
    assert bar_chart([Bar("Short", 50)], title="t").count("<title>") == 2  # the chart's and the bar's
