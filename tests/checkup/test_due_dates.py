"""Who is due for the health check, with exact dates: months added as the calendar has them (29
February, 31 January), a check exactly 12 months ago is due today, the clinic's interval (6 and
24 months), every status, and another clinic's patients never shown."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.checkup import due_services as due
from app.checkup.due_services import DueStatus
from app.core.clock import add_months
from app.extensions import db
from app.models import CheckOutcome, Clinic, HealthCheck, Visit, VisitType
from app.models.base import utcnow


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2023, 11, 30), 24, date(2025, 11, 30)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_the_cutoff_counts_the_29th_of_february():
    # Done on 29 Feb 2024: due on 28 Feb 2025, so it counts among those due on that day.
    assert due.done_cutoff(date(2025, 2, 28), 12) == date(2024, 2, 29)
    assert due.done_cutoff(date(2025, 3, 1), 12) == date(2024, 3, 1)
    assert due.done_cutoff(date(2024, 6, 30), 6) == date(2023, 12, 31)


@pytest.mark.parametrize(
    ("last", "on", "months", "status"),
    [
        (None, date(2026, 5, 1), 12, DueStatus.NEVER),
        (date(2025, 5, 1), date(2026, 5, 1), 12, DueStatus.DUE),  # exactly 12 months: due today
        (date(2025, 4, 30), date(2026, 5, 1), 12, DueStatus.OVERDUE),
        (date(2025, 6, 1), date(2026, 5, 1), 12, DueStatus.DUE),  # due in a month
        (date(2025, 6, 2), date(2026, 5, 1), 12, DueStatus.NOT_DUE),
        (date(2024, 2, 29), date(2025, 2, 28), 12, DueStatus.DUE),
        (date(2024, 2, 29), date(2025, 3, 1), 12, DueStatus.OVERDUE),
        (date(2025, 11, 1), date(2026, 5, 1), 6, DueStatus.DUE),
        (date(2025, 10, 31), date(2026, 5, 1), 6, DueStatus.OVERDUE),
        (date(2025, 12, 2), date(2026, 5, 1), 6, DueStatus.NOT_DUE),
        (date(2024, 5, 1), date(2026, 5, 1), 24, DueStatus.DUE),
        (date(2024, 4, 30), date(2026, 5, 1), 24, DueStatus.OVERDUE),
        (date(2025, 5, 1), date(2026, 5, 1), 24, DueStatus.NOT_DUE),
    ],
)
def test_status_by_the_day(last, on, months, status):
    assert due.status_for(last, None, on, months) is status


def _check(patient, clinic, **kw) -> HealthCheck:
    check = HealthCheck(patient_id=patient.id, clinic_id=clinic.id, **kw)
    db.session.add(check)
    return check


def _done(patient, clinic, day: date) -> HealthCheck:
    return _check(patient, clinic, outcome=CheckOutcome.DONE.value, done_on=day, invited_at=utcnow())


@pytest.mark.parametrize("months", [6, 12, 24])
def test_the_list_in_the_database(app, make_clinic, make_patient, months):
    clinic = make_clinic("Kumla vårdcentral")
    other = make_clinic("Lindesbergs vårdcentral")
    on = date(2026, 5, 1)
    people = {
        name: make_patient(clinic, name=name)
        for name in (
            "Anna Never",
            "Bo Exact",
            "Cissi Over",
            "Dan Soon",
            "Eva Later",
            "Fia Invited",
            "Gus Booked",
        )
    }
    stranger = make_patient(other, name="Olle Elsewhere")
    with app.app_context():
        home = db.session.get(Clinic, clinic.id)
        home.health_check_months = months
        _done(people["Bo Exact"], clinic, add_months(on, -months))
        _done(people["Bo Exact"], clinic, add_months(on, -months) - timedelta(days=400))  # an older one
        _done(people["Cissi Over"], clinic, add_months(on, -months) - timedelta(days=1))
        _done(people["Dan Soon"], clinic, add_months(add_months(on, 1), -months))
        _done(people["Eva Later"], clinic, add_months(add_months(on, 1), -months) + timedelta(days=1))
        # A missed round is no check done.
        _check(people["Anna Never"], clinic, outcome=CheckOutcome.DID_NOT_COME.value, invited_at=utcnow())
        _check(people["Fia Invited"], clinic, invited_at=utcnow())
        kind = VisitType(
            clinic_id=clinic.id, name="Hälsokontroll", pictogram="stethoscope", health_check=True
        )
        visit = Visit(
            patient_id=people["Gus Booked"].id,
            clinic_id=clinic.id,
            visit_type=kind,
            starts_at=utcnow() + timedelta(days=3),
            minutes=60,
        )
        db.session.add(visit)
        db.session.flush()
        _check(people["Gus Booked"], clinic, invited_at=utcnow(), visit_id=visit.id)
        _done(stranger, other, date(2000, 1, 1))
        db.session.flush()

        rows = due.due_rows(home, on)
        by_name = {row.patient.name: row for row in rows}
        assert "Olle Elsewhere" not in by_name
        assert {name: row.status for name, row in by_name.items()} == {
            "Anna Never": DueStatus.NEVER,
            "Bo Exact": DueStatus.DUE,
            "Cissi Over": DueStatus.OVERDUE,
            "Dan Soon": DueStatus.DUE,
            "Eva Later": DueStatus.NOT_DUE,
            "Fia Invited": DueStatus.INVITED,
            "Gus Booked": DueStatus.BOOKED,
        }
        assert by_name["Bo Exact"].last_done == add_months(on, -months)
        assert by_name["Bo Exact"].due_on == on
        assert [row.status for row in rows][:3] == [DueStatus.OVERDUE, DueStatus.NEVER, DueStatus.DUE]
        assert [r.patient.name for r in due.due_rows(home, on, DueStatus.OVERDUE)] == ["Cissi Over"]
        assert [r.patient.name for r in due.due_rows(home, on, DueStatus.NEVER)] == ["Anna Never"]
        # The count on Att göra, in one query, agrees with the list.
        assert due.to_invite_count(home, on) == 4
        # A cancelled visit: the round is invited again, not booked.
        visit.cancelled_at = utcnow()
        db.session.flush()
        gus = db.session.get(type(people["Gus Booked"]), people["Gus Booked"].id)
        assert due.patient_status(gus, on).status is DueStatus.INVITED
        db.session.rollback()


def test_the_list_is_not_n_plus_one(app, make_clinic, make_patient):
    clinic = make_clinic("Kumla vårdcentral")
    for n in range(12):
        make_patient(clinic, name=f"Patient {n:02d}")
    with app.app_context():
        home = db.session.get(Clinic, clinic.id)
        statements = []

        from sqlalchemy import event

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            rows = due.due_rows(home, date(2026, 5, 1))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert len(rows) == 12
        assert len(statements) <= 3
