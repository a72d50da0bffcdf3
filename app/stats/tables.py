"""The figures as tables: for a clinic's staff one row per month and one for the whole period;
for the region one row per clinic and one for all of them, with small numbers hidden.

Small numbers (the region's tables): any count from 1 to 4 is shown as "färre än 5". A hidden
count must not come back by arithmetic either. The sums the tables show are known here as
equations: the clinics add up to the total, and in each row the visits that have been add up to
came, did not come, cancelled late and not marked (and the messages to their kinds). The region's
figures are read by the admin and, since they may be passed on, by each clinic's staff, who know
their own clinic's exact figures. So for each reader (no clinic, or one clinic with its own row
known) the hidden cells are worked out as far as any equation with one unknown allows; when that
would give back another clinic's hidden count (or a total from 1 to 4), one more cell of that
equation is hidden ("dolt", never "färre än 5", which would not be true of it): the total first,
else the smallest other number. A count 1-4 in a row of 2 or 3 clinics is thus hidden with the
total once a clinic could subtract itself and the others from it. Nothing else is hidden: a share
is hidden only when a count it is drawn from (its part or its whole) is 1-4 or hidden, a median
only when the count of answers is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_date, format_decimal
from flask_babel import lazy_gettext as _l

from ..contact.catalogue import PHRASES
from ..core.words import mandate_kind_word
from ..models import ConversationKind, MandateKind
from .figures import ALL, CALLBACK_TOPICS, EVERY_CLINIC, HOME, MESSAGE_KINDS, NOW, Figures

SMALL = 5  # counts from 1 to SMALL - 1 are not shown in the region's tables
HIDDEN_SMALL = "small"
HIDDEN_DERIVED = "derived"

SMALL_WORDS = _l("färre än 5")
DERIVED_WORDS = _l("dolt")
NONE_WORDS = "–"


def _half_up(value: float, step: str) -> Decimal:
    """Rounded as people round (12.5 % is 13 %), not to the even number as round() does."""
    return Decimal(repr(value)).quantize(Decimal(step), rounding=ROUND_HALF_UP)


@dataclass
class Cell:
    value: float | None  # None: nothing to show (a share of nothing, a median without answers)
    kind: str = "count"  # "count", "share" (per cent) or "hours"
    hidden: str = ""  # HIDDEN_SMALL or HIDDEN_DERIVED

    @property
    def text(self) -> str:
        if self.hidden == HIDDEN_SMALL:
            return str(SMALL_WORDS)
        if self.hidden == HIDDEN_DERIVED:
            return str(DERIVED_WORDS)
        if self.value is None:
            return NONE_WORDS
        if self.kind == "share":
            return f"{format_decimal(_half_up(self.value, '1'))} %"
        if self.kind == "hours":
            return format_decimal(_half_up(self.value, "0.1"), format="#,##0.0")
        return format_decimal(int(self.value))

    @property
    def shown(self) -> bool:
        """Whether the cell's number is shown (a chart draws only those)."""
        return not self.hidden and self.value is not None


@dataclass(frozen=True)
class Column:
    measure: str
    label: object
    kind: str = "count"
    # For a share: the count over the whole (`of`); for a median: the count it is drawn from.
    part: str = ""
    of: str = ""
    # Counted for today, not for the period.
    today: bool = False
    # The counts a share is worked out from: hidden when one of them is.
    uses: tuple[str, ...] = ()


def share(measure: str, label, part: str, of: str, uses: tuple[str, ...] = ()) -> Column:
    return Column(measure, label, "share", part, of, uses=uses or (part, of))


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]
    total: bool = False


@dataclass
class Table:
    key: str
    caption: object
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    row_heading: object = ""
    note: object = ""

    def column(self, measure: str) -> list[Cell]:
        index = [c.measure for c in self.columns].index(measure)
        return [row.cells[index] for row in self.rows]


# --- what each table shows -----------------------------------------------------------------------

