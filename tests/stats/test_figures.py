"""Every figure of the statistics against the pilot in miniature (tests/stats/conftest.py), whose
rows were counted by hand; on SQLite and on PostgreSQL (the median and the months are SQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.core.clock import today
from app.extensions import db
from app.models import (
    Application,
    ApplicationStatus,
    NeedReview,
    Preparation,
    PreparationStatus,
    User,
    Visit,
    VisitType,
    utcnow,
)
from app.stats import figures as counting
from app.stats.figures import ALL, EVERY_CLINIC, NOW
from app.stats.periods import between, month_of
from app.stats.tables import clinic_tables

from .conftest import at


def _count(app, period, clinic_ids):
    """The figures of a period, counted as a page request counts them."""
    with app.test_request_context():
        found = counting.count(period, clinic_ids)
        db.session.rollback()
    return found


def _visit(pilot, patient, starts_at) -> Visit:
    """A visit of the pilot clinic's visit type (in an app context)."""
    kind = db.session.scalar(select(VisitType).where(VisitType.clinic_id == pilot.clinic_id))
    return Visit(
        patient_id=patient.id,
        clinic_id=pilot.clinic_id,
        visit_type_id=kind.id,
        starts_at=starts_at,
        minutes=30,
    )


def _review(world, patient, on) -> NeedReview:
    """The needs profile reviewed with the patient on a day (in an app context)."""
    return NeedReview(
        patient_id=patient.id,
        reviewed_on=on,
        together_with="Patienten",
        staff_member_id=db.session.get(User, world.staff.id).staff_member.id,
    )


@pytest.fixture
def counted(app, pilot):
    return _count(app, pilot.period, [pilot.clinic_id])


def by_month(found, pilot, measure, clinic_id=None):
    """[M1, M2, M3, whole period] of one measure."""
    clinic_id = clinic_id or pilot.clinic_id
    return [found.value(measure, clinic_id, month) for month in [*pilot.months, ALL]]


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ("patients_new", [2, 0, 1, 3]),
        ("patients_accepted", [0, 0, 0, 0]),
        ("patients_active", [2, 2, 2, 3]),
        ("visits", [2, 1, 2, 5]),
        ("visits_prepared", [1, 0, 0, 1]),
        ("visits_reviewed", [1, 1, 0, 2]),
        ("attendance_came", [1, 0, 1, 2]),
        ("attendance_no_show", [1, 0, 0, 1]),
        ("attendance_late_cancel", [0, 1, 0, 1]),
        ("attendance_unmarked", [0, 0, 1, 1]),
        ("messages", [2, 1, 2, 5]),
        ("messages_answered", [2, 0, 2, 4]),
        ("messages_message", [1, 1, 1, 3]),
        ("messages_suggestion", [1, 0, 0, 1]),
        ("messages_visit_change", [0, 0, 1, 1]),
        ("callbacks", [2, 1, 0, 3]),
        ("callbacks_tried", [2, 0, 0, 2]),
        ("callbacks_first_try", [1, 0, 0, 1]),
        ("callbacks_time", [1, 1, 0, 2]),
        ("callbacks_medicine", [1, 0, 0, 1]),
        ("callbacks_happened", [1, 0, 0, 1]),
        ("after_sent", [1, 1, 0, 2]),
        ("after_read", [1, 0, 0, 1]),
        ("checks_done", [0, 1, 0, 1]),
        ("speech_plays", [7, 0, 0, 7]),
        ("easy_read_pages", [5, 0, 2, 7]),
    ],
)
def test_each_count_per_month_and_for_the_period(counted, pilot, measure, expected):
    assert by_month(counted, pilot, measure) == expected


def test_the_median_time_to_the_first_answer(counted, pilot):
    # M1: 2 h and 6 h; M2: no answer; M3: 1 h and 5 h; the period: 1, 2, 5, 6 -> 3.5 h (the
    # second answer to the suggestion, after 30 h, is not the first).
    assert counted.value("answer_hours_median", pilot.clinic_id, pilot.months[0]) == pytest.approx(4.0)
    assert not counted.has("answer_hours_median", pilot.clinic_id, pilot.months[1])
    assert counted.value("answer_hours_median", pilot.clinic_id, pilot.months[2]) == pytest.approx(3.0)
    assert counted.value("answer_hours_median", pilot.clinic_id, ALL) == pytest.approx(3.5)


