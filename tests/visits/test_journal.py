"""Kopiera till journalen: a visit with its preparation, and the needs profile, as plain Swedish
notes with the journal's headings and who wrote what, to copy or download, each logged as an
export; for the clinic's staff only."""

from __future__ import annotations

from sqlalchemy import select

from app.models import AccessEvent, NeedRevision, Preparation, PreparationStatus, User, utcnow
from tests.staff.conftest import text
from tests.support.pages import words

from .conftest import local_at


def _prepared_visit(world, make_visit_type, make_visit, query):
    kind = make_visit_type(world.clinic, name="Läkarbesök")
    visit = make_visit(world.patient, kind, starts_at=local_at(1, 9), staff_user=world.staff, room="Rum 2")

    def add(session):
        session.add(
            NeedRevision(
                patient_id=world.patient.id,
                number=1,
                needs={"pictures": "", "wheelchair": "Elrullstol.", "epilepsy": "Anfall en gång i månaden."},
                sections={"calm": "Jag blir lugn av musik."},
                acting_as="patient",
                user_id=world.patient_user.id,
            )
        )
        session.add(
            Preparation(
                patient_id=world.patient.id,
                visit_id=visit.id,
                status=PreparationStatus.SUBMITTED,
                submitted_at=utcnow(),
                submitted_by_id=world.god_man.id,
                submitted_acting_as="representative",
                submitted_mandate_id=world.mandate.id,
                answered_by="together",
                answers={
                    "varfor": {"choices": ["pain"], "text": "Ont i magen."},
                    "ont": {"choice": "yes"},
                    "var": {"choices": ["stomach"], "text": ""},
                    "hur": {"choice": "5"},
                    "fragor": {"choices": ["what_wrong"], "text": "Kan hon äta som vanligt?"},
                },
            )
        )
        session.commit()

    query(add)
    return visit


def test_a_visit_note_has_the_journals_headings_in_order_and_says_who_told_us(
    staff_client, world, make_visit_type, make_visit, query
):
    visit = _prepared_visit(world, make_visit_type, make_visit, query)
    base = f"/personal/patienter/{world.patient.public_id}/besok/{visit.public_id}"
    assert "Kopiera till journalen" in text(staff_client.get(base))
    page = staff_client.get(base + "/journal")
    assert page.status_code == 200
    note = words(page)
    headings = [
        "Kontaktorsak:",
        "Aktuellt enligt företrädare:",
        "Anpassningar:",
        "Kommunikation:",
        "Planering:",
    ]
    assert [note.index(h) for h in headings] == sorted(note.index(h) for h in headings)
    assert "Jag har ont. Ont i magen." in note
    assert "Så ont att jag inte står ut" in note  # the worst pain, first among what to know
    assert note.index("Så ont att jag inte står ut") < note.index("Jag har epilepsi") < note.index("rullstol")
    assert "Vill fråga: Vad är det för fel? Kan hon äta som vanligt?" in note
    assert f"av {world.god_man.name} (god man) i Lotsen" in note
    assert "svarade tillsammans" in note
    assert "Bilder som stöd" in note[note.index("Kommunikation:") :]
    assert "Rum 2" in note[note.index("Planering:") :]
    assert "Hämtat" in note and "(vårdlots)" in note


def test_the_note_downloads_as_text_and_every_copy_or_download_is_an_export(
    staff_client, world, make_visit_type, make_visit, query, events
):
    visit = _prepared_visit(world, make_visit_type, make_visit, query)
    base = f"/personal/patienter/{world.patient.public_id}/besok/{visit.public_id}"
    staff_client.get(base + "/journal")
    download = staff_client.get(base + "/journal.txt")
    assert download.status_code == 200 and download.mimetype == "text/plain"
    assert download.headers["Content-Disposition"].startswith('attachment; filename="besok-')
    body = download.get_data(as_text=True)
    assert body.startswith("Lotsen: Läkarbesök") and "\nKontaktorsak:\n" in body
    exported = [
        (world.staff.id, world.patient.id, "export", kind, visit.public_id)
        for kind in ("visits_staff.visit_journal", "visits_staff.visit_journal_download")
    ]
    assert events(action="export") == exported


def test_the_note_is_in_swedish_whatever_language_staff_read(
    staff_client, world, make_visit_type, make_visit, query
):
    visit = _prepared_visit(world, make_visit_type, make_visit, query)
    query(lambda s: (s.get(User, world.staff.id).__setattr__("language", "en"), s.commit()))
    base = f"/personal/patienter/{world.patient.public_id}/besok/{visit.public_id}"
    assert "Copy to the record" in text(staff_client.get(base))  # the page is in English
    body = staff_client.get(base + "/journal.txt").get_data(as_text=True)
    assert "Kontaktorsak:" in body and "Jag har epilepsi" in body and "(vårdlots)" in body


