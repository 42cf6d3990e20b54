"""SVG charts: no inline style (CSP), text escaped, hidden groups drawn without a value."""

from advisor.workspace.charts import Bar, bar_chart


def test_bar_chart_escapes_and_uses_no_style_attribute():
    svg = str(bar_chart([Bar("<script>x</script>", 3, "3 (60%)"), Bar("Hidden", None, "hidden")],
                        title="T & t", maximum=5, chart_id="c1"))
    assert "style=" not in svg and "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 2 and 'stroke-dasharray' in svg
    assert '<title id="c1-title">T &amp; t</title>' in svg
