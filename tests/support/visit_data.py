"""Real values for every visit URL argument: a patient's visit type, visits, preparations, a
request, a conversation, a callback and answer templates, made in the database."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image
from sqlalchemy import select

from app.models import (
    AfterVisit,
    AfterVisitStep,
    AfterVisitVersion,
    AnswerTemplate,
    CallbackRequest,
    ChangeNote,
    ContactMessage,
    Conversation,
    HealthPlan,
    HealthPlanGoal,
    HealthPlanVersion,
    Photo,
    Preparation,
    PreparationStatus,
    StaffMember,
    Visit,
    VisitRequest,
    VisitStep,
    VisitStepVariant,
    VisitType,
    utcnow,
)


def _tiny_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 220, 255)).save(out, "JPEG")
    return out.getvalue()


def add_visit_data(session, world) -> dict:
    """For the patient of `world`: a visit type whose first step has a photo and two variants for
    needs (so that they can be moved), two booked
    visits (with a staff member who has a photo), a preparation still being answered and one
    sent, a visit request, a conversation with the vårdlots and a callback request; and two
    answer templates of the clinic's own (so the first may be removed).

    Returns a value for every visit URL argument; `prep_id` is the one being answered, and
    ("sent", "prep_id") the sent one (the pages about what was sent need that one).
    """
    member = session.scalar(select(StaffMember).where(StaffMember.user_id == world.staff.id))
    photo = Photo(clinic_id=world.clinic.id, content_type="image/jpeg", width=4, height=3, data=_tiny_jpeg())
    member.photo = Photo(
        clinic_id=world.clinic.id, content_type="image/jpeg", width=4, height=3, data=_tiny_jpeg()
    )
    visit_type = VisitType(
        clinic_id=world.clinic.id, name="Hälsokontroll", pictogram="stethoscope", minutes=30
    )
    visit_type.steps = [
        VisitStep(position=1, pictogram="door-in", text="Du kommer.", photo=photo),
        VisitStep(position=2, pictogram="visit-done", text="Klart!"),
    ]
    # The first step told another way for a patient who does not speak, or who waits in the car.
    variant = VisitStepVariant(position=1, need="no_speech", text="Du visar ditt kort.", pictogram="id-card")
    in_car = VisitStepVariant(
        position=2, need="wait_in_car", text="Du väntar i bilen.", pictogram="wait-in-car"
    )
    visit_type.steps[0].variants = [variant, in_car]
    visits = [
        Visit(
            patient_id=world.patient.id,
            clinic_id=world.clinic.id,
            visit_type=visit_type,
            starts_at=utcnow() + timedelta(days=days),
            minutes=30,
            staff=[member],
            room="Rum 4",
        )
        for days in (3, 5)
    ]
    answering = Preparation(
        patient_id=world.patient.id,
        visit=visits[0],
        step="varfor",
        answers={"varfor": {"choices": ["check"], "text": ""}},
    )
    sent = Preparation(
        patient_id=world.patient.id,
        visit=visits[1],
        step="kontrollera",
        answers={"varfor": {"choices": ["ill"], "text": "Hosta"}},
        status=PreparationStatus.SUBMITTED,
        submitted_at=utcnow(),
        submitted_by_id=world.patient_user.id,
        submitted_acting_as="patient",
    )
    request = VisitRequest(
        patient_id=world.patient.id,
        clinic_id=world.clinic.id,
        reasons=["ill"],
        times=["morning"],
        text="",
        user_id=world.patient_user.id,
        acting_as="patient",
    )
    conversation = Conversation(patient_id=world.patient.id, clinic_id=world.clinic.id)
    conversation.messages = [
        ContactMessage(
            user_id=world.patient_user.id, acting_as="patient", phrases=["medicine"], text="Slut på tabletter"
        )
    ]
    callback = CallbackRequest(
        patient_id=world.patient.id,
        clinic_id=world.clinic.id,
        user_id=world.patient_user.id,
        acting_as="patient",
        whom="patient",
        phone="0701234567",
        days=["mon"],
        times=["morning"],
        topics=["time"],
    )
    templates = [
        AnswerTemplate(clinic_id=world.clinic.id, position=n, title=title, text=text)
        for n, (title, text) in enumerate(
            [("Ny tid", "Du har fått en ny tid."), ("Ring", "Vi ringer dig i dag.")], 1
        )
    ]
    after, after_steps = _after_visit(world, visits[0])
    plan, plan_goals = _health_plan(world)
    # Något har ändrats: a note from the patient, urgent (a fall).
    change = ChangeNote(
        patient_id=world.patient.id,
        clinic_id=world.clinic.id,
        user_id=world.patient.user_id,
        acting_as="patient",
        area="fall",
        since="today",
        how="Jag ramlade i trappan.",
        urgent=True,
        form_key="visit-data-change-note-key",
    )
    session.add_all(
        [
            visit_type,
            *visits,
            answering,
            sent,
            request,
            conversation,
            callback,
            *templates,
            after,
            *after_steps,
            plan,
            *plan_goals,
            change,
        ]
    )
    session.commit()
    return {
        "conversation_id": conversation.public_id,
        "callback_id": callback.public_id,
        "visit_id": visits[0].public_id,
        "prep_id": answering.public_id,
        "sent_prep_id": sent.public_id,
        "step_key": "varfor",
        "type_id": visit_type.public_id,
        "step_id": visit_type.steps[0].public_id,
        "photo_id": photo.public_id,
        "request_id": request.public_id,
        "template_id": templates[0].public_id,
        "variant_id": variant.public_id,
        "summary_id": after.public_id,
        "next_step_id": after_steps[-1].public_id,  # the patient's own
        "plan_id": plan.public_id,
        "goal_id": plan_goals[-1].public_id,  # the patient's own
        "note_id": change.public_id,
    }


def _health_plan(world) -> tuple[HealthPlan, list[HealthPlanGoal]]:
    """Min hälsoplan: sent twice (so that version 1 is an old one), with a goal the habilitation
    does and one the patient's side may mark (the last), and a change not sent yet."""
    goals = [
        {"key": "g1", "goal": {"sv": "Jag vill gå säkrare."}, "do": {}, "who": "habilitation", "look_on": ""},
        {"key": "g2", "goal": {"sv": "Jag vill sova bättre."}, "do": {}, "who": "patient", "look_on": ""},
    ]
    plan = HealthPlan(
        patient_id=world.patient.id,
        clinic_id=world.clinic.id,
        content={"goals": [*goals, {**goals[0], "key": "g3", "goal": {"sv": "Jag vill dricka mer."}}]},
        version=2,
        revision=3,
        sent_at=utcnow(),
    )
    plan.versions = [
        HealthPlanVersion(number=1, content={"goals": goals[:1]}),
        HealthPlanVersion(number=2, content={"goals": goals}),
    ]
    rows = [
        HealthPlanGoal(
            plan=plan, patient_id=world.patient.id, key=g["key"], who=g["who"], position=n, text=g["goal"]
        )
        for n, g in enumerate(goals)
    ]
    return plan, rows


