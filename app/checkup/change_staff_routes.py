"""Något har ändrats for staff: a patient's change notes over time with a chart of changes by area
per month (the last 12 months), and the numbers recorded at checks (weight, blood pressure), each
chart with a table beside it holding the same numbers. Reading needs care work; recording a
measurement is clinic work (MANAGE)."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from ..charts import Series, bar_chart, legend_swatch, line_chart, number
from ..core.access import patient_access
from ..core.clock import CLINIC_ZONE, today
from ..core.grants import Capability, Grant
from ..models import ChangeNote, Measurement, MeasurementKind
from . import change_services as services
from .change_areas import AREAS
from .change_blueprints import staff_bp as bp
from .change_forms import MeasurementForm
from .change_pages import change_helpers

bp.context_processor(change_helpers)
bp.context_processor(lambda: {"chart_swatch": legend_swatch, "chart_number": number})

MONTHS = 12


def last_months(day: date, count: int = MONTHS) -> list[tuple[int, int]]:
    """The `count` months up to the month of `day`, oldest first, as (year, month)."""
    months = []
    year, month = day.year, day.month
    for _n in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def changes_by_month(notes: list[ChangeNote], day: date) -> tuple[list[tuple[str, str]], dict]:
    """The chart's months (key, label) and the number of notes per (month key, area)."""
    months = last_months(day)
    keys = {_month_key(y, m) for y, m in months}
    counts: dict[tuple[str, str], int] = {}
    for note in notes:
        local = note.created_at.astimezone(CLINIC_ZONE).date()
        key = _month_key(local.year, local.month)
        if key in keys:
            counts[(key, note.area)] = counts.get((key, note.area), 0) + 1
    labels = [(_month_key(y, m), format_date(date(y, m, 1), "MMM yy")) for y, m in months]
    return labels, counts


@bp.route("/patienter/<patient_id>/forandringar/")
@patient_access(Capability.SEE)
def notes(grant: Grant):
    found = services.notes_of(grant.patient)
    months, counts = changes_by_month(found, today())
    used = [area for area in AREAS if any(key[1] == area.value for key in counts)]
    series = [Series(area.value, str(area.text)) for area in used]
    chart = (
        bar_chart(
            "andringar",
            _("Ändringar per månad: %(name)s", name=grant.patient.name),
            _(
                "Staplar för de senaste 12 månaderna. Varje stapel är en månad, delad efter område. "
                "Samma siffror står i tabellen."
            ),
            months,
            series,
            counts,
        )
        if counts
        else None
    )
    return render_template(
        "checkup/changes_staff.html",
        patient=grant.patient,
        grant=grant,
        notes=found,
        chart=chart,
        months=months,
        series=series,
        counts=counts,
        page_title=_("Något har ändrats: %(name)s", name=grant.patient.name),
    )


def _measurement_charts(rows: list[Measurement]) -> dict:
    weights = [(m.measured_on, float(m.weight_kg)) for m in rows if m.kind is MeasurementKind.WEIGHT]
    pressures = [m for m in rows if m.kind is MeasurementKind.BLOOD_PRESSURE]
    weight_series = [Series("weight_kg", _("Vikt"))]
    bp_series = [Series("bp_systolic", _("Övre tryck")), Series("bp_diastolic", _("Nedre tryck"))]
    return {
        "weights": weights,
        "pressure_rows": [(m.measured_on, m.bp_systolic, m.bp_diastolic) for m in pressures],
        "weight_series": weight_series,
        "bp_series": bp_series,
        "weight_chart": line_chart(
            "vikt",
            _("Vikt över tid"),
            _("En linje med vikten i kilo vid varje mätning. Samma siffror står i tabellen."),
            weight_series,
            {"weight_kg": weights},
            unit="kg",
        )
        if weights
        else None,
        "bp_chart": line_chart(
            "blodtryck",
            _("Blodtryck över tid"),
            _(
                "Två linjer: det övre trycket (hel linje, runda punkter) och det nedre trycket "
                "(streckad linje, fyrkanter), i mmHg. Samma siffror står i tabellen."
            ),
            bp_series,
            {
                "bp_systolic": [(m.measured_on, float(m.bp_systolic or 0)) for m in pressures],
                "bp_diastolic": [(m.measured_on, float(m.bp_diastolic or 0)) for m in pressures],
            },
            unit="mmHg",
        )
        if pressures
        else None,
    }


@bp.route("/patienter/<patient_id>/matvarden", methods=["GET", "POST"])
@patient_access(Capability.MANAGE)
def measurements(grant: Grant):
    form = MeasurementForm()
    if form.validate_on_submit():
        day = form.measured_on.data
        saved = []
        if form.weight.data is not None:
            saved.append(services.record_weight(grant, day, float(form.weight.data)))
        if form.systolic.data is not None and form.diastolic.data is not None:
            saved.append(services.record_blood_pressure(grant, day, form.systolic.data, form.diastolic.data))
        flash(_("Mätvärdet är sparat.") if len(saved) == 1 else _("Mätvärdena är sparade."), "success")
        return redirect(url_for("changes_staff.measurements", patient_id=grant.patient.public_id))
    return render_template(
        "checkup/measurements_staff.html",
        patient=grant.patient,
        grant=grant,
        form=form,
        **_measurement_charts(services.measurements_of(grant.patient)),
        page_title=_("Mätvärden: %(name)s", name=grant.patient.name),
    )
