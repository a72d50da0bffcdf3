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
    _PARTS,
    _SUMS,
    HIDDEN_DERIVED,
    HIDDEN_SMALL,
    SMALL,
    region_tables,
    suppress,
)


def test_a_small_count_is_hidden_and_one_more_so_the_total_cannot_give_it_back():
    values = {1: {"visits": 3}, 2: {"visits": 10}, 3: {"visits": 20}, 0: {"visits": 33}}
    hidden = suppress(values, [1, 2, 3])
    assert hidden[1, "visits"] == HIDDEN_SMALL
    # 33 - 10 - 20 would be 3: the next smallest clinic is hidden too, the total stays.
    assert hidden[2, "visits"] == HIDDEN_DERIVED
    assert (3, "visits") not in hidden and (0, "visits") not in hidden


def test_a_part_that_leaves_a_small_rest_is_hidden_with_its_whole_or_the_part():
    # 10 visits, 8 prepared: the 2 without a preparation would be 10 - 8.
    values = {1: {"visits": 10, "visits_prepared": 8, "visits_prepared__rest": 2}}
    values[0] = dict(values[1])
    hidden = suppress(values, [1])
    for clinic_id in (0, 1):
        assert (clinic_id, "visits_prepared__rest") in hidden
        assert {(clinic_id, "visits"), (clinic_id, "visits_prepared")} & set(hidden)


def test_zero_and_five_are_shown():
    values = {1: {"visits": 0}, 2: {"visits": 5}, 0: {"visits": 5}}
    assert suppress(values, [1, 2]) == {}


def _equations_hold(values: dict, hidden: dict, clinic_ids: list[int]) -> None:
    """No sum the tables hold has exactly one hidden cell."""
    measures = {m for found in values.values() for m in found if m != "attendance_marked"}
    groups = [[(0, m), *((c, m) for c in clinic_ids)] for m in measures]
    for clinic_id in [*clinic_ids, 0]:
        groups += [[(clinic_id, w), (clinic_id, p), (clinic_id, f"{p}__rest")] for w, p in _PARTS]
        groups += [[(clinic_id, w), *((clinic_id, p) for p in parts)] for w, parts in _SUMS]
    for cells in groups:
        assert sum(1 for cell in cells if cell in hidden) != 1, cells


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
    # The same equations as the tables, checked with the values they were drawn from.
    from app.stats.tables import _derived_values

    with app.test_request_context():
        from app.stats.region import clinics

        ids = [c.id for c in clinics()]
        found = counting.count(pilot.period, ids, every_clinic_median=True)
        values = {c: _derived_values(found, c, "all") for c in [*ids, 0]}
        db.session.rollback()
    _equations_hold(values, suppress(values, ids), ids)


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
        # All clinics: 6 visits, less Kumla's 5, would give Lindesberg's 1: Kumla's 5 is hidden.
        assert kumla[0] == "dolt"
        # And the 6 too: of all clinics' 6 visits, 1 was prepared (small), and 6 less the 5
        # without a preparation would give it back.
        assert texts["alla"][0] == "dolt"
        assert texts["alla"][1] == "färre än 5"
        # 1 prepared is small, and the share drawn from it is hidden.
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
    # A chart with words where a bar would give a hidden number away.
    assert re.search(r'data-note="[^"]+">dolt<', html)
    events = query(
        lambda s: sorted(
            (e.clinic_id, e.patient_id, e.acting_as, e.action.value)
            for e in s.scalars(select(AccessEvent).where(AccessEvent.object_type == "admin.statistics"))
        )
    )
    assert events == sorted(
        [(world.clinic.id, None, "admin", "read"), (world.other_clinic.id, None, "admin", "read")]
    )