MESSAGE_KIND_WORDS = {
    ConversationKind.MESSAGE.value: _l("Meddelande"),
    ConversationKind.SUGGESTION.value: _l("Förslag om anpassningar"),
    ConversationKind.AFTER_VISIT.value: _l("Fråga om Efter besöket"),
    ConversationKind.CHANGE.value: _l("Något har ändrats"),
    ConversationKind.VISIT_CHANGE.value: _l("Avboka eller flytta"),
}
TOPIC_WORDS = {choice.value: choice.text for choice in PHRASES}


def helper_word(kind: str):
    if kind == HOME:
        return _l("Boendets personal (boendets behörighet)")
    return mandate_kind_word(MandateKind(kind))


def columns(*specs: tuple) -> list[Column]:
    """A table's columns from short specs: (measure, label) for a count, (measure, label, part,
    of) for a share of `part` in `of`, with the counts it uses as a fifth item when its whole is
    a sum the table does not show."""
    found = []
    for spec in specs:
        if len(spec) == 2:
            found.append(Column(*spec))
        else:
            found.append(share(*spec))
    return found


# The visits that have been, by whether the patient came (their sum is the visits).
ATTENDANCE = ["attendance_came", "attendance_no_show", "attendance_late_cancel", "attendance_unmarked"]

SECTIONS: list[tuple[str, object, list[Column]]] = [
    (
        "patienter",
        _l("Patienter"),
        columns(
            ("patients_new", _l("Nya i Lotsen")),
            ("patients_accepted", _l("Fick ja på ansökan i Lotsen")),
            ("patients_active", _l("Aktiva patienter (besök, meddelande eller Ring upp)")),
        ),
    ),
    (
        "besok",
        _l("Besök och förberedelser"),
        columns(
            ("visits", _l("Besök som har varit")),
            ("visits_prepared", _l("Förberedelse skickad före besöket")),
            ("visits_prepared_share", _l("Andel med förberedelse"), "visits_prepared", "visits"),
            ("visits_reviewed", _l("Anpassningar genomgångna inom 12 månader före besöket")),
            ("visits_reviewed_share", _l("Andel med genomgångna anpassningar"), "visits_reviewed", "visits"),
        ),
    ),
    (
        "narvaro",
        _l("Kom patienten?"),
        columns(
            ("visits", _l("Besök som har varit")),
            ("attendance_came", _l("Kom")),
            ("attendance_no_show", _l("Kom inte")),
            ("attendance_late_cancel", _l("Avbokade sent")),
            ("attendance_unmarked", _l("Inte markerat")),
            (
                "no_show_share",
                _l("Andel som inte kom, av markerade"),
                "attendance_no_show",
                "attendance_marked",
                tuple(ATTENDANCE[:3]),
            ),
        ),
    ),
    (
        "meddelanden",
        _l("Meddelanden till vårdlotsen"),
        [
            *columns(("messages", _l("Meddelanden")), ("messages_answered", _l("Besvarade"))),
            Column(
                "answer_hours_median",
                _l("Tid till första svaret, median i timmar"),
                "hours",
                part="messages_answered",
            ),
        ],
    ),
    (
        "ring-upp",
        _l("Ring upp"),
        columns(
            ("callbacks", _l("Ring upp")),
            ("callbacks_tried", _l("Minst ett samtal")),
            ("callbacks_first_try", _l("Nådda första gången")),
            (
                "callbacks_first_try_share",
                _l("Andel nådda första gången"),
                "callbacks_first_try",
                "callbacks_tried",
            ),
        ),
    ),
    (
        "efter-besoket",
        _l("Efter besöket"),
        columns(
            ("after_sent", _l("Skickade sammanfattningar")),
            ("after_read", _l("Lästa")),
            ("after_read_share", _l("Andel lästa"), "after_read", "after_sent"),
        ),
    ),
    ("halsokontroller", _l("Hälsokontroller"), columns(("checks_done", _l("Gjorda hälsokontroller")))),
    (
        "upplasning",
        _l("Uppläsning och lättläst"),
        columns(
            ("speech_plays", _l("Uppläsningar")),
            ("easy_read_pages", _l("Sidor visade på lättläst")),
        ),
    ),
]
# What a section's table says under it.
SECTION_NOTES = {
    "patienter": _l(
        "Nya i Lotsen: när patienten kom in i Lotsen. Fick ja: när vårdlotsen sa ja till en "
        "ansökan om SMO i Lotsen."
    ),
    "narvaro": _l("Andelen som inte kom räknas bara på besök där någon har markerat om patienten kom."),
}

