"""The region's statistics: every clinic and all of them together, counts only, any count from 1
to 4 shown as "färre än 5", and no hidden count that can be worked out from the others (by
subtracting the other clinics from the total, or a part from its whole)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AccessEvent
from app.stats import figures as counting
from app.stats.tables import (
    _SUMS,
    ATTENDANCE,
    HIDDEN_DERIVED,
    HIDDEN_SMALL,
    SMALL,
    region_tables,
    suppress,
)

S, D = HIDDEN_SMALL, HIDDEN_DERIVED


def test_a_small_count_hides_the_total_not_another_clinic():
    # 3 of 13 visits at clinic 1: the total would give the 3 back (13 - 10); hiding the total is
    # enough, clinic 2's 10 stays (clinic 1's staff can work the total out: they knew the 3).
    values = {1: {"visits": 3}, 2: {"visits": 10}, 0: {"visits": 13}}
    assert suppress(values, [1, 2]) == {(1, "visits"): S, (0, "visits"): D}


def test_two_clinics_both_small_the_total_is_hidden_since_each_knows_its_own():
    # The admin cannot split 5 into the two, but clinic 1 knows its 2 and would get clinic 2's 3.
    values = {1: {"visits": 2}, 2: {"visits": 3}, 0: {"visits": 5}}
    assert suppress(values, [1, 2]) == {(1, "visits"): S, (2, "visits"): S, (0, "visits"): D}


def test_three_clinics_two_small_the_total_is_hidden():
    # 25 - 20 - clinic 1's own 2 would give clinic 2's 3.
    values = {1: {"visits": 2}, 2: {"visits": 3}, 3: {"visits": 20}, 0: {"visits": 25}}
    assert suppress(values, [1, 2, 3]) == {(1, "visits"): S, (2, "visits"): S, (0, "visits"): D}


def test_three_clinics_all_small_the_total_stays():
    # Whoever subtracts their own from 6 still has two unknown clinics left.
    values = {1: {"visits": 1}, 2: {"visits": 2}, 3: {"visits": 3}, 0: {"visits": 6}}
    assert suppress(values, [1, 2, 3]) == {(1, "visits"): S, (2, "visits"): S, (3, "visits"): S}


def test_three_clinics_one_small_the_total_is_hidden_and_the_others_shown():
    values = {1: {"visits": 3}, 2: {"visits": 10}, 3: {"visits": 20}, 0: {"visits": 33}}
    assert suppress(values, [1, 2, 3]) == {(1, "visits"): S, (0, "visits"): D}


def test_a_part_that_leaves_a_small_rest_is_shown():
    # 10 visits, 8 prepared: the 2 without a preparation are in no cell, so nothing is hidden.
    values = {1: {"visits": 10, "visits_prepared": 8}, 2: {"visits": 0, "visits_prepared": 0}}
    values[0] = dict(values[1])
    assert suppress(values, [1, 2]) == {}


def test_zero_and_five_are_shown():
    values = {1: {"visits": 0}, 2: {"visits": 5}, 0: {"visits": 5}}
    assert suppress(values, [1, 2]) == {}


def attendance(visits, came, no_show, late, unmarked) -> dict:
    return dict(zip(["visits", *ATTENDANCE], [visits, came, no_show, late, unmarked], strict=True))


def test_a_row_whose_parts_add_up_hides_no_more_than_it_must():
    # Clinic 1: 3 did not come and 2 not marked (two unknowns in its row, so neither comes back);
    # the totals of those would give clinic 1's back through clinic 2's shown 5 and 0.
    values = {
        1: attendance(20, 15, 3, 0, 2),
        2: attendance(30, 20, 5, 5, 0),
        0: attendance(50, 35, 8, 5, 2),
    }
    hidden = suppress(values, [1, 2])
    assert hidden == {
        (1, "attendance_no_show"): S,
        (1, "attendance_unmarked"): S,
        (0, "attendance_unmarked"): S,
        (0, "attendance_no_show"): D,
    }
    _nothing_can_be_worked_out(values, hidden, [1, 2])


def _nothing_can_be_worked_out(values: dict, hidden: dict, clinic_ids: list[int]) -> None:
    """For the admin and for each clinic (who knows its own row): solve every sum with one
    unknown, again and again; no other clinic's hidden count and no total 1-4 that is more than
    the reader's own may come out."""
    measures = {m for found in values.values() for m in found if m != "attendance_marked"}
    groups = [[(0, m), *((c, m) for c in clinic_ids)] for m in measures]
    for clinic_id in [*clinic_ids, 0]:
        groups += [
            [(clinic_id, w), *((clinic_id, p) for p in parts)]
            for w, parts in _SUMS
            if w in measures and set(parts) <= measures
        ]
    for reader in [None, *clinic_ids]:
        known = {
            (c, m): v
            for c, found in values.items()
            for m, v in found.items()
            if (c, m) not in hidden or c == reader
        }
        solved = True
        while solved:
            solved = False
            for cells in groups:
                unknown = [cell for cell in cells if cell not in known]
                if len(unknown) != 1:
                    continue
                cell = unknown[0]
                value = values[cell[0]][cell[1]]
                assert cell[0] == 0, (reader, cell)
                own = values[reader][cell[1]] if reader else 0
                assert not (0 < value < SMALL and value != own), (reader, cell)
                known[cell] = value
                solved = True


