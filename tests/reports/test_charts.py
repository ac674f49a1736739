"""The server-side SVG charts: accessible, mirrored in Arabic, hidden figures not drawn."""

import re

from madafe.reports.charts import LRI, PDI, Texts, bar_chart, line_chart
from madafe.reports.services import Cell

TEXTS = Texts(
    title="Completion rate per association",
    description="Share who completed:",
    hidden="fewer than 5",
    hidden_note="Marks: hidden figures.",
)
H = Cell(None, hidden=True)


def rect_xs(svg):
    return [float(x) for x in re.findall(r'<rect x="([\d.]+)"[^>]*fill="#1f6f5c"', svg)]


def test_bar_chart_is_described_for_screen_readers():
    svg = bar_chart([("Association A", Cell(60.0)), ("Association B", H)], TEXTS)
    assert svg.startswith("<svg") and 'role="img"' in svg
    title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', svg).groups()
    assert f'<title id="{title_id}">Completion rate per association</title>' in svg
    desc = re.search(rf'<desc id="{desc_id}">(.*?)</desc>', svg).group(1)
    assert "Association A: " in desc and "60.0%" in desc
    assert "Association B: fewer than 5" in desc
    assert " style=" not in svg  # presentation attributes only (strict CSP)


def test_hidden_values_are_not_drawn_but_marked():
    svg = bar_chart([("A", H), ("B", H)], TEXTS)
    assert rect_xs(svg) == []  # no bar
    assert svg.count('stroke-dasharray="4 3"') == 2  # a dashed outline marks each place
    svg = line_chart(["2026-01", "2026-02", "2026-03"], [Cell(7), H, Cell(9)], TEXTS)
    assert "<polyline" not in svg  # the line breaks at the hidden month
    assert svg.count('fill="#8a3b12"') == 2  # two points drawn
    assert svg.count('fill="none" stroke="#5c5c5c"') == 1  # one ring on the axis
    assert "2026-02: fewer than 5" in svg


def test_line_chart_joins_consecutive_months():
    svg = line_chart(["2026-01", "2026-02"], [Cell(5), Cell(10)], TEXTS)
    assert svg.count("<polyline") == 1


def test_right_to_left_mirrors_the_chart():
    ltr = bar_chart([("A", Cell(50.0))], TEXTS, rtl=False)
    rtl = bar_chart([("A", Cell(50.0))], TEXTS, rtl=True)
    assert 'direction="ltr"' in ltr and 'direction="rtl"' in rtl
    width = float(re.search(r'viewBox="0 0 (\d+)', ltr).group(1))
    (x_ltr,) = rect_xs(ltr)
    (x_rtl,) = rect_xs(rtl)
    bar = float(
        re.search(r'fill="#1f6f5c"', ltr)
        and re.search(
            r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"[^>]*fill="#1f6f5c"', ltr
        ).group(1)
    )
    assert x_rtl == width - x_ltr - bar  # the bar grows from the right
    first = re.findall(
        r'<text x="([\d.]+)"[^>]*>[^<]*2026-01',
        line_chart(["2026-01", "2026-02"], [Cell(5), Cell(6)], TEXTS, rtl=True),
    )
    last = re.findall(
        r'<text x="([\d.]+)"[^>]*>[^<]*2026-02',
        line_chart(["2026-01", "2026-02"], [Cell(5), Cell(6)], TEXTS, rtl=True),
    )
    assert float(first[0]) > float(last[0])  # the earliest month is on the right


def test_numbers_are_isolated_so_arabic_does_not_reorder_them():
    svg = bar_chart([("جمعية", Cell(73.5))], TEXTS, rtl=True)
    assert f"{LRI}73.5%{PDI}" in svg


def test_labels_are_escaped():
    svg = bar_chart([("<script>alert(1)</script>", Cell(10.0))], TEXTS)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