def test_an_odd_number_of_answers_has_the_middle_one(app, pilot):
    found = _count(app, pilot.period, [pilot.other_clinic_id])
    assert found.value("answer_hours_median", pilot.other_clinic_id, ALL) == pytest.approx(40.0)


def test_helpers_and_health_checks_due(counted, pilot):
    # world.patient has a god man and the group home's mandate; p1-p3 have no helper.
    assert counted.value("patients_all", pilot.clinic_id, NOW) == 4
    assert counted.value("helpers_any", pilot.clinic_id, NOW) == 1
    assert counted.value("helpers_god_man", pilot.clinic_id, NOW) == 1
    assert counted.value("helpers_home", pilot.clinic_id, NOW) == 1
    assert counted.value("helpers_forvaltare", pilot.clinic_id, NOW) == 0
    # p1, p2 and p3 had never had a check (world.patient came after the period); p1 had one.
    assert counted.value("checks_due", pilot.clinic_id, ALL) == 3
    assert counted.value("checks_due_done", pilot.clinic_id, ALL) == 1


def test_another_clinics_rows_are_never_counted(counted, pilot):
    assert counted.clinic_ids == [pilot.clinic_id]
    assert {clinic_id for found in counted.values.values() for clinic_id, _b in found} <= {
        pilot.clinic_id,
        EVERY_CLINIC,
    }


def row_of(table, index: int) -> dict:
    """One row's cells by measure."""
    return dict(zip((c.measure for c in table.columns), table.rows[index].cells, strict=True))


def test_the_staff_tables_show_the_shares(app, counted, pilot):
    with app.test_request_context():
        tables = {t.key: t for t in clinic_tables(counted, pilot.clinic_id)}
        visits = tables["besok"]
        whole = visits.rows[-1]
        assert whole.total and whole.key == "hela-perioden"
        cells = row_of(visits, -1)
        assert cells["visits_prepared_share"].text == "20 %"  # 1 of 5
        assert cells["visits_reviewed_share"].text == "40 %"  # 2 of 5
        attendance = row_of(tables["narvaro"], -1)
        assert attendance["no_show_share"].text == "25 %"  # 1 of the 4 marked
        m2 = row_of(tables["meddelanden"], 1)
        assert m2["answer_hours_median"].text == "–"  # nothing answered in M2
        first = row_of(tables["meddelanden"], 0)
        assert first["answer_hours_median"].text == "4,0"
        due = {row.key: row.cells[0].text for row in tables["halsokontroller-att-gora"].rows}
        assert due == {"checks_due": "3", "checks_due_done": "1", "checks_due_share": "33 %"}


def test_booked_visits_count_only_once_they_have_been(app, pilot, world, make_patient):
    """A visit booked for later in the period is not a visit yet: not in Besök, not in the
    shares (prepared, reviewed) and not among the visits without a mark."""
    patient = make_patient(world.clinic, name="Fyra Testsson")
    this_month = month_of(today())
    now = utcnow()
    with app.app_context():
        past = _visit(pilot, patient, now - timedelta(minutes=5))
        coming = _visit(pilot, patient, now + timedelta(hours=2))
        db.session.add_all([past, coming])
        db.session.flush()
        # The coming visit is prepared and the profile reviewed: it must still not count.
        db.session.add(
            Preparation(
                patient_id=patient.id,
                visit_id=coming.id,
                status=PreparationStatus.SUBMITTED,
                submitted_at=now - timedelta(hours=1),
                submitted_acting_as="representative",
            )
        )
        db.session.add(_review(world, patient, today()))
        db.session.commit()
    # This month and the next, so that the coming visit is within the period whatever the hour.
    period = between(this_month.first, this_month.next_first)
    found = _count(app, period, [pilot.clinic_id])
    assert found.value("visits", pilot.clinic_id, ALL) == 1
    assert found.value("visits_prepared", pilot.clinic_id, ALL) == 0
    assert found.value("attendance_unmarked", pilot.clinic_id, ALL) == 1
    # The past visit was a minute ago: reviewed today counts for it.
    assert found.value("visits_reviewed", pilot.clinic_id, ALL) == 1
    # Fyra is active through the visit that has been only; none of the pilot's rows is this month.
    assert found.value("patients_active", pilot.clinic_id, ALL) == 1


