"""The figures as tables: for a clinic's staff one row per month and one for the whole period;
for the region one row per clinic and one for all of them, with small numbers hidden.

Small numbers (the region's tables): any count from 1 to 4 is shown as "färre än 5". A hidden
count must not come back by subtraction either, so every sum the tables hold is known here as an
equation (the clinics add up to the total; the visits that have been add up to came, did not
come, cancelled late and not marked; a count and what it leaves out add up to the count it is a
part of, such as visits with and without a preparation): when one cell of an equation is hidden
and the others could give it back, a second cell is hidden too ("dolt", never "färre än 5", which
would not be true of it), until no equation has one hidden cell alone. A share or a median drawn
from a hidden count is hidden as well."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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
            return f"{format_decimal(round(self.value))} %"
        if self.kind == "hours":
            return format_decimal(round(self.value, 1), format="#,##0.0")
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


SECTIONS: list[tuple[str, object, list[Column]]] = [
    (
        "patienter",
        _l("Patienter"),
        [
            Column("patients_new", _l("Nya patienter")),
            Column("patients_active", _l("Aktiva patienter (besök, meddelande eller Ring upp)")),
        ],
    ),
    (
        "besok",
        _l("Besök och förberedelser"),
        [
            Column("visits", _l("Besök")),
            Column("visits_prepared", _l("Förberedelse skickad före besöket")),
            share("visits_prepared_share", _l("Andel med förberedelse"), "visits_prepared", "visits"),
            Column("visits_reviewed", _l("Anpassningar genomgångna inom 12 månader före besöket")),
            share(
                "visits_reviewed_share", _l("Andel med genomgångna anpassningar"), "visits_reviewed", "visits"
            ),
        ],
    ),
    (
        "narvaro",
        _l("Kom patienten?"),
        [
            Column("visits_past", _l("Besök som har varit")),
            Column("attendance_came", _l("Kom")),
            Column("attendance_no_show", _l("Kom inte")),
            Column("attendance_late_cancel", _l("Avbokade sent")),
            Column("attendance_unmarked", _l("Inte markerat")),
            share(
                "no_show_share",
                _l("Andel som inte kom, av markerade"),
                "attendance_no_show",
                "attendance_marked",
                uses=("attendance_came", "attendance_no_show", "attendance_late_cancel"),
            ),
        ],
    ),
    (
        "meddelanden",
        _l("Meddelanden till vårdlotsen"),
        [
            Column("messages", _l("Meddelanden")),
            Column("messages_answered", _l("Besvarade")),
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
        [
            Column("callbacks", _l("Ring upp")),
            Column("callbacks_tried", _l("Minst ett samtal")),
            Column("callbacks_first_try", _l("Nådda första gången")),
            share(
                "callbacks_first_try_share",
                _l("Andel nådda första gången"),
                "callbacks_first_try",
                "callbacks_tried",
            ),
        ],
    ),
    (
        "efter-besoket",
        _l("Efter besöket"),
        [
            Column("after_sent", _l("Skickade sammanfattningar")),
            Column("after_read", _l("Lästa")),
            share("after_read_share", _l("Andel lästa"), "after_read", "after_sent"),
        ],
    ),
    ("halsokontroller", _l("Hälsokontroller"), [Column("checks_done", _l("Gjorda hälsokontroller"))]),
    (
        "upplasning",
        _l("Uppläsning och lättläst"),
        [
            Column("speech_plays", _l("Uppläsningar")),
            Column("easy_read_pages", _l("Sidor visade på lättläst")),
        ],
    ),
]

# Tables for the whole period (or today) only.
CHECKS_DUE = [
    Column("checks_due", _l("Skulle göra hälsokontroll under perioden")),
    Column("checks_due_done", _l("Gjorde den under perioden")),
    share("checks_due_share", _l("Andel"), "checks_due_done", "checks_due"),
]
HELPER_COLUMNS = [
    Column("patients_all", _l("Patienter"), today=True),
    Column("helpers_any", _l("Med minst en hjälpare"), today=True),
    *(
        Column(f"helpers_{kind}", helper_word(kind), today=True)
        for kind in (*(k.value for k in MandateKind), HOME)
    ),
]
MESSAGE_KIND_COLUMNS = [Column(f"messages_{kind}", MESSAGE_KIND_WORDS[kind]) for kind in MESSAGE_KINDS]
TOPIC_COLUMNS = [Column(f"callbacks_{code}", TOPIC_WORDS[code]) for code in CALLBACK_TOPICS]


def _derived_values(figures: Figures, clinic_id: int, bucket: str) -> dict[str, float]:
    """The counts a table shows, with the sums it does not show but that a reader can work out."""
    found = {
        measure: figures.value(measure, clinic_id, NOW if measure in _TODAY else bucket)
        for measure in _ALL_MEASURES
    }
    found["attendance_marked"] = (
        found["attendance_came"] + found["attendance_no_show"] + found["attendance_late_cancel"]
    )
    for total, part in _PARTS:
        found[f"{part}__rest"] = found[total] - found[part]
    return found


def _cell(column: Column, values: dict[str, float], figures: Figures, clinic_id: int, bucket: str) -> Cell:
    if column.kind == "share":
        whole = values.get(column.of, 0)
        return Cell(100 * values.get(column.part, 0) / whole if whole else None, "share")
    if column.kind == "hours":
        found = figures.has(column.measure, clinic_id, bucket)
        return Cell(figures.value(column.measure, clinic_id, bucket) if found else None, "hours")
    return Cell(values.get(column.measure, 0))


# Sums a reader can work out: (the whole, a part of it); "<part>__rest" is the other part.
_PARTS = [
    ("visits", "visits_prepared"),
    ("visits", "visits_reviewed"),
    ("messages", "messages_answered"),
    ("callbacks", "callbacks_tried"),
    ("callbacks_tried", "callbacks_first_try"),
    ("after_sent", "after_read"),
    ("checks_due", "checks_due_done"),
    ("patients_all", "helpers_any"),
]
# Sums of several parts, all of them shown.
_SUMS = [
    (
        "visits_past",
        ["attendance_came", "attendance_no_show", "attendance_late_cancel", "attendance_unmarked"],
    ),
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


def _table(key: str, caption, columns: list[Column], row_heading) -> Table:
    return Table(key, caption, columns, row_heading=row_heading)


# --- a clinic's own figures, per month -----------------------------------------------------------


def clinic_tables(figures: Figures, clinic_id: int) -> list[Table]:
    """The staff's tables: a row per month and one for the whole period (no number hidden: the
    clinic's own staff care for these patients)."""
    period = figures.period
    tables = []
    rows = [(month.key, month_label(month.first), month.key) for month in period.months]
    for key, caption, columns in SECTIONS:
        table = _table(key, caption, columns, _l("Månad"))
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
    specs = [
        *((key, caption, columns) for key, caption, columns in SECTIONS),
        *((key, caption, columns) for key, caption, columns, _h, _n in _PERIOD_TABLES),
    ]
    notes = {key: note for key, _c, _cols, _h, note in _PERIOD_TABLES}
    for key, caption, columns in specs:
        table = Table(key, caption, columns, row_heading=_l("Vårdcentral"), note=notes.get(key, ""))
        for row_key, label, clinic_id in rows:
            cells = []
            for column in columns:
                cell = _cell(column, values[clinic_id], figures, clinic_id, ALL)
                cell.hidden = _hidden_state(column, hidden, clinic_id, values[clinic_id])
                cells.append(cell)
            table.rows.append(Row(row_key, label, cells, clinic_id == EVERY_CLINIC))
        tables.append(table)
    return tables


