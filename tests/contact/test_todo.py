"""Att göra, the staff's start page: what is urgent first, then callbacks due today in calling
order, preparations to read for visits in the next three days, messages past the promised
answer time, visit requests to book (assignable), and mandates to verify (only for staff who
verify them); each a count and a short list, and the patients shown are logged."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.contact.todo import answer_due
from app.core.clock import local_now
from app.models import (
    AccessEvent,
    HealthCheck,
    Mandate,
    MandateStatus,
    Preparation,
    PreparationStatus,
    StaffMember,
    Visit,
    VisitRequest,
    VisitType,
    utcnow,
)
from tests.support.pages import words

from .things import callback, conversation

TODO = "/personal/att-gora"


def test_the_start_page_for_staff_is_att_gora(staff_client, world, query):
    response = staff_client.get("/personal/")
    assert response.status_code == 302 and response.headers["Location"].endswith(TODO)
    # The world's patient was never health-checked: inviting them is something to do.
    assert "Inget att göra just nu." not in words(staff_client.get(TODO))

    def checked(session):
        session.add(
            HealthCheck(
                patient_id=world.patient.id,
                clinic_id=world.clinic.id,
                outcome="done",
                done_on=utcnow().date() - timedelta(days=30),
            )
        )
        session.commit()

    query(checked)
    assert "Inget att göra just nu." in words(staff_client.get(TODO))


def test_urgent_things_come_first(staff_client, world, query):
    def add(session):
        session.add(conversation(world, hours=1, phrases=["happened"]))
        session.add(callback(world, topics=["time"], phone="0709999999"))
        session.commit()

    query(add)
    page = words(staff_client.get(TODO))
    assert "Brådskande 1" in page
    assert page.index("Meddelande: Något har hänt, Maja Andersson") < page.index("Ring upp i dag")


def test_callbacks_due_today_in_calling_order(staff_client, world, query):
    today = local_now().date()  # the clinic's day, whatever the machine's time zone

    def add(session):
        unplanned = callback(world, hours=0.01, phone="0705555555")  # asked just now: today
        unplanned.times = ["afternoon"]  # asked for in the afternoon: after this morning's
        session.add(unplanned)
        session.add(callback(world, planned_on=today, planned_time="afternoon", phone="0701111111"))
        session.add(callback(world, planned_on=today, planned_time="morning", phone="0702222222"))
        session.add(callback(world, planned_on=today - timedelta(days=1), phone="0703333333"))
        session.add(callback(world, planned_on=today + timedelta(days=2), phone="0704444444"))
        session.commit()

    query(add)
    page = words(staff_client.get(TODO))
    assert "Ring upp i dag 4" in page
    # Yesterday's first, then this morning's, then this afternoon's (planned, then asked for by a
    # newer request); the one planned later waits.
    assert page.index("0703333333") < page.index("0702222222") < page.index("0701111111")
    assert page.index("0702222222") < page.index("0705555555")
    assert "0704444444" not in page


def test_unread_preparations_for_visits_in_three_days(staff_client, world, query):
    def add(session):
        visit_type = VisitType(clinic_id=world.clinic.id, name="Blodprov", pictogram="blood-test", minutes=15)
        session.add(visit_type)
        for days, read, status in (
            (1, None, PreparationStatus.SUBMITTED),  # to read
            (2, utcnow(), PreparationStatus.SUBMITTED),  # read
            (2, None, PreparationStatus.DRAFT),  # not sent
            (6, None, PreparationStatus.SUBMITTED),  # later than three days
            (-1, None, PreparationStatus.SUBMITTED),  # the visit has been
        ):
            visit = Visit(
                patient_id=world.patient.id,
                clinic_id=world.clinic.id,
                visit_type=visit_type,
                starts_at=utcnow() + timedelta(days=days),
                minutes=15,
            )
            session.add(visit)
            session.add(
                Preparation(
                    patient_id=world.patient.id,
                    visit=visit,
                    status=status,
                    submitted_at=utcnow() if status is PreparationStatus.SUBMITTED else None,
                    submitted_by_id=world.patient_user.id,
                    submitted_acting_as="patient",
                    read_at=read,
                    answers={},
                )
            )
        session.commit()

    query(add)
    page = words(staff_client.get(TODO))
    assert "Förberedelser att läsa, besök inom tre dagar 1" in page
    assert "Maja Andersson: Blodprov" in page


def test_messages_waiting_for_an_answer_and_the_late_ones_marked(staff_client, world, query):
    def add(session):
        session.add(conversation(world, hours=24 * 8, text="Länge sedan."))  # past the promise
        session.add(conversation(world, hours=1, text="Nyss."))  # waits, within the promise
        session.add(conversation(world, hours=24 * 9, staff_last=True))  # answered
        session.add(conversation(world, hours=24 * 10, done=True))  # done
        session.commit()

    query(add)
    page = words(staff_client.get(TODO))
    assert "Meddelanden att svara på 2" in page
    assert page.count("Försenat") == 1
    # The longest waiting first, and it is the late one.
    section = page[page.index("Meddelanden att svara på") :]
    assert section.index("Försenat") < section.index("Svar senast")


def test_my_visits_today(staff_client, world, query, make_patient):
    from app.core.clock import local_day_bounds, local_now

    start, end = local_day_bounds(local_now().date())
    nils = make_patient(world.clinic, name="Nils Berg")

    def add(session):
        me = session.scalars(select(StaffMember).where(StaffMember.user_id == world.staff.id)).one()
        kind = VisitType(clinic_id=world.clinic.id, name="Blodprov", pictogram="blood-test", minutes=15)
        late = end - timedelta(minutes=1)
        session.add(
            Visit(
                patient_id=world.patient.id,
                clinic_id=world.clinic.id,
                visit_type=kind,
                starts_at=late,
                minutes=15,
                staff=[me],
            )
        )
        # Not mine, and mine tomorrow: not listed.
        session.add(
            Visit(patient_id=nils.id, clinic_id=world.clinic.id, visit_type=kind, starts_at=late, minutes=15)
        )
        session.add(
            Visit(
                patient_id=nils.id,
                clinic_id=world.clinic.id,
                visit_type=kind,
                starts_at=end + timedelta(hours=9),
                minutes=15,
                staff=[me],
            )
        )
        session.commit()

    query(add)
    page = words(staff_client.get(TODO))
    assert "Mina besök i dag 1" in page and "Maja Andersson: Blodprov" in page
    assert "Nils Berg" not in page


def test_answer_due_counts_weekdays():
    friday = datetime(2026, 12, 4, 10, 0).astimezone()
    assert answer_due(friday, 2).weekday() == 1  # Tuesday
    saturday = datetime(2026, 12, 5, 10, 0).astimezone()
    assert answer_due(saturday, 1).weekday() == 1  # as if sent on Monday: due Tuesday


def test_requests_to_book_with_one_click_and_assignable(staff_client, world, query, make_staff):
    colleague = make_staff(world.clinic, name="Doktor Dahl")

    def add(session):
        found = VisitRequest(
            patient_id=world.patient.id,
            clinic_id=world.clinic.id,
            reasons=["ill"],
            times=["morning"],
            user_id=world.patient_user.id,
            acting_as="patient",
        )
        session.add(found)
        session.commit()
        return found.public_id

    request_id = query(add)
    page = words(staff_client.get(TODO))
    assert "Önskemål om tid att boka 1" in page and "Jag är sjuk (på förmiddagen)" in page
    html = staff_client.get(TODO).get_data(as_text=True)
    assert f"besok/ny?onskemal={request_id}" in html

    colleague_id = query(
        lambda s: s.scalar(select(StaffMember.public_id).where(StaffMember.user_id == colleague.id))
    )
    response = staff_client.post_form(
        f"/personal/patienter/{world.patient.public_id}/onskemal/{request_id}/tilldela",
        {"staff": colleague_id, "next": TODO},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(TODO)
    assigned = query(
        lambda s: (
            s.scalars(select(VisitRequest).where(VisitRequest.public_id == request_id)).one().assigned_to_id
        )
    )
    assert assigned is not None
    # The inbox says it too, and filters by it.
    assert "Doktor Dahl tar hand om det." in words(staff_client.get(f"/personal/inkorg?vem={colleague_id}"))
    logged = query(
        lambda s: s.scalars(select(AccessEvent.object_type).where(AccessEvent.object_id == request_id)).all()
    )
    assert "contact_staff.request_assign" in logged


def test_assigning_someone_from_another_clinic_changes_nothing(staff_client, world, query):
    def add(session):
        found = VisitRequest(
            patient_id=world.patient.id,
            clinic_id=world.clinic.id,
            reasons=["ill"],
            times=[],
            acting_as="staff",
        )
        session.add(found)
        session.commit()
        return found.public_id

    request_id = query(add)
    other_id = query(
        lambda s: s.scalar(select(StaffMember.public_id).where(StaffMember.user_id == world.other_staff.id))
    )
    url = f"/personal/patienter/{world.patient.public_id}/onskemal/{request_id}/tilldela"
    staff_client.post_form(url, {"staff": other_id, "next": TODO})
    assert (
        query(
            lambda s: (
                s.scalars(select(VisitRequest).where(VisitRequest.public_id == request_id))
                .one()
                .assigned_to_id
            )
        )
        is None
    )


def test_mandates_to_verify_only_for_staff_who_verify(
    staff_client, world, query, make_staff, make_client, sign_in
):
    def wait(session):
        session.get(Mandate, world.mandate.id).status = MandateStatus.AWAITING_VERIFICATION
        session.commit()

    query(wait)
    page = words(staff_client.get(TODO))
    assert "Behörigheter att kontrollera 1" in page and "Birgitta Svensson för Maja Andersson" in page

    doctor = make_staff(world.clinic, name="Doktor Dahl")

    def clinician(session):
        session.scalars(select(StaffMember).where(StaffMember.user_id == doctor.id)).one().duties = [
            "clinician"
        ]
        session.commit()

    query(clinician)
    client = make_client()
    sign_in(client, doctor)
    assert "Behörigheter att kontrollera" not in words(client.get(TODO))


def test_the_patients_shown_are_logged_and_other_clinics_stay_out(
    staff_client, world, query, make_patient, make_client, sign_in
):
    def add(session):
        session.add(conversation(world, hours=1, phrases=["happened"]))
        session.commit()

    query(add)
    staff_client.get(TODO)
    logged = query(
        lambda s: s.scalars(
            select(AccessEvent.patient_id).where(AccessEvent.object_type == "contact_staff.todo_page")
        ).all()
    )
    assert logged == [world.patient.id]
    other = make_client()
    sign_in(other, world.other_staff)
    assert "Maja" not in words(other.get(TODO))


def test_patients_and_helpers_may_not_see_it(make_client, world, sign_in):
    for user in (world.patient_user, world.god_man):
        client = make_client()
        sign_in(client, user)
        assert client.get(TODO).status_code == 403


def test_my_visits_with_nothing_sent_afterwards(staff_client, world, query, make_patient):
    """ "Skriv efter besöket": one's own visits of the last week that have begun, not cancelled,
    with no summary sent yet (none, or a draft); a sent one, a colleague's, a cancelled one, one
    still to come and one from long ago are not listed."""
    from app.models import AfterVisit

    now = utcnow()
    nils = make_patient(world.clinic, name="Nils Berg")
    other = make_patient(world.clinic, name="Olle Ek")

    def add(session):
        me = session.scalars(select(StaffMember).where(StaffMember.user_id == world.staff.id)).one()
        kind = VisitType(clinic_id=world.clinic.id, name="Läkarbesök", pictogram="doctor", minutes=30)

        def visit(patient, hours_ago, staff=(me,), **kw):
            v = Visit(
                patient_id=patient.id,
                clinic_id=world.clinic.id,
                visit_type=kind,
                starts_at=now - timedelta(hours=hours_ago),
                minutes=30,
                staff=list(staff),
                **kw,
            )
            session.add(v)
            return v

        visit(world.patient, 2)  # nothing written: listed
        drafted = visit(nils, 30)  # a draft only: listed
        sent = visit(other, 50)  # sent: not listed
        visit(other, 3, staff=())  # a colleague's
        visit(other, 4, cancelled_at=now)  # cancelled
        visit(other, -5)  # still to come
        visit(other, 24 * 9)  # long ago
        session.flush()
        for v, version in ((drafted, 0), (sent, 1)):
            session.add(
                AfterVisit(
                    patient_id=v.patient_id,
                    clinic_id=world.clinic.id,
                    visit_id=v.id,
                    content={},
                    version=version,
                )
            )
        session.commit()

    query(add)
    page = words(staff_client.get(TODO))
    assert "Skriv efter besöket 2" in page
    section = page.split("Skriv efter besöket 2", 1)[1]
    # Oldest first.
    assert section.index("Nils Berg: Läkarbesök") < section.index("Maja Andersson: Läkarbesök")
    assert "Olle Ek" not in section
