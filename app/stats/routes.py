"""/personal/statistik: the clinic's own figures for its staff (those whose duties include the
care work: the figures are about it), a chosen period, per month; each table also as CSV. A
read of the clinic's figures in the access log, never of a patient."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..core.access import StaffRight, staff_clinic_id, staff_page
from ..models import utcnow
from . import figures as counting
from . import staff_bp as bp
from .forms import period_form
from .log import log_clinic_read
from .pages import csv_filename, month_charts, period_note, table_csv
from .tables import clinic_tables

LOG_PAGE = "stats_staff.statistics"
LOG_CSV = "stats_staff.statistics_csv"


def _clinic():
    staff = current_user.staff_member
    staff_clinic_id()
    return staff.clinic


@bp.route("/statistik")
@staff_page(StaffRight.CARE)
def statistics():
    clinic = _clinic()
    form, period = period_form(request.args)
    tables, charts = [], []
    if period is not None:
        found = counting.count(period, [clinic.id])
        tables = clinic_tables(found, clinic.id)
        charts = month_charts({t.key: t for t in tables}, period)
    page = render_template(
        "stats/staff.html",
        form=form,
        period=period,
        tables=tables,
        charts=charts,
        clinic=clinic,
        counted_at=utcnow(),
        page_title=_("Statistik för %(clinic)s", clinic=clinic.name),
    )
    month = period.first.key if period is not None else None
    log_clinic_read(current_user, [clinic], LOG_PAGE, month or "")
    return page


@bp.route("/statistik/<table_key>.csv")
@staff_page(StaffRight.CARE)
def statistics_csv(table_key: str):
    clinic = _clinic()
    _form, period = period_form(request.args)
    if period is None:
        abort(404)
    tables = {t.key: t for t in clinic_tables(counting.count(period, [clinic.id]), clinic.id)}
    tables.update({chart.table.key: chart.table for chart in month_charts(tables, period)})
    table = tables.get(table_key)
    if table is None:
        abort(404)
    response = table_csv(table, csv_filename("vardcentral", table, period), [period_note(period)])
    log_clinic_read(current_user, [clinic], LOG_CSV, table.key)
    return response