def _hidden_state(column: Column, hidden: dict[tuple[int, str], str], clinic_id: int, values) -> str:
    if column.kind == "count":
        return hidden.get((clinic_id, column.measure), "")
    if column.kind == "share":
        return HIDDEN_DERIVED if any((clinic_id, used) in hidden for used in column.uses) else ""
    # A median of fewer than SMALL answers says too much about each of them.
    count = values.get(column.part, 0)
    if (clinic_id, column.part) in hidden or 0 < count < SMALL:
        return HIDDEN_DERIVED
    return ""


def _equations(
    clinic_ids: list[int], measures: Iterable[str]
) -> list[tuple[tuple[int, str], list[tuple[int, str]]]]:
    found = []
    for measure in measures:  # the clinics add up to all of them
        found.append(((EVERY_CLINIC, measure), [(clinic_id, measure) for clinic_id in clinic_ids]))
    for clinic_id in [*clinic_ids, EVERY_CLINIC]:
        for whole, part in _PARTS:
            found.append(((clinic_id, whole), [(clinic_id, part), (clinic_id, f"{part}__rest")]))
        for whole, parts in _SUMS:
            found.append(((clinic_id, whole), [(clinic_id, p) for p in parts]))
    return found


def suppress(values: dict[int, dict[str, float]], clinic_ids: list[int]) -> dict[tuple[int, str], str]:
    """Which cells to hide: (clinic id, measure) -> HIDDEN_SMALL or HIDDEN_DERIVED. `values`
    holds each clinic's counts and the total's (EVERY_CLINIC), the unshown rests included."""
    # The marked visits are only a share's whole: its parts are shown, and hidden on their own.
    flat = {
        (clinic_id, m): v
        for clinic_id, found in values.items()
        for m, v in found.items()
        if m != "attendance_marked"
    }
    measures = sorted({m for _c, m in flat})
    hidden = {key: HIDDEN_SMALL for key, value in flat.items() if 0 < value < SMALL}
    shown = {key for key in flat if not key[1].endswith("__rest")}
    equations = _equations(clinic_ids, measures)
    changed = True
    while changed:
        changed = False
        for whole, parts in equations:
            cells = [whole, *parts]
            if sum(1 for cell in cells if cell in hidden) != 1:
                continue
            # Hide the smallest other number shown (a count shown is 0 or at least SMALL): first a
            # part, else the whole, else whatever is left, a zero included.
            open_parts = [c for c in parts if c not in hidden and c in shown and flat.get(c, 0) > 0]
            if not open_parts and whole not in hidden and whole in shown and flat.get(whole, 0) > 0:
                open_parts = [whole]
            if not open_parts:
                open_parts = [c for c in cells if c not in hidden and c in shown]
            if not open_parts:
                # Only unshown sums are open (the marked visits, say): their own parts are shown,
                # so hide one of those through the unshown sum's own equation next round.
                open_parts = [c for c in cells if c not in hidden]
            pick = min(open_parts, key=lambda c: (flat.get(c, 0), c[1], c[0]))
            hidden[pick] = HIDDEN_DERIVED
            changed = True
    return hidden