def test_the_needs_profile_as_a_note(staff_client, world, make_visit_type, make_visit, query, events):
    _prepared_visit(world, make_visit_type, make_visit, query)
    card = f"/personal/patienter/{world.patient.public_id}"
    assert f"{card}/anpassningar/journal" in text(staff_client.get(card))
    note = words(staff_client.get(f"{card}/anpassningar/journal"))
    assert note.index("Jag har epilepsi: Anfall en gång i månaden.") < note.index("Jag använder rullstol")
    assert "Jag blir lugn av musik." in note
    assert "Senast ändrat" in note and "(version 1)" in note
    body = staff_client.get(f"{card}/anpassningar/journal.txt").get_data(as_text=True)
    assert "\nAnpassningar:\n- Jag har epilepsi" in body
    assert [e[3] for e in events(action="export")] == [
        "needs_staff.journal_text",
        "needs_staff.journal_text_download",
    ]


def test_only_the_clinics_staff_get_the_notes(
    client, make_client, world, make_visit_type, make_visit, query, sign_in
):
    visit = _prepared_visit(world, make_visit_type, make_visit, query)
    base = f"/personal/patienter/{world.patient.public_id}"
    paths = [
        f"{base}/besok/{visit.public_id}/journal",
        f"{base}/besok/{visit.public_id}/journal.txt",
        f"{base}/anpassningar/journal",
        f"{base}/anpassningar/journal.txt",
    ]
    sign_in(client, world.other_staff)
    assert [client.get(path).status_code for path in paths] == [404] * 4
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert [patient.get(path).status_code for path in paths] == [403] * 4
    assert query(lambda s: s.scalars(select(AccessEvent).where(AccessEvent.action == "export")).all()) == []


def test_a_conversation_and_a_callback_as_notes_in_time_order_with_who_wrote(
    staff_client, world, query, events
):
    from datetime import timedelta

    from app.models import (
        CallAttempt,
        CallbackRequest,
        CallOutcome,
        ContactMessage,
        Conversation,
        StaffMember,
    )

    def add(session):
        member = session.scalar(select(StaffMember).where(StaffMember.user_id == world.staff.id))
        start = utcnow() - timedelta(days=1)
        conversation = Conversation(patient_id=world.patient.id, clinic_id=world.clinic.id, created_at=start)
        conversation.messages = [
            ContactMessage(
                user_id=world.god_man.id,
                acting_as="representative",
                mandate_id=world.mandate.id,
                phrases=["medicine"],
                text="Tabletterna tar slut på fredag.",
                created_at=start,
            ),
            ContactMessage(
                user_id=world.staff.id,
                acting_as="staff",
                from_staff=True,
                text="Vi skriver ett nytt recept i dag.",
                created_at=start + timedelta(hours=2),
            ),
        ]
        callback = CallbackRequest(
            patient_id=world.patient.id,
            clinic_id=world.clinic.id,
            user_id=world.patient_user.id,
            acting_as="patient",
            whom="patient",
            phone="0701234567",
            days=["tue"],
            times=["morning"],
            topics=["time"],
            text="Ring före tio.",
            created_at=start,
        )
        callback.attempts = [
            CallAttempt(
                staff_member_id=member.id, outcome=CallOutcome.NO_ANSWER, at=start + timedelta(hours=1)
            ),
            CallAttempt(
                staff_member_id=member.id,
                outcome=CallOutcome.REACHED,
                note="Tid bokad.",
                at=start + timedelta(hours=3),
            ),
        ]
        session.add_all([conversation, callback])
        session.commit()
        return conversation.public_id, callback.public_id

    conversation_id, callback_id = query(add)
    base = f"/personal/patienter/{world.patient.public_id}"
    assert "Kopiera till journalen" in text(staff_client.get(f"{base}/samtal/{conversation_id}"))
    note = words(staff_client.get(f"{base}/samtal/{conversation_id}/journal"))
    assert "Kontaktorsak: En fråga om min medicin." in note
    assert f"{world.god_man.name} (god man): En fråga om min medicin. Tabletterna tar slut på fredag." in note
    assert note.index("Tabletterna") < note.index("Svar från vårdcentralen:") < note.index("nytt recept")
    assert f"{world.staff.name} (vårdlots): Vi skriver ett nytt recept i dag." in note

    assert "Kopiera till journalen" in text(staff_client.get(f"{base}/ring-upp/{callback_id}"))
    call = staff_client.get(f"{base}/ring-upp/{callback_id}/journal.txt").get_data(as_text=True)
    assert "Kontaktorsak:\nJag vill ha en tid.\n" in call
    assert (
        "(patienten): Ring före tio." in call
        and "Telefon 0701234567. Passar: Tisdag, På förmiddagen." in call
    )
    assert call.index("Inget svar.") < call.index("Fick tag på personen. Tid bokad.")
    assert [e[3] for e in events(action="export")] == [
        "contact_staff.conversation_journal",
        "contact_staff.callback_journal_download",
    ]