def _after_visit(world, visit) -> tuple[AfterVisit, list[AfterVisitStep]]:
    """Efter besöket for the visit: sent twice (so that version 1 is an old one), with a next step
    the clinic does and one the patient's side may tick (the last), a medicine and a text to put
    in English, and a correction begun but not sent, so every staff form of it is on a page."""
    sent = {
        "did": ["talk"],
        "found": {"sv": "Allt ser bra ut."},
        "steps": [
            {"key": "s1", "kind": "visit", "who": "clinic", "on": "", "text": {"sv": "Vi ses om ett år."}},
            {"key": "walk", "kind": "exercise", "who": "patient", "on": "", "text": {"sv": "Gå ut."}},
        ],
        "medicines": [
            {"key": "m1", "change": "new", "name": "Alvedon", "for": {"sv": "Mot ont."}, "times": ["morning"]}
        ],
    }
    after = AfterVisit(
        patient_id=world.patient.id,
        clinic_id=world.clinic.id,
        visit=visit,
        content={**sent, "found": {"sv": "Allt ser bra ut. Blodtrycket är bra."}},
        version=2,
        sent_at=utcnow(),
    )
    after.versions = [
        AfterVisitVersion(number=1, content={**sent, "steps": sent["steps"][:1]}, why={}),
        AfterVisitVersion(number=2, content=sent, why={"sv": "Vi lade till en sak."}),
    ]
    clinic_step = AfterVisitStep(
        summary=after,
        patient_id=world.patient.id,
        key="s1",
        kind="visit",
        who="clinic",
        text={"sv": "Vi ses om ett år."},
    )
    own_step = AfterVisitStep(
        summary=after,
        patient_id=world.patient.id,
        key="walk",
        kind="exercise",
        who="patient",
        position=1,
        text={"sv": "Gå ut."},
    )
    return after, [clinic_step, own_step]


# Pages about a sent preparation take the sent one.
SENT_PREPARATION_ENDPOINTS = {
    "prepare.sent",
    "prepare.reopen",
    "prepare.print_summary",
    "visits_staff.preparation",
    "visits_staff.preparation_read",
}