# Tables for the whole period (or today) only.
CHECKS_DUE = [
    Column("checks_due", _l("Skulle göra hälsokontroll under perioden")),
    Column("checks_due_done", _l("Gjorde den under perioden")),
    share("checks_due_share", _l("Andel"), "checks_due_done", "checks_due"),
]


def kind_columns(prefix: str, words, kinds: Iterable[str], today: bool = False) -> list[Column]:
    """A column for each kind of one thing (`<prefix>_<kind>`, named by `words(kind)`)."""
    return [Column(f"{prefix}_{kind}", words(kind), today=today) for kind in kinds]


HELPER_COLUMNS = [
    Column("patients_all", _l("Patienter"), today=True),
    Column("helpers_any", _l("Med minst en hjälpare"), today=True),
    *kind_columns("helpers", helper_word, (*(k.value for k in MandateKind), HOME), today=True),
]
MESSAGE_KIND_COLUMNS = kind_columns("messages", MESSAGE_KIND_WORDS.__getitem__, MESSAGE_KINDS)
TOPIC_COLUMNS = kind_columns("callbacks", TOPIC_WORDS.__getitem__, CALLBACK_TOPICS)


def _derived_values(figures: Figures, clinic_id: int, bucket: str) -> dict[str, float]:
    """The counts a table shows, with the marked visits (the whole of the no-show share)."""
    found = {
        measure: figures.value(measure, clinic_id, NOW if measure in _TODAY else bucket)
        for measure in _ALL_MEASURES
    }
    found["attendance_marked"] = sum(found[m] for m in ATTENDANCE[:3])
    return found


def _cell(column: Column, values: dict[str, float], figures: Figures, clinic_id: int, bucket: str) -> Cell:
    if column.kind == "share":
        whole = values.get(column.of, 0)
        return Cell(100 * values.get(column.part, 0) / whole if whole else None, "share")
    if column.kind == "hours":
        found = figures.has(column.measure, clinic_id, bucket)
        return Cell(figures.value(column.measure, clinic_id, bucket) if found else None, "hours")
    return Cell(values.get(column.measure, 0))


# Sums whose every number is shown: (the whole, its parts). A reader can work one of them out
# from the others.
_SUMS = [
    ("visits", ATTENDANCE),
    ("messages", [f"messages_{kind}" for kind in MESSAGE_KINDS]),
]
_TODAY = {column.measure for column in HELPER_COLUMNS}
_ALL_MEASURES = sorted(
    {
        c.measure
        for c in [
            *(c for _k, _c, cols in SECTIONS for c in cols),
            *CHECKS_DUE,
            *HELPER_COLUMNS,
            *MESSAGE_KIND_COLUMNS,
            *TOPIC_COLUMNS,
        ]
        if c.kind == "count"
    }
)


# --- a clinic's own figures, per month -----------------------------------------------------------


def clinic_tables(figures: Figures, clinic_id: int) -> list[Table]:
    """The staff's tables: a row per month and one for the whole period (no number hidden: the
    clinic's own staff care for these patients)."""
    period = figures.period
    tables = []
    rows = [(month.key, month_label(month.first), month.key) for month in period.months]
    for key, caption, columns in SECTIONS:
        table = Table(key, caption, columns, row_heading=_l("Månad"), note=SECTION_NOTES.get(key, ""))
        for row_key, label, bucket in [*rows, ("hela-perioden", str(_l("Hela perioden")), ALL)]:
            values = _derived_values(figures, clinic_id, bucket)
            table.rows.append(
                Row(
                    row_key,
                    label,
                    [_cell(c, values, figures, clinic_id, bucket) for c in columns],
                    bucket == ALL,
                )
            )
        tables.append(table)
    values = _derived_values(figures, clinic_id, ALL)
    for key, caption, columns, heading, note in _PERIOD_TABLES:
        table = Table(key, caption, [Column("value", heading)], row_heading=_l("Vad"), note=note)
        for column in columns:
            table.rows.append(
                Row(column.measure, str(column.label), [_cell(column, values, figures, clinic_id, ALL)])
            )
        tables.append(table)
    return tables


