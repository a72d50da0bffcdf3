"""What the statistics pages draw and download: charts made from the tables' own cells (so a chart
never shows a number its table hides) and every table as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from flask import Response
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from ..charts import Series, bar_chart, line_chart
from .periods import Period
from .tables import Table, month_label

# A cell that a spreadsheet would take for a formula begins with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Chart:
    name: str
    heading: str
    svg: Markup
    series: list[Series]
    table: Table
    # Said instead of the drawing when there is nothing it may draw (every bar hidden).
    empty_words: str = ""
    lines: bool = False  # a line chart: its legend shows each line's dash and marker


def _series_of(table: Table, measures: list[str]) -> list[Series]:
    labels = {column.measure: str(column.label) for column in table.columns}
    return [Series(measure, labels[measure]) for measure in measures]


def _month_values(table: Table, measures: list[str]) -> dict[tuple[str, str], float]:
    index = {column.measure: n for n, column in enumerate(table.columns)}
    return {
        (row.key, measure): row.cells[index[measure]].value or 0
        for row in table.rows
        if not row.total
        for measure in measures
    }


def month_charts(tables: dict[str, Table], period: Period) -> list[Chart]:
    """The staff's charts: visits per month by whether the patient came, and lines of messages,
    callbacks, read-aloud plays and easy-read pages per month."""
    visits = tables["narvaro"]
    attendance = ["attendance_came", "attendance_no_show", "attendance_late_cancel", "attendance_unmarked"]
    months = [(month.key, format_date(month.first, "MMM")) for month in period.months]
    charts = [
        Chart(
            "narvaro",
            _("Besök som har varit, per månad"),
            bar_chart(
                "narvaro",
                _("Besök som har varit, per månad, efter om patienten kom"),
                _(
                    "En stapel för varje månad, delad i kom, kom inte, avbokade sent och inte "
                    "markerat. Samma siffror står i tabellen bredvid."
                ),
                months,
                _series_of(visits, attendance),
                {key: int(value) for key, value in _month_values(visits, attendance).items()},
            ),
            _series_of(visits, attendance),
            visits,
        )
    ]
    ticks = [(month.first, label) for month, (_key, label) in zip(period.months, months, strict=True)]
    for name, heading, table_key, measures, desc in (
        (
            "meddelanden",
            _("Meddelanden och Ring upp per månad"),
            None,
            ["messages", "callbacks"],
            _(
                "Två linjer: meddelanden till vårdlotsen (hel linje, runda punkter) och "
                "Ring upp (streckad linje, fyrkanter). Samma siffror står i tabellerna."
            ),
        ),
        (
            "upplasning",
            _("Uppläsning och lättläst per månad"),
            "upplasning",
            ["speech_plays", "easy_read_pages"],
            _(
                "Två linjer: uppläsningar (hel linje, runda punkter) och sidor visade på "
                "lättläst (streckad linje, fyrkanter). Samma siffror står i tabellen bredvid."
            ),
        ),
    ):
        if table_key is None:
            table = _messages_and_callbacks(tables)
        else:
            table = tables[table_key]
        series = _series_of(table, measures)
        values = _month_values(table, measures)
        points = {
            measure: [(month.first, float(values.get((month.key, measure), 0))) for month in period.months]
            for measure in measures
        }
        charts.append(
            Chart(
                name,
                heading,
                line_chart(name, heading, desc, series, points, ticks=ticks, counts=True),
                series,
                table,
                lines=True,
            )
        )
    return charts


def _messages_and_callbacks(tables: dict[str, Table]) -> Table:
    """One table of the two counts the line chart draws, from the two tables that hold them."""
    messages, callbacks = tables["meddelanden"], tables["ring-upp"]
    table = Table(
        "meddelanden-och-ring-upp",
        _("Meddelanden och Ring upp per månad"),
        [messages.columns[0], callbacks.columns[0]],
        row_heading=messages.row_heading,
    )
    for mine, theirs in zip(messages.rows, callbacks.rows, strict=True):
        table.rows.append(type(mine)(mine.key, mine.label, [mine.cells[0], theirs.cells[0]], mine.total))
    return table


def clinic_chart(table: Table) -> Chart:
    """The region's chart: visits that have been, per clinic, by whether the patient came; a
    clinic with a hidden number gets words instead of a bar."""
    attendance = ["attendance_came", "attendance_no_show", "attendance_late_cancel", "attendance_unmarked"]
    index = {column.measure: n for n, column in enumerate(table.columns)}
    rows = [row for row in table.rows if not row.total]
    values, notes = {}, {}
    for row in rows:
        cells = [row.cells[index[m]] for m in attendance]
        if all(cell.shown for cell in cells):
            values.update(
                {(row.key, m): int(cell.value or 0) for m, cell in zip(attendance, cells, strict=True)}
            )
        else:
            notes[row.key] = _("dolt")
    series = _series_of(table, attendance)
    if not any(values.values()):
        # Not one bar to draw: every clinic's is hidden, or shown as 0.
        if notes:
            words = _(
                "Det finns inget diagram för den här perioden. Talen är för små och är dolda. "
                "Det som går att visa står i tabellen."
            )
        else:
            words = _("Det finns inget diagram. Inga besök har varit under perioden.")
        heading = _("Besök som har varit, per vårdcentral")
        return Chart("narvaro-vardcentraler", heading, Markup(""), series, table, words)
    return Chart(
        "narvaro-vardcentraler",
        _("Besök som har varit, per vårdcentral"),
        bar_chart(
            "narvaro-vardcentraler",
            _("Besök som har varit, per vårdcentral, efter om patienten kom"),
            _(
                "En stapel för varje vårdcentral, delad i kom, kom inte, avbokade sent och inte "
                "markerat. Där ett litet tal är dolt står ordet dolt i stället för en stapel. "
                "Samma siffror står i tabellen bredvid."
            ),
            [(row.key, row.label) for row in rows],
            series,
            values,
            notes,
        ),
        series,
        table,
    )


# --- CSV -------------------------------------------------------------------------------------------


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that begins like a formula gets a ' in front."""
    return "'" + text if text.startswith(FORMULA_START) else text


def table_csv(table: Table, filename: str, notes: Sequence[str] = ()) -> Response:
    """The table as CSV with Swedish headings: semicolons between cells (as Swedish spreadsheets
    expect, since a decimal comma is in the numbers), UTF-8 with a byte order mark. `notes` (the
    period, how small numbers are hidden) follow the table after an empty row, one a row: a file
    is read without the page that explains it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(str(table.row_heading)), *(safe_cell(str(c.label)) for c in table.columns)])
    for row in table.rows:
        writer.writerow([safe_cell(row.label), *(safe_cell(cell.text) for cell in row.cells)])
    if notes:
        writer.writerow([])
        writer.writerows([safe_cell(str(note))] for note in notes)
    response = Response("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def period_note(period: Period) -> str:
    """ "Period: januari 2026 – december 2026", for a file that is read without its page."""
    return _(
        "Period: %(first)s – %(last)s",
        first=month_label(period.first.first),
        last=month_label(period.last.first),
    )


def csv_filename(kind: str, table: Table, period: Period) -> str:
    return f"lotsen-statistik-{kind}-{table.key}-{period.first.key}-till-{period.last.key}.csv"