@pytest.fixture
def region(app, pilot, make_clinic):
    """The pilot's two clinics and a third with nothing at all."""
    make_clinic("Askersunds vårdcentral")
    with app.test_request_context():
        from app.stats.region import clinics

        found_clinics = clinics()
        found = counting.count(pilot.period, [c.id for c in found_clinics], every_clinic_median=True)
        tables = region_tables(found, [(c.id, c.name) for c in found_clinics])
        db.session.rollback()
    return tables


def test_no_shown_count_is_small_and_no_hidden_one_can_be_worked_out(app, pilot, region):
    with app.test_request_context():
        for table in region:
            for row in table.rows:
                for column, cell in zip(table.columns, row.cells, strict=True):
                    if cell.hidden:
                        assert cell.text in ("färre än 5", "dolt")
                        assert (cell.hidden == HIDDEN_SMALL) == (
                            column.kind == "count" and 0 < cell.value < SMALL
                        )
                    elif column.kind == "count":
                        assert cell.value == 0 or cell.value >= SMALL, (table.key, row.key, column.measure)
                        assert cell.text == str(int(cell.value))
    # The same sums as the tables, solved by each reader with the values they were drawn from.
    from app.stats.tables import _derived_values

    with app.test_request_context():
        from app.stats.region import clinics

        ids = [c.id for c in clinics()]
        found = counting.count(pilot.period, ids, every_clinic_median=True)
        values = {c: _derived_values(found, c, "all") for c in [*ids, 0]}
        db.session.rollback()
    _nothing_can_be_worked_out(values, suppress(values, ids), ids)


def test_the_pilot_in_the_regions_tables(app, pilot, region):
    tables = {t.key: t for t in region}
    with app.test_request_context():
        visits = tables["besok"]
        texts = {row.key: [cell.text for cell in row.cells] for row in visits.rows}
        kumla = texts[str(pilot.clinic_id)]
        # Lindesberg's one visit is small; Askersund's none is 0.
        names = {row.label: [cell.text for cell in row.cells] for row in visits.rows}
        assert names["Lindesbergs vårdcentral"][0] == "färre än 5"
        assert names["Askersunds vårdcentral"][0] == "0"
        # All clinics: 6 visits, less Kumla's 5, would give Lindesberg's 1: the total is hidden,
        # Kumla's 5 is shown (the old rule hid it too).
        assert kumla[0] == "5"
        assert texts["alla"][0] == "dolt"
        assert texts["alla"][1] == "färre än 5"
        # Kumla's 5 visits of which 1 prepared: the share would give the 1 back.
        assert kumla[1] == "färre än 5"
        assert kumla[2] == "dolt"
        usage = {row.label: [c.text for c in row.cells] for row in tables["upplasning"].rows}
        assert usage["Kumla vårdcentral"][0] == "7" and usage["Lindesbergs vårdcentral"][0] == "9"
        assert usage["Alla vårdcentraler"][0] == "16"


