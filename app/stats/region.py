"""The region's statistics (for the admin, app/admin/routes.py): every clinic's figures for a
period, one row per clinic and one for all, small numbers hidden (app/stats/tables.py). Each
read is logged as a read of each clinic's figures, by the admin (app/stats/log.py): no patient
is named."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Clinic
from . import figures as counting
from .pages import Chart, clinic_chart
from .periods import Period
from .tables import Table, region_tables

# How small numbers are hidden, said on the page and at the foot of each CSV file (a file is
# read without the page).
HIDING_RULES = (
    _l("Ett antal från 1 till 4 står som ”färre än 5”."),
    _l(
        "Ibland går ett dolt tal att räkna ut från de andra. En vårdcentral vet sina egna tal och "
        "kan dra bort dem från summan för alla. Då står det ”dolt” på ett tal till, oftast på summan."
    ),
    _l(
        "En andel står som ”dolt” när den räknas från ett tal som är ”färre än 5” eller ”dolt”. "
        "Likadant med tiden till första svaret."
    ),
    _l("Alla andra tal står som de är."),
)


def clinics() -> list[Clinic]:
    return list(db.session.scalars(select(Clinic).order_by(Clinic.name, Clinic.id)))


def tables_and_chart(period: Period) -> tuple[list[Table], Chart | None, list[Clinic]]:
    found_clinics = clinics()
    found = counting.count(period, [c.id for c in found_clinics], every_clinic_median=True)
    tables = region_tables(found, [(c.id, c.name) for c in found_clinics])
    by_key = {t.key: t for t in tables}
    chart = clinic_chart(by_key["narvaro"]) if found_clinics else None
    return tables, chart, found_clinics
