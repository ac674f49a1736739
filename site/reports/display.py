"""How report figures read on pages and in the CSV: one wording for hidden figures, in
both languages, everywhere."""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .services import MEASURE_LABELS, MEASURES, PERCENT_MEASURES, Cell, Report, Row

PERCENT_MEASURE_HEADINGS = {
    "completion_rate": _("Completion rate (%)"),
    "median_progress": _("Median progress (%)"),
    "average_best_score": _("Average best quiz score (%)"),
}


def hidden_text(threshold: int) -> str:
    return gettext("fewer than %(size)s") % {"size": threshold}


def number_text(value, measure: str) -> str:
    if measure in PERCENT_MEASURES:
        return f"{value:.1f}"
    return str(value)


def cell_text(cell: Cell, measure: str, threshold: int, percent_sign: bool = True) -> str:
    if cell.hidden:
        return hidden_text(threshold)
    if cell.value is None:
        return "—"
    text = number_text(cell.value, measure)
    return f"{text}%" if percent_sign and measure in PERCENT_MEASURES else text


@dataclass(frozen=True)
class DisplayCell:
    measure: str
    text: str
    hidden: bool


@dataclass(frozen=True)
class DisplayRow:
    row: Row | None
    cells: list[DisplayCell]


def display_cells(figures: dict[str, Cell], threshold: int) -> list[DisplayCell]:
    return [
        DisplayCell(m, cell_text(figures[m], m, threshold), figures[m].hidden) for m in MEASURES
    ]


def display_rows(report: Report, rows: list[Row]) -> list[DisplayRow]:
    return [DisplayRow(r, display_cells(r.figures, report.threshold)) for r in rows]


def measure_headings() -> list[tuple[str, str]]:
    return [(m, str(MEASURE_LABELS[m])) for m in MEASURES]
