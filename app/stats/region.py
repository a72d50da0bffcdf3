"""The region's statistics (for the admin, app/admin/routes.py): every clinic's figures for a
period, one row per clinic and one for all, small numbers hidden (app/stats/tables.py). Each
read is logged as a read of each clinic's figures, by the admin (app/stats/log.py): no patient
is named."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Clinic
from . import figures as counting
from .pages import Chart, clinic_chart
from .periods import Period
from .tables import Table, region_tables


def clinics() -> list[Clinic]:
    return list(db.session.scalars(select(Clinic).order_by(Clinic.name, Clinic.id)))


def tables_and_chart(period: Period) -> tuple[list[Table], Chart | None, list[Clinic]]:
    found_clinics = clinics()
    found = counting.count(period, [c.id for c in found_clinics], every_clinic_median=True)
    tables = region_tables(found, [(c.id, c.name) for c in found_clinics])
    by_key = {t.key: t for t in tables}
    chart = clinic_chart(by_key["narvaro"]) if found_clinics else None
    return tables, chart, found_clinics