def test_a_booked_visit_alone_makes_no_active_patient_and_no_visit(app, pilot, world, make_patient):
    patient = make_patient(world.clinic, name="Fem Testsson")
    with app.app_context():
        db.session.add(_visit(pilot, patient, utcnow() + timedelta(hours=2)))
        db.session.commit()
    this_month = month_of(today())
    found = _count(app, between(this_month.first, this_month.next_first), [pilot.clinic_id])
    assert found.value("visits", pilot.clinic_id, ALL) == 0
    assert found.value("patients_active", pilot.clinic_id, ALL) == 0
    assert found.value("attendance_unmarked", pilot.clinic_id, ALL) == 0


def test_yes_to_an_application_counts_in_the_month_it_was_said(app, pilot, world):
    """Joined SMO: the accepted applications by the day of the decision; a no, an undecided one
    and another clinic's yes are not counted."""
    m1_first, m3_first = pilot.period.months[0].first, pilot.period.months[2].first
    with app.app_context():
        for clinic_id, status, decided in (
            (pilot.clinic_id, ApplicationStatus.ACCEPTED, at(m1_first, 20)),
            (pilot.clinic_id, ApplicationStatus.ACCEPTED, at(m3_first, 2)),
            (pilot.clinic_id, ApplicationStatus.DECLINED, at(m3_first, 3)),
            (pilot.clinic_id, ApplicationStatus.NEW, None),
            (pilot.other_clinic_id, ApplicationStatus.ACCEPTED, at(m1_first, 21)),
        ):
            db.session.add(
                Application(
                    clinic_id=clinic_id,
                    status=status,
                    answers={},
                    name="Sökande Testsson",
                    personnummer="194001019802",
                    decided_at=decided,
                )
            )
        db.session.commit()
    found = _count(app, pilot.period, [pilot.clinic_id, pilot.other_clinic_id])
    assert by_month(found, pilot, "patients_accepted") == [1, 0, 1, 2]
    assert found.value("patients_accepted", EVERY_CLINIC, ALL) == 3


@pytest.mark.parametrize(
    ("evening", "hour"),
    [("winter", 23), ("summer", 23), ("just after midnight", 0)],
)
def test_a_review_counts_by_the_clinics_day_of_the_visit_summer_and_winter(
    app, pilot, world, make_patient, evening, hour
):
    """A profile reviewed the day after a late visit was not reviewed before it; one reviewed the
    same day was. By the clinic's day exactly: UTC+1 in winter, +2 in summer (a fixed two hours
    on gave a winter visit at 23:30 the next day's date)."""
    month = month_of(date(2026, 1, 1) if evening != "summer" else date(2026, 7, 1))
    starts = at(month.first, 15, hour, 30)
    patient = make_patient(world.clinic, name="Sex Testsson")
    with app.app_context():
        db.session.add(_visit(pilot, patient, starts))
        db.session.commit()
    period = between(month.first, month.next_first)

    def reviewed() -> int:
        return _count(app, period, [pilot.clinic_id]).value("visits_reviewed", pilot.clinic_id, ALL)

    def review(on: date) -> None:
        with app.app_context():
            db.session.add(_review(world, patient, on))
            db.session.commit()

    before = reviewed()
    review(starts.date() + timedelta(days=1))
    assert reviewed() == before, "a review the day after the visit counted for it"
    review(starts.date())
    assert reviewed() == before + 1, "a review on the day of the visit did not count for it"
