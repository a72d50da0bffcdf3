"""Charts drawn on the server as SVG, without a chart library: bars by category (stacked by
series) and lines over time. Each is an `<svg role="img">` with a `<title>` and a `<desc>`; every
series has a colour and a pattern (or a marker and a dash), so a chart reads in black and white
and on paper. The page shows a table beside each chart with the same numbers; each drawn value
carries `data-*` attributes (category or date, series, value) so tests can set the picture
against the table and the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

# The pictograms' palette, and a few more for many series; each with a pattern.
COLOURS = (
    "#1d5fa8",
    "#2e7d32",
    "#ffd24d",
    "#c62828",
    "#bfe0ff",
    "#8d5a2b",
    "#f2c9a0",
    "#6a1b9a",
    "#ef6c00",
    "#00838f",
    "#757575",
)
# Pattern marks drawn over the colour in a 8×8 tile: none, stripes one way and the other, dots,
# a grid, rows, columns, crosses, big dots, zigzag, a checker.
MARKS = (
    "",
    '<path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="#1b1b1b" stroke-width="1.5"/>',
    '<path d="M-2 6l4 4M0 0l8 8M6 -2l4 4" stroke="#ffffff" stroke-width="2"/>',
    '<circle cx="4" cy="4" r="1.6" fill="#1b1b1b"/>',
    '<path d="M0 4h8M4 0v8" stroke="#1b1b1b" stroke-width="1.2"/>',
    '<path d="M0 2h8M0 6h8" stroke="#ffffff" stroke-width="1.5"/>',
    '<path d="M2 0v8M6 0v8" stroke="#1b1b1b" stroke-width="1.5"/>',
    '<path d="M1 1l6 6M7 1l-6 6" stroke="#ffffff" stroke-width="1.5"/>',
    '<circle cx="4" cy="4" r="2.5" fill="#ffffff"/>',
    '<path d="M0 6l2-4 2 4 2-4 2 4" stroke="#1b1b1b" stroke-width="1.2" fill="none"/>',
    '<path d="M0 0h4v4H0zM4 4h4v4H4z" fill="#ffffff"/>',
)
DASHES = ("", "6 4", "2 3", "10 3 2 3")
MARKERS = ("circle", "square", "diamond", "triangle")


@dataclass(frozen=True)
class Series:
    key: str
    label: str


def _text(value) -> str:
    return escape(str(value), quote=True)


def _number(value: float) -> str:
    """A value as the table shows it: whole numbers without decimals, else one decimal."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def swatch_style(index: int) -> tuple[str, str]:
    """The colour and pattern mark of series number `index` (for a legend drawn in HTML)."""
    return COLOURS[index % len(COLOURS)], MARKS[index % len(MARKS)]


def _head(name: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}"'
        f' aria-labelledby="{name}-title {name}-desc" data-chart="{name}">',
        f'<title id="{name}-title">{_text(title)}</title>',
        f'<desc id="{name}-desc">{_text(desc)}</desc>',
    ]


def _patterns(name: str, count: int) -> str:
    parts = ["<defs>"]
    for n in range(count):
        colour, mark = swatch_style(n)
        parts.append(
            f'<pattern id="{name}-p{n}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{colour}"/>{mark}</pattern>'
        )
    parts.append("</defs>")
    return "".join(parts)


def legend_swatch(name: str, index: int, lines: bool = False) -> Markup:
    """A small square in the series' colour and pattern, for the legend beside a bar chart; with
    `lines`, the line's own dash and marker (`line_swatch`)."""
    if lines:
        return line_swatch(index)
    colour, mark = swatch_style(index)
    return Markup(  # noqa: S704  # nosec B704  (numbers and fixed marks only)
        f'<svg class="chart-swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">'
        f'<defs><pattern id="{name}-s{index}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{colour}"/>{mark}</pattern></defs>'
        f'<rect x="1" y="1" width="14" height="14" fill="url(#{name}-s{index})" stroke="#1b1b1b"/></svg>'
    )


def line_swatch(index: int) -> Markup:
    """A short stretch of series number `index`'s line, with its dash and its marker, for the
    legend beside a line chart (a square would stand for a bar)."""
    colour, dash, marker = (
        COLOURS[index % len(COLOURS)],
        DASHES[index % len(DASHES)],
        MARKERS[index % len(MARKERS)],
    )
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return Markup(  # noqa: S704  # nosec B704  (numbers and fixed marks only)
        '<svg class="chart-swatch chart-swatch-line" viewBox="0 0 32 16" width="32" height="16"'
        ' aria-hidden="true">'
        f'<line x1="1" y1="8" x2="31" y2="8" stroke="{colour}" stroke-width="3"{dash_attr}/>'
        + _marker(marker, 16, 8)
        + f' fill="{colour}" stroke="#1b1b1b" stroke-width="1.5"/></svg>'
    )