_PERIOD_TABLES = [
    ("halsokontroller-att-gora", _l("Hälsokontroller som skulle göras"), CHECKS_DUE, _l("Antal"), ""),
    (
        "hjalpare",
        _l("Patienter med hjälpare i dag"),
        HELPER_COLUMNS,
        _l("Patienter"),
        _l("En patient kan ha flera slags hjälpare."),
    ),
    ("meddelanden-slag", _l("Meddelanden efter slag"), MESSAGE_KIND_COLUMNS, _l("Antal"), ""),
    (
        "ring-upp-amnen",
        _l("Ring upp efter ämne"),
        TOPIC_COLUMNS,
        _l("Antal"),
        _l("Den som ber om att bli uppringd kan välja flera ämnen."),
    ),
]


def month_label(first) -> str:
    return format_date(first, "MMMM yyyy").capitalize()


# --- the region's figures, per clinic, small numbers hidden --------------------------------------


def region_tables(figures: Figures, clinics: list[tuple[int, str]]) -> list[Table]:
    """The admin's tables: a row per clinic and one for all of them, for the whole period, with
    small numbers hidden (see the module's docstring)."""
    rows = [(str(clinic_id), name, clinic_id) for clinic_id, name in clinics]
    rows.append(("alla", str(_l("Alla vårdcentraler")), EVERY_CLINIC))
    values = {clinic_id: _derived_values(figures, clinic_id, ALL) for _k, _l2, clinic_id in rows}
    hidden = suppress(values, [clinic_id for _k, _l2, clinic_id in rows[:-1]])
    tables = []
    for key, caption, columns, note in _specs():
        table = Table(key, caption, columns, row_heading=_l("Vårdcentral"), note=note)
        for row_key, label, clinic_id in rows:
            cells = []
            for column in columns:
                cell = _cell(column, values[clinic_id], figures, clinic_id, ALL)
                cell.hidden = _hidden_state(column, hidden, clinic_id, values[clinic_id])
                cells.append(cell)
            table.rows.append(Row(row_key, label, cells, clinic_id == EVERY_CLINIC))
        tables.append(table)
    return tables


def _specs() -> list[tuple[str, object, list[Column], object]]:
    return [
        *((key, caption, columns, SECTION_NOTES.get(key, "")) for key, caption, columns in SECTIONS),
        *((key, caption, columns, note) for key, caption, columns, _h, note in _PERIOD_TABLES),
    ]


def _small(value: float) -> bool:
    return 0 < value < SMALL


def _hidden_state(column: Column, hidden: dict[tuple[int, str], str], clinic_id: int, values) -> str:
    if column.kind == "count":
        return hidden.get((clinic_id, column.measure), "")
    if column.kind == "share":
        drawn_from = {*column.uses, column.part, column.of}
        if any((clinic_id, used) in hidden for used in drawn_from) or any(
            _small(values.get(used, 0)) for used in drawn_from
        ):
            return HIDDEN_DERIVED
        return ""
    # A median of fewer than SMALL answers says too much about each of them.
    if (clinic_id, column.part) in hidden or _small(values.get(column.part, 0)):
        return HIDDEN_DERIVED
    return ""


Cellkey = tuple[int, str]