def test_the_admin_page_names_no_patient_and_logs_a_read_of_each_clinic(client, sign_in, world, pilot, query):
    sign_in(client, world.admin)
    response = client.get(f"/admin/statistik?fran={pilot.months[0]}&till={pilot.months[-1]}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "färre än 5" in html and "Alla vårdcentraler" in html
    for name in ("Ett Testsson", "Två Testsson", "Tre Testsson", "Annan Testsson", world.patient.name):
        assert name not in html
    # Every bar would give a hidden number away: words instead of an empty chart.
    assert "data-no-chart" in html and "Talen är för små och är dolda." in html
    assert 'data-chart="narvaro-vardcentraler"' not in html
    events = query(
        lambda s: sorted(
            (e.clinic_id, e.patient_id, e.acting_as, e.action.value)
            for e in s.scalars(select(AccessEvent).where(AccessEvent.object_type == "admin.statistics"))
        )
    )
    assert events == sorted(
        [(world.clinic.id, None, "admin", "read"), (world.other_clinic.id, None, "admin", "read")]
    )


def test_the_admin_chart_draws_no_empty_chart_when_the_only_shown_bars_are_0(
    client, sign_in, world, pilot, make_clinic
):
    make_clinic("Askersunds vårdcentral")  # nothing at all: its zeros are shown, but draw nothing
    sign_in(client, world.admin)
    address = f"/admin/statistik?fran={pilot.months[0]}&till={pilot.months[-1]}"
    html = client.get(address).get_data(as_text=True)
    assert "data-no-chart" in html and "Talen är för små och är dolda." in html


def test_the_admin_chart_without_any_visit_says_so(client, sign_in, world):
    sign_in(client, world.admin)
    html = client.get("/admin/statistik?fran=2021-01&till=2021-03").get_data(as_text=True)
    assert "data-no-chart" in html and "Inga besök har varit under perioden." in html


def test_the_admin_chart_draws_the_bars_it_may_and_says_dolt_for_the_rest(app, world, pilot):
    from app.stats.pages import clinic_chart
    from app.stats.tables import SECTIONS, Cell, Row, Table

    columns = dict((k, cols) for k, _c, cols in SECTIONS)["narvaro"]
    table = Table("narvaro", "Kom patienten?", columns)
    table.rows = [
        Row("1", "Kumla", [Cell(30), Cell(20), Cell(5), Cell(5), Cell(0), Cell(20.0, "share")]),
        Row(
            "2",
            "Lindesberg",
            [Cell(6), Cell(3, hidden=S), Cell(0), Cell(0), Cell(3, hidden=S), Cell(None, "share")],
        ),
    ]
    with app.test_request_context():
        chart = clinic_chart(table)
    assert not chart.empty_words
    assert len(re.findall(r'data-note="[^"]+">dolt<', str(chart.svg))) == 1


def test_a_share_is_hidden_only_when_a_count_it_is_drawn_from_is_small_or_hidden():
    from app.stats.tables import SECTIONS, _hidden_state

    columns = {c.measure: c for _k, _c, cols in SECTIONS for c in cols}
    prepared = columns["visits_prepared_share"]
    no_show = columns["no_show_share"]
    shown = {"visits": 10, "visits_prepared": 8}
    # 8 of 10: the 2 without a preparation are no cell of the table, so the share is shown.
    assert _hidden_state(prepared, {}, 1, shown) == ""
    assert _hidden_state(prepared, {}, 1, {"visits": 10, "visits_prepared": 3}) == D
    assert _hidden_state(prepared, {}, 1, {"visits": 4, "visits_prepared": 0}) == D
    assert _hidden_state(prepared, {(1, "visits"): D}, 1, shown) == D
    assert _hidden_state(prepared, {(2, "visits"): D}, 1, shown) == ""  # another clinic's
    # The no-show share's whole is the marked visits: 5 came, 0 did not come, 2 cancelled late.
    marked = {
        "attendance_came": 5,
        "attendance_no_show": 0,
        "attendance_late_cancel": 2,
        "attendance_marked": 7,
    }
    assert _hidden_state(no_show, {(1, "attendance_late_cancel"): S}, 1, marked) == D
    marked.update(attendance_late_cancel=0, attendance_marked=5)
    assert _hidden_state(no_show, {}, 1, marked) == ""