def _nice_top(value: float) -> float:
    """A round top for the axis, at or above `value`."""
    if value <= 0:
        return 1
    step = 1.0
    while step * 10 < value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def bar_chart(
    name: str,
    title: str,
    desc: str,
    categories: list[tuple[str, str]],
    series: list[Series],
    values: dict[tuple[str, str], int],
    notes: dict[str, str] | None = None,
) -> Markup:
    """Stacked bars: one bar per category (key, label), one part per series with a value. A
    category in `notes` gets its words written where its bar would stand instead (a number that
    is not shown, say), so that no bar is mistaken for a zero."""
    notes = notes or {}
    width, height, left, bottom, top = 640, 300, 40, 50, 16
    plot_w, plot_h = width - left - 10, height - bottom - top
    totals = {key: sum(values.get((key, s.key), 0) for s in series) for key, _ in categories}
    peak = _nice_top(max(totals.values(), default=0))
    parts = _head(name, width, height, title, desc)
    parts.append(_patterns(name, len(series)))
    for tick in range(0, int(peak) + 1, max(1, int(peak) // 5)):
        y = top + plot_h - plot_h * tick / peak
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}"'
            ' stroke="#c8c8c8" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{tick}</text>'
        )
    slot = plot_w / max(1, len(categories))
    for n, (key, label) in enumerate(categories):
        x = left + n * slot + slot * 0.15
        bar_w = slot * 0.7
        y = top + plot_h
        parts.append(f'<g data-category="{_text(key)}" data-total="{totals[key]}">')
        if key in notes:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - 8}" text-anchor="middle" font-size="12"'
                f' data-note="{_text(key)}">{_text(notes[key])}</text>'
            )
        for index, one in enumerate(series):
            if key in notes:
                break
            value = values.get((key, one.key), 0)
            if not value:
                continue
            h = plot_h * value / peak
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}"'
                f' fill="url(#{name}-p{index})"'
                f' stroke="#1b1b1b" stroke-width="1" data-series="{_text(one.key)}" data-value="{value}">'
                f"<title>{_text(label)}: {_text(one.label)}, {value}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 18}"'
            ' text-anchor="middle" font-size="12">'
            f"{_text(label)}</text></g>"
        )
    parts.append(
        f'<line x1="{left}" x2="{width - 10}" y1="{top + plot_h}" y2="{top + plot_h}"'
        ' stroke="#1b1b1b" stroke-width="2"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  # nosec B704  (every text escaped by _text)


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 5:.1f}l5 5-5 5-5-5z"'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - 5:.1f}l5 9h-10z"'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5"'


def line_chart(
    name: str,
    title: str,
    desc: str,
    series: list[Series],
    points: dict[str, list[tuple[date, float]]],
    unit: str = "",
    ticks: list[tuple[date, str]] | None = None,
    counts: bool = False,
) -> Markup:
    """Lines over time, one per series, each with its own dash and marker; the time axis from the
    first to the last day measured, named at its two ends, or at each of `ticks` (a day and its
    words, such as the months of a period). With `counts` the value axis starts at 0 and is
    marked in whole, round steps (numbers of things, not measurements)."""
    width, height, left, bottom, top, right = 640, 310, 52, 40, 30, 16
    plot_w, plot_h = width - left - right, height - bottom - top
    days = [day for one in series for day, _ in points.get(one.key, [])]
    numbers = [value for one in series for _, value in points.get(one.key, [])]
    first, last = min(days), max(days)
    span = max(1, (last - first).days)
    low, high = min(numbers), max(numbers)
    pad = max(1.0, (high - low) * 0.15)
    low, high = max(0.0, low - pad), high + pad
    levels = [low + (high - low) * step / 4 for step in range(5)]
    if counts:
        low, high = 0.0, _nice_top(max(numbers))
        step_size = max(1.0, high / 5 if high >= 5 else 1.0)
        levels = [step_size * n for n in range(int(high / step_size) + 1)]

    def x_of(day: date) -> float:
        return left + plot_w * ((day - first).days / span) if last != first else left + plot_w / 2

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * (value - low) / (high - low)

    parts = _head(name, width, height, title, desc)
    for value in levels:
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"'
            ' stroke="#c8c8c8" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{value:.0f}</text>'
        )
    named = ticks if ticks is not None else [(day, day.isoformat()) for day in sorted({first, last})]
    for day, words in named:
        anchor = "middle" if first == last or ticks is not None else "start" if day == first else "end"
        parts.append(
            f'<text x="{x_of(day):.1f}" y="{height - 12}" text-anchor="{anchor}" font-size="12">'
            f"{_text(words)}</text>"
        )
    if unit:
        parts.append(f'<text x="4" y="14" font-size="12">{_text(unit)}</text>')
    for index, one in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        dash = DASHES[index % len(DASHES)]
        marker = MARKERS[index % len(MARKERS)]
        rows = sorted(points.get(one.key, []))
        if not rows:
            continue
        path = " ".join(f"{x_of(d):.1f},{y_of(v):.1f}" for d, v in rows)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<g data-series="{_text(one.key)}">')
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"{dash_attr}/>')
        for day, value in rows:
            parts.append(
                _marker(marker, x_of(day), y_of(value))
                + f' fill="{colour}" stroke="#1b1b1b" stroke-width="1.5" data-date="{day.isoformat()}"'
                f' data-value="{_number(value)}">'
                f"<title>{_text(one.label)}, {day.isoformat()}: {_number(value)}"
                f"{(' ' + _text(unit)) if unit else ''}</title>"
                + ("</circle>" if marker == "circle" else "</rect>" if marker == "square" else "</path>")
            )
        parts.append("</g>")
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"'
        ' stroke="#1b1b1b" stroke-width="2"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  # nosec B704  (every text escaped by _text)


def number(value: float) -> str:
    return _number(value)
