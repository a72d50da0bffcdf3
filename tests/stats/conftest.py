"""A pilot in miniature for the statistics tests: three past months of one clinic's work, written
row by row so that every figure can be counted by hand (the counts are in the comments), and a
little of another clinic's, which the first clinic's figures must never include."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest

from app.core.clock import CLINIC_ZONE, add_months, today
from app.extensions import db
from app.models import (
    AfterVisit,
    AfterVisitRead,
    Attendance,
    CallAttempt,
    CallbackRequest,
    CallOutcome,
    ContactMessage,
    Conversation,
    ConversationKind,
    HealthCheck,
    NeedReview,
    Patient,
    Preparation,
    PreparationStatus,
    UsageCount,
    User,
    Visit,
    VisitType,
)
from app.stats.periods import Period, between


@dataclass
class Pilot:
    period: Period
    months: list[str]  # the three months' keys, oldest first
    clinic_id: int
    other_clinic_id: int


def month_first(offset: int) -> date:
    """The first day of the month `offset` months before this one."""
    return add_months(today().replace(day=1), -offset)


def at(first: date, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(first.replace(day=day), time(hour, minute), CLINIC_ZONE)


@pytest.fixture
def pilot(app, world, make_patient) -> Pilot:
    """Three months (M1, M2, M3: the three before this one) at world.clinic:

    patients: p1 and p2 new in M1, p3 new in M3; world.patient new today (outside the period).
    visits (none in the future): M1 v1 p1 came, prepared before, profile reviewed 6 months
    before; v2 p2 did not come, prepared only after the visit, profile reviewed 13 months
    before; v3 p1 cancelled in Lotsen (never counted). M2 v4 p1 cancelled late, no preparation,
    reviewed 7 months before. M3 v5 p3 not marked; v6 p2 came.
    messages: M1 c1 p1 message answered after 2 h, c2 p2 suggestion answered after 6 h (and
    again later); M2 c3 p1 message, no answer; M3 c4 p3 message answered after 1 h, c5 p2
    visit change answered after 5 h.
    callbacks: M1 cb1 p1 (time, medicine) no answer then reached; cb2 p2 (happened) reached at
    once; M2 cb3 p3 (time) not called yet.
    Efter besöket: v1's summary sent in M1 and read; v4's sent in M2, not read; v6's a draft.
    health checks: p1's done in M2.
    read-aloud: 3 + 4 plays in M1; easy read: 5 pages in M1, 2 in M3.
    the other clinic: a patient with a visit that came in M1, a message in M1 and 9 plays."""
    m1, m2, m3 = month_first(3), month_first(2), month_first(1)
    p1 = make_patient(world.clinic, name="Ett Testsson")
    p2 = make_patient(world.clinic, name="Två Testsson")
    p3 = make_patient(world.clinic, name="Tre Testsson")
    elsewhere = make_patient(world.other_clinic, name="Annan Testsson")
    with app.app_context():
        session = db.session
        staff_user = session.get(User, world.staff.id)
        staff = staff_user.staff_member
        other_staff = session.get(User, world.other_staff.id).staff_member
        helper = session.get(User, world.god_man.id)
        for patient, created in ((p1, at(m1, 2)), (p2, at(m1, 3)), (p3, at(m3, 1))):
            session.get(Patient, patient.id).created_at = created
        session.get(Patient, elsewhere.id).created_at = at(m1, 5)
        kind = VisitType(clinic_id=world.clinic.id, name="Läkarbesök", pictogram="doctor", minutes=30)
        other_kind = VisitType(clinic_id=world.other_clinic.id, name="Läkarbesök", pictogram="doctor")
        session.add_all([kind, other_kind])
        session.flush()

        def visit(patient, when, attendance=None, clinic_id=world.clinic.id, visit_type=kind, **kw):
            v = Visit(
                patient_id=patient.id,
                clinic_id=clinic_id,
                visit_type_id=visit_type.id,
                starts_at=when,
                minutes=30,
                attendance=attendance,
                **kw,
            )
            session.add(v)
            session.flush()
            return v

        v1 = visit(p1, at(m1, 10, 9), Attendance.CAME)
        v2 = visit(p2, at(m1, 12, 10), Attendance.NO_SHOW)
        visit(p1, at(m1, 20), cancelled_at=at(m1, 18))
        v4 = visit(p1, at(m2, 8), Attendance.LATE_CANCEL)
        visit(p3, at(m3, 4))
        v6 = visit(p2, at(m3, 25), Attendance.CAME)
        visit(elsewhere, at(m1, 11), Attendance.CAME, clinic_id=world.other_clinic.id, visit_type=other_kind)

        def preparation(patient, v, sent):
            session.add(
                Preparation(
                    patient_id=patient.id,
                    visit_id=v.id,
                    status=PreparationStatus.SUBMITTED,
                    submitted_at=sent,
                    submitted_acting_as="representative",
                )
            )

        preparation(p1, v1, v1.starts_at - timedelta(days=1))
        preparation(p2, v2, v2.starts_at + timedelta(hours=3))
        for patient, on in ((p1, add_months(m1, -6)), (p2, add_months(m1, -13))):
            session.add(
                NeedReview(
                    patient_id=patient.id, reviewed_on=on, together_with="Patienten", staff_member_id=staff.id
                )
            )

        def conversation(patient, kind_, when, answers=(), clinic_id=world.clinic.id, answerer=staff_user):
            c = Conversation(
                patient_id=patient.id, clinic_id=clinic_id, kind=kind_, created_at=when, last_message_at=when
            )
            session.add(c)
            session.flush()
            first = ContactMessage(conversation_id=c.id, user_id=helper.id, acting_as="representative")
            first.created_at = when
            session.add(first)
            for hours in answers:
                session.add(
                    ContactMessage(
                        conversation_id=c.id,
                        user_id=answerer.id,
                        acting_as="staff",
                        from_staff=True,
                        created_at=when + timedelta(hours=hours),
                    )
                )
            return c

        conversation(p1, ConversationKind.MESSAGE, at(m1, 3, 8), [2])
        conversation(p2, ConversationKind.SUGGESTION, at(m1, 15, 8), [6, 30])
        conversation(p1, ConversationKind.MESSAGE, at(m2, 9, 8))
        conversation(p3, ConversationKind.MESSAGE, at(m3, 6, 8), [1])
        conversation(p2, ConversationKind.VISIT_CHANGE, at(m3, 7, 8), [5])
        conversation(
            elsewhere,
            ConversationKind.MESSAGE,
            at(m1, 3, 9),
            [40],
            clinic_id=world.other_clinic.id,
            answerer=session.get(User, world.other_staff.id),
        )

        def callback(patient, when, topics, outcomes):
            cb = CallbackRequest(
                patient_id=patient.id,
                clinic_id=world.clinic.id,
                user_id=helper.id,
                acting_as="representative",
                whom="representative",
                phone="0701234567",
                topics=topics,
                created_at=when,
            )
            session.add(cb)
            session.flush()
            for n, outcome in enumerate(outcomes):
                session.add(
                    CallAttempt(
                        callback_id=cb.id,
                        staff_member_id=staff.id,
                        outcome=outcome,
                        at=when + timedelta(hours=n + 1),
                    )
                )

        callback(p1, at(m1, 4), ["time", "medicine"], [CallOutcome.NO_ANSWER, CallOutcome.REACHED])
        callback(p2, at(m1, 5), ["happened"], [CallOutcome.REACHED])
        callback(p3, at(m2, 6), ["time"], [])

        def summary(patient, v, sent, read=False):
            s = AfterVisit(patient_id=patient.id, clinic_id=world.clinic.id, visit_id=v.id, sent_at=sent)
            session.add(s)
            session.flush()
            if read:
                session.add(AfterVisitRead(summary_id=s.id, user_id=helper.id, acting_as="representative"))

        summary(p1, v1, at(m1, 11), read=True)
        summary(p1, v4, at(m2, 9))
        summary(p2, v6, None)
        session.add(
            HealthCheck(
                patient_id=p1.id, clinic_id=world.clinic.id, outcome="done", done_on=m2.replace(day=14)
            )
        )
        for clinic_id, day, kind_name, n in (
            (world.clinic.id, m1.replace(day=2), "speech_play", 3),
            (world.clinic.id, m1.replace(day=9), "speech_play", 4),
            (world.clinic.id, m1.replace(day=9), "easy_read_page", 5),
            (world.clinic.id, m3.replace(day=1), "easy_read_page", 2),
            (world.other_clinic.id, m1.replace(day=9), "speech_play", 9),
        ):
            session.add(UsageCount(clinic_id=clinic_id, day=day, kind=kind_name, count=n))
        del other_staff
        session.commit()
    period = between(m1, m3)
    return Pilot(period, [m.key for m in period.months], world.clinic.id, world.other_clinic.id)