def _equations(clinic_ids: list[int], measures: Iterable[str]) -> list[list[Cellkey]]:
    """Each sum the tables show, the whole first."""
    found = [[(EVERY_CLINIC, m), *((clinic_id, m) for clinic_id in clinic_ids)] for m in measures]
    known = set(measures)
    for clinic_id in [*clinic_ids, EVERY_CLINIC]:
        for whole, parts in _SUMS:
            if whole in known and all(part in known for part in parts):
                found.append([(clinic_id, whole), *((clinic_id, part) for part in parts)])
    return found


@dataclass
class _Reader:
    """What one reader can work out: the shown cells, their own clinic's row, and every cell
    that is the one unknown of an equation (with the equation it came from)."""

    clinic_id: int | None  # None: the admin, who knows no clinic's figures
    known: set[Cellkey]
    source: dict[Cellkey, list[Cellkey]] = field(default_factory=dict)


def _first_leak(
    flat: dict[Cellkey, float], hidden: dict[Cellkey, str], equations: list[list[Cellkey]], viewer: int | None
) -> tuple[_Reader, list[Cellkey], Cellkey] | None:
    """The first equation through which `viewer` would work out a hidden count they must not
    know (another clinic's, or a total 1-4 that is more than their own), or None."""
    reader = _Reader(viewer, {key for key in flat if key not in hidden or key[0] == viewer})
    changed = True
    while changed:
        changed = False
        for equation in equations:
            unknown = [cell for cell in equation if cell not in reader.known]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            if cell[0] != EVERY_CLINIC:
                return reader, equation, cell
            own = flat.get((viewer, cell[1]), 0) if viewer is not None else 0
            if _small(flat[cell]) and flat[cell] != own:
                return reader, equation, cell
            reader.known.add(cell)
            reader.source[cell] = equation
            changed = True
    return None


def _pick(
    flat: dict[Cellkey, float],
    hidden: dict[Cellkey, str],
    reader: _Reader,
    equation: list[Cellkey],
    depth: int = 0,
) -> Cellkey | None:
    """The cell to hide so that `equation` gives nothing away to the reader: its total when
    shown; else, when the reader worked a total of it out, a cell of the equation that total
    came from; else the smallest other number shown (a count not 0 before a 0)."""
    open_cells = [c for c in equation if c not in hidden and c[0] != reader.clinic_id]
    whole = equation[0]
    if whole[0] == EVERY_CLINIC and whole in open_cells:
        return whole
    if depth < 4:
        for cell in equation:
            if cell in reader.source and cell[0] == EVERY_CLINIC:
                found = _pick(flat, hidden, reader, reader.source[cell], depth + 1)
                if found is not None:
                    return found
    if open_cells:
        return min(open_cells, key=lambda c: (flat[c] == 0, flat[c], c[1], c[0]))
    for cell in equation:
        if cell in reader.source and depth < 4:
            found = _pick(flat, hidden, reader, reader.source[cell], depth + 1)
            if found is not None:
                return found
    return None


def suppress(values: dict[int, dict[str, float]], clinic_ids: list[int]) -> dict[tuple[int, str], str]:
    """Which cells to hide: (clinic id, measure) -> HIDDEN_SMALL or HIDDEN_DERIVED. `values`
    holds each clinic's counts and the total's (EVERY_CLINIC)."""
    # The marked visits are only a share's whole, never shown: the share is hidden with its parts.
    flat = {
        (clinic_id, m): v
        for clinic_id, found in values.items()
        for m, v in found.items()
        if m != "attendance_marked"
    }
    hidden = {key: HIDDEN_SMALL for key, value in flat.items() if _small(value)}
    equations = _equations(clinic_ids, sorted({m for _c, m in flat}))
    viewers: list[int | None] = [None, *clinic_ids]
    while True:
        for viewer in viewers:
            leak = _first_leak(flat, hidden, equations, viewer)
            if leak is None:
                continue
            reader, equation, _cell_found = leak
            pick = _pick(flat, hidden, reader, equation)
            if pick is None:  # nothing left to hide in reach: hide the whole equation
                for cell in equation:
                    hidden.setdefault(cell, HIDDEN_DERIVED)
            else:
                hidden[pick] = HIDDEN_DERIVED
            break
        else:
            return hidden
