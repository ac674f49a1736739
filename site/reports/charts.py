"""Server-side SVG charts, drawn without any JavaScript library.

Every chart is an `<svg role="img">` with a `<title>` and a `<desc>` that says the whole
chart in words (screen readers read the figures, hidden ones as hidden). Colours and
sizes are SVG presentation attributes, never `style` attributes, so the charts also pass a
strict Content-Security-Policy. Right to left (Arabic): the charts are mirrored, so they
read from the right, and every number is wrapped in a left-to-right isolate (U+2066 … U+2069)
so that "73.5%" or "2026-01" is not reordered. A hidden figure is never drawn: its place is
marked, and named in the description.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .services import Cell

LRI, PDI = "\u2066", "\u2069"
INK = "#1d1d1b"
MUTED = "#5c5c5c"
GRID = "#c8c8c8"
BAR = "#1f6f5c"
LINE = "#8a3b12"
FONT = "system-ui, sans-serif"

_ids = itertools.count(1)


def isolate(text: str) -> str:
    return f"{LRI}{text}{PDI}"


@dataclass(frozen=True)
class Texts:
    title: str
    description: str  # the sentence before the figures in the <desc>
    hidden: str  # "fewer than 5"
    hidden_note: str  # legend: what the marks mean


class _Canvas:
    """Coordinates measured from the reading start: x=0 is the left edge in left-to-right
    languages and the right edge in right-to-left ones."""

    def __init__(self, width: int, height: int, rtl: bool):
        self.width, self.height, self.rtl = width, height, rtl
        self.parts: list[str] = []

    def x(self, logical: float) -> float:
        return round(self.width - logical if self.rtl else logical, 1)

    def rect(self, start: float, y: float, length: float, height: float, **attrs) -> None:
        left = self.width - start - length if self.rtl else start
        self.parts.append(
            f'<rect x="{round(left, 1)}" y="{round(y, 1)}" width="{round(length, 1)}" '
            f'height="{round(height, 1)}"{_attrs(attrs)}>{_title(attrs)}</rect>'
        )

    def line(self, x1, y1, x2, y2, **attrs) -> None:
        self.parts.append(
            f'<line x1="{self.x(x1)}" y1="{round(y1, 1)}" x2="{self.x(x2)}" '
            f'y2="{round(y2, 1)}"{_attrs(attrs)}/>'
        )

    def text(self, start: float, y: float, content: str, anchor: str = "start", **attrs):
        # text-anchor follows the `direction` set on the <svg>: "start" is the reading start.
        self.parts.append(
            f'<text x="{self.x(start)}" y="{round(y, 1)}" text-anchor="{anchor}" '
            f'font-family="{FONT}"{_attrs(attrs)}>{escape(content)}</text>'
        )

    def circle(self, start: float, y: float, r: float, **attrs) -> None:
        self.parts.append(
            f'<circle cx="{self.x(start)}" cy="{round(y, 1)}" r="{r}"{_attrs(attrs)}>'
            f"{_title(attrs)}</circle>"
        )

    def polyline(self, points: list[tuple[float, float]], **attrs) -> None:
        coords = " ".join(f"{self.x(px)},{round(py, 1)}" for px, py in points)
        self.parts.append(f'<polyline points="{coords}"{_attrs(attrs)}/>')

    def svg(self, texts: Texts, description: str) -> SafeString:
        n = next(_ids)
        title_id, desc_id = f"chart-{n}-title", f"chart-{n}-desc"
        direction = "rtl" if self.rtl else "ltr"
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'viewBox="0 0 {self.width} {self.height}" width="100%" '
            f'direction="{direction}" font-size="13" '
            f'aria-labelledby="{title_id} {desc_id}" class="report-chart">'
            f'<title id="{title_id}">{escape(texts.title)}</title>'
            f'<desc id="{desc_id}">{escape(description)}</desc>'
        )
        # Everything in the SVG is escaped here or built from numbers.
        return mark_safe(head + "".join(self.parts) + "</svg>")  # noqa: S308


def _attrs(attrs: dict) -> str:
    return "".join(
        f' {name.replace("_", "-")}="{escape(value)}"'
        for name, value in attrs.items()
        if name != "tooltip"
    )


def _title(attrs: dict) -> str:
    tip = attrs.get("tooltip")
    return f"<title>{escape(tip)}</title>" if tip else ""


def _number(value: float, percent: bool) -> str:
    text = f"{value:.1f}%" if percent else f"{value:g}"
    return isolate(text)


def bar_chart(items: list[tuple[str, Cell]], texts: Texts, rtl: bool = False) -> SafeString:
    """Horizontal bars from 0 to 100 %, one per item (label, percent)."""
    label_width, bar_width, row, top = 210, 330, 30, 34
    width = label_width + bar_width + 110
    height = top + row * max(len(items), 1) + 40
    canvas = _Canvas(width, height, rtl)
    bottom = top + row * max(len(items), 1)
    for tick in (0, 25, 50, 75, 100):
        at = label_width + bar_width * tick / 100
        canvas.line(at, top - 6, at, bottom, stroke=GRID, stroke_width="1")
        canvas.text(at, top - 12, isolate(f"{tick}%"), "middle", fill=MUTED, font_size="11")
    said = []
    for i, (label, cell) in enumerate(items):
        y = top + i * row
        canvas.text(label_width - 10, y + row / 2 + 4, label, "end", fill=INK)
        if cell.shown:
            length = max(bar_width * min(float(cell.value), 100) / 100, 1)
            value = _number(float(cell.value), True)
            canvas.rect(label_width, y + 6, length, row - 12, fill=BAR, tooltip=f"{label}: {value}")
            canvas.text(label_width + length + 6, y + row / 2 + 4, value, fill=INK)
            said.append(f"{label}: {value}")
        else:
            # Not drawn: a dashed outline marks the place, the words say why.
            canvas.rect(
                label_width,
                y + 6,
                bar_width,
                row - 12,
                fill="none",
                stroke=GRID,
                stroke_dasharray="4 3",
                tooltip=f"{label}: {texts.hidden}",
            )
            canvas.text(
                label_width + 8, y + row / 2 + 4, texts.hidden, fill=MUTED, font_style="italic"
            )
            said.append(f"{label}: {texts.hidden}")
    canvas.text(0, height - 10, texts.hidden_note, fill=MUTED, font_size="11")
    description = f"{texts.description} " + "; ".join(said) + "."
    return canvas.svg(texts, description)


def line_chart(months: list[str], cells: list[Cell], texts: Texts, rtl: bool = False):
    """Completions per month: a line through the months that may be shown; a hidden month
    breaks the line and is marked by a hollow ring on the axis."""
    left, right, top, plot_height = 50, 20, 20, 200
    step = 56 if len(months) <= 12 else max(640 // max(len(months), 1), 18)
    width = left + right + step * max(len(months) - 1, 1) + 20
    height = top + plot_height + 70
    canvas = _Canvas(width, height, rtl)
    shown = [float(c.value) for c in cells if c.shown]
    peak = max(shown, default=0)
    scale_max = _nice_max(peak)
    base = top + plot_height

    def y_of(value: float) -> float:
        return base - plot_height * value / scale_max

    for tick in _ticks(scale_max):
        canvas.line(left, y_of(tick), width - right, y_of(tick), stroke=GRID, stroke_width="1")
        canvas.text(left - 8, y_of(tick) + 4, isolate(f"{tick:g}"), "end", fill=MUTED)
    label_every = 1 if len(months) <= 12 else (len(months) + 11) // 12
    segments: list[list[tuple[float, float]]] = [[]]
    said = []
    for i, (month, cell) in enumerate(zip(months, cells, strict=True)):
        x = left + 10 + step * i
        if i % label_every == 0:
            canvas.text(x, base + 20, isolate(month), "middle", fill=MUTED, font_size="11")
        if cell.shown:
            value = float(cell.value)
            segments[-1].append((x, y_of(value)))
            said.append(f"{isolate(month)}: {isolate(f'{value:g}')}")
        else:
            if segments[-1]:
                segments.append([])
            canvas.circle(
                x,
                base,
                4,
                fill="none",
                stroke=MUTED,
                stroke_width="1.5",
                tooltip=f"{month}: {texts.hidden}",
            )
            said.append(f"{isolate(month)}: {texts.hidden}")
    for segment in segments:
        if len(segment) > 1:
            canvas.polyline(segment, fill="none", stroke=LINE, stroke_width="2")
        for px, py in segment:
            canvas.circle(px, py, 3.5, fill=LINE)
    canvas.text(0 + 4, height - 12, texts.hidden_note, fill=MUTED, font_size="11")
    description = f"{texts.description} " + ("; ".join(said) or "—") + "."
    return canvas.svg(texts, description)


def _nice_max(peak: float) -> float:
    if peak <= 0:
        return 10
    for candidate in itertools.chain.from_iterable(
        (m * 10**e for m in (1, 2, 5)) for e in range(0, 9)
    ):
        if candidate >= peak:
            return candidate
    return peak


def _ticks(scale_max: float) -> list[float]:
    return [scale_max * i / 5 for i in range(6)]
