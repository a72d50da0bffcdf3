"""Who reads on the patient's side (app/staff/readers.py): the patient with an account and each
helper whose mandate is in force, with language, easy read and whether they see the answers;
mandates that ended or have not begun are left out; two queries however many readers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select

from app.core.access import can
from app.core.clock import today
from app.core.grants import Capability
from app.extensions import db
from app.models import (
    ContactMessage,
    Conversation,
    MandateKind,
    MandateStatus,
    Patient,
    Role,
    Scope,
)
from app.staff.readers import ReaderSummary, patient_readers, readers_of, told


def _count_queries(app, fn):
    seen = []

    def count(_conn, _cursor, statement, *_rest):
        if statement.lstrip().upper().startswith("SELECT"):  # not the tests' savepoints
            seen.append(statement)

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            return fn(), seen
        finally:
            event.remove(engine, "before_cursor_execute", count)


def test_readers_name_language_easy_read_and_what_they_see(
    app, world, make_user, make_mandate, make_patient, query
):
    fatima = make_user(Role.REPRESENTATIVE, name="Fatima Hassan", language="ar", easy_read=True)
    make_mandate(world.patient, fatima, kind=MandateKind.RELATIVE_CONSENT)
    # Group-home staff who may write to the vårdlots but not see what is written back.
    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund", language="en")
    make_mandate(world.patient, jonas, kind=MandateKind.GROUP_HOME_STAFF, scopes={Scope.WRITE_TO_VARDLOTS})
    # Left out: a revoked mandate, one run out yesterday, one not yet verified, a closed account.
    for name, status, until in (
        ("Återkallad Person", MandateStatus.REVOKED, None),
        ("Utgången Person", MandateStatus.ACTIVE, today() - timedelta(days=1)),
        ("Väntande Person", MandateStatus.AWAITING_VERIFICATION, None),
    ):
        make_mandate(
            world.patient, make_user(Role.REPRESENTATIVE, name=name), status=status, valid_until=until
        )
    make_mandate(world.patient, make_user(Role.REPRESENTATIVE, name="Stängd Person", active=False))
    # Birgitta's mandate runs out today: still in force.
    query(
        lambda s: (setattr(s.get(type(world.mandate), world.mandate.id), "valid_until", today()), s.commit())
    )

    with app.test_request_context():
        patient = db.session.get(Patient, world.patient.id)
        readers = patient_readers(patient)
        assert [r.words for r in readers] == [
            "Maja Andersson (patienten) läser svenska",
            "Birgitta Svensson (god man) läser svenska",
            "Fatima Hassan (anhörig med samtycke) läser arabiska, lättläst",
            "Jonas Lund (personal på boendet) läser engelska",
            # The manager of Maja's group home, under the home's mandate.
            "Sara Nilsson (Solgläntan) läser svenska",
        ]
        assert [r.form for r in readers] == ["sv", "sv", "ar_easy", "en", "sv"]
        assert [r.sees for r in readers] == [True, True, True, False, True]
        assert readers[3].notes == ["ser inte meddelanden och svar (får inte se uppgifter)"]
        # "Sees" is what the access decision says, for each of them.
        for reader in readers:
            assert reader.sees == can(reader.user, patient, Capability.SEE)

        summary = ReaderSummary(told(readers, [fatima.id, jonas.id]))
        assert summary.names == (
            "Maja Andersson (patienten), Birgitta Svensson (god man), Fatima Hassan (anhörig med samtycke) "
            "och Sara Nilsson (Solgläntan)"
        )
        assert summary.mixed == (
            "De läser olika språk: svenska (Maja Andersson, Birgitta Svensson och Sara Nilsson); "
            "arabiska (Fatima Hassan)."
        )
        # Jonas asked for an e-mail but may not see the answer: he is not told.
        assert [r.told for r in summary.readers] == [False, False, True, False, False]
        assert summary.readers[2].notes == ["får e-post när svaret kommer"]


def test_a_patient_without_an_account_has_only_helpers_and_one_language_is_not_mixed(
    app, world, make_patient, make_user, make_mandate
):
    erik = make_patient(world.clinic, name="Erik Johansson")
    lone = make_patient(world.clinic, name="Lina Ek")
    make_mandate(erik, make_user(Role.REPRESENTATIVE, name="Birgitta Svensson", password=False))
    make_mandate(lone, make_user(Role.REPRESENTATIVE, name="Anders Berg"), scopes={Scope.PREPARE_VISITS})
    with app.test_request_context():
        found = readers_of([db.session.get(Patient, erik.id), db.session.get(Patient, lone.id)])
        assert [r.name for r in found[erik.id]] == ["Birgitta Svensson"]
        # Her invitation is not used yet: she will read it once she signs in.
        assert found[erik.id][0].notes == ["har inte loggat in i Lotsen än"]
        summary = ReaderSummary(found[erik.id])
        assert summary.mixed == "" and summary.main.name == "Birgitta Svensson"
        nobody = ReaderSummary(found[lone.id])
        assert nobody.seeing == [] and nobody.main is None and nobody.names == ""


def test_two_queries_however_many_patients_and_helpers(app, world, make_patient, make_user, make_mandate):
    patients = [make_patient(world.clinic, with_login=True) for _ in range(4)]
    for patient in patients:
        for _ in range(3):
            make_mandate(patient, make_user(Role.REPRESENTATIVE, language="ar"))
    with app.test_request_context():
        rows = db.session.scalars(select(Patient).where(Patient.id.in_([p.id for p in patients]))).all()
        found, statements = _count_queries(app, lambda: readers_of(rows))
        assert len(statements) == 2, statements
        assert all(len(found[p.id]) == 4 for p in patients)
        # Each reader's words and form come without another query.
        _words, statements = _count_queries(
            app, lambda: [r.words + r.form for v in found.values() for r in v]
        )
        assert statements == []


def test_who_is_told_is_who_asked_and_may_still_see(app, world, make_user, make_mandate, query):
    """The conversation's readers mark as told exactly those `_tell_writers` e-mails."""
    from app.contact.conversations import answer_readers

    fatima = make_user(Role.REPRESENTATIVE, name="Fatima Hassan", language="ar")
    make_mandate(world.patient, fatima, kind=MandateKind.RELATIVE_CONSENT)
    gone = make_user(Role.REPRESENTATIVE, name="Gammal Hjälpare")
    make_mandate(world.patient, gone, status=MandateStatus.REVOKED)

    def run(session):
        conversation = Conversation(patient_id=world.patient.id, clinic_id=world.clinic.id)
        conversation.messages = [
            ContactMessage(user_id=world.patient_user.id, acting_as="patient", text="Hej"),
            ContactMessage(user_id=gone.id, acting_as="representative", text="Hej", notify=True),
            ContactMessage(user_id=fatima.id, acting_as="representative", text="مرحبا", notify=True),
        ]
        session.add(conversation)
        session.commit()
        return conversation.id

    conversation_id = query(run)
    with app.test_request_context():
        summary = answer_readers(db.session.get(Conversation, conversation_id))
        # Newest writer first: the answer is suggested in Fatima's Arabic.
        assert [(r.name, r.told) for r in summary.readers] == [
            ("Fatima Hassan", True),
            ("Maja Andersson", False),
            ("Birgitta Svensson", False),
            ("Sara Nilsson", False),
        ]
        assert summary.main.form == "ar"
        assert gone.id not in [r.user.id for r in summary.readers]
