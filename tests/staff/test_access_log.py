"""The clinic's access log: what it shows, its filters, its pages, and spot checks."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape as html_unescape

import pytest
from sqlalchemy import func, select, update
from sqlalchemy import text as text_sql

from app.core.audit import AppendOnlyError
from app.models import AccessAction, AccessEvent, SpotCheck

from .conftest import text


@pytest.fixture
def add_event(app, query):
    """Write an access event straight into the log (as other parts of the app would)."""

    def add(
        *,
        user,
        patient=None,
        clinic,
        at=None,
        action=AccessAction.READ,
        object_type="staff.patient",
        acting_as="staff",
        mandate=None,
    ) -> int:
        def run(session):
            event = AccessEvent(
                at=at or datetime.now(UTC),
                user_id=user.id,
                acting_as=acting_as,
                mandate_id=mandate.id if mandate else None,
                patient_id=patient.id if patient else None,
                clinic_id=clinic.id,
                action=action,
                object_type=object_type,
            )
            session.add(event)
            session.commit()
            return event.id

        return query(run)

    return add


def _checks(query, event_id):
    return query(lambda s: s.scalars(select(SpotCheck).where(SpotCheck.event_id == event_id)).all())


def test_log_shows_only_this_clinics_events(staff_client, world, make_patient, add_event):
    other_patient = make_patient(world.other_clinic, name="Otto Annan")
    add_event(
        user=world.god_man,
        patient=world.patient,
        clinic=world.clinic,
        acting_as="representative",
        mandate=world.mandate,
        object_type="patient.home",
    )
    add_event(user=world.other_staff, patient=other_patient, clinic=world.other_clinic)
    page = staff_client.get("/personal/logg")
    assert page.status_code == 200
    html = text(page)
    assert "Birgitta Svensson (god man)" in html
    assert "Företrädare" in html and "Patientens startsida" in html and "Läste" in html
    assert "Maja Andersson" in html
    assert "Otto Annan" not in html and world.other_staff.name not in html
    assert "<caption>" in html


def test_log_is_newest_first_and_paginated(staff_client, world, add_event):
    start = datetime(2025, 1, 1, 12, tzinfo=UTC)  # 13:00 in Stockholm (winter time)
    for n in range(55):
        add_event(
            user=world.staff, patient=world.patient, clinic=world.clinic, at=start + timedelta(minutes=n)
        )
    first = text(staff_client.get("/personal/logg"))
    assert "Äldre händelser" in first and "Nyare händelser" not in first
    assert first.index("2025-01-01 13:54") < first.index("2025-01-01 13:53")
    assert "2025-01-01 13:04" not in first
    # Reading the first page wrote a read of Maja at the top of the log; the next page is still
    # the one that follows what was shown.
    older = html_unescape(re.search(r'href="([^"]*sida=2[^"]*)"', first)[1])
    second = text(staff_client.get(older))
    assert "2025-01-01 13:04:00" in second and "2025-01-01 13:00:00" in second
    assert "2025-01-01 13:05:00" not in second
    assert "Nyare händelser" in second
    newer = html_unescape(re.search(r'href="([^"]*sida=1[^"]*)"', second)[1])
    assert "2025-01-01 13:54:00" in text(staff_client.get(newer))
    for bad in ["x", "-3", "0", "99999999999999999999999"]:
        assert staff_client.get(f"/personal/logg?sida={bad}").status_code == 200
        assert staff_client.get(f"/personal/logg?upto={bad}").status_code == 200


def test_log_times_are_shown_in_swedish_time(staff_client, world, add_event):
    add_event(
        user=world.staff,
        patient=world.patient,
        clinic=world.clinic,
        at=datetime(2025, 7, 1, 10, 0, tzinfo=UTC),
    )
    assert "2025-07-01 12:00:00" in text(staff_client.get("/personal/logg"))


def test_filter_by_patient_and_user(staff_client, world, make_patient, add_event):
    other = make_patient(world.clinic, name="Per Persson")
    add_event(
        user=world.god_man,
        patient=world.patient,
        clinic=world.clinic,
        acting_as="representative",
        mandate=world.mandate,
        object_type="patient.home",
    )
    add_event(user=world.staff, patient=other, clinic=world.clinic, object_type="patient")
    by_patient = text(staff_client.get(f"/personal/logg?patient={other.public_id}"))
    assert "Per Persson</a>" in by_patient and "Maja Andersson</a>" not in by_patient
    by_user = text(staff_client.get(f"/personal/logg?user={world.god_man.public_id}"))
    assert "Maja Andersson</a>" in by_user and "Per Persson</a>" not in by_user
    both = text(staff_client.get(f"/personal/logg?user={world.god_man.public_id}&patient={other.public_id}"))
    assert "Inga händelser." in both


def test_filter_choices_belong_to_this_clinic(staff_client, world, make_patient):
    make_patient(world.other_clinic, name="Otto Annan")
    html = text(staff_client.get("/personal/logg"))
    assert "Maja Andersson (" in html and "Otto Annan" not in html
    assert world.god_man.email in html and world.staff.email in html
    assert world.other_staff.email not in html


def test_filter_by_dates_in_swedish_time(staff_client, world, add_event):
    # 23:30 UTC on 31 May is 01:30 on 1 June in Stockholm.
    add_event(
        user=world.staff,
        patient=world.patient,
        clinic=world.clinic,
        at=datetime(2025, 5, 31, 23, 30, tzinfo=UTC),
        object_type="patient",
    )
    add_event(
        user=world.staff,
        patient=world.patient,
        clinic=world.clinic,
        at=datetime(2025, 5, 30, 12, 0, tzinfo=UTC),
        object_type="patient.home",
    )
    june = text(staff_client.get("/personal/logg?date_from=2025-06-01&date_to=2025-06-01"))
    assert "2025-06-01 01:30:00" in june and "Patientens startsida" not in june
    may = text(staff_client.get("/personal/logg?date_from=2025-05-01&date_to=2025-05-31"))
    assert "2025-05-30 14:00:00" in may and "2025-06-01 01:30:00" not in may
    since = text(staff_client.get("/personal/logg?date_from=2025-05-31"))
    assert "2025-06-01 01:30:00" in since and "2025-05-30" not in since


@pytest.mark.parametrize(
    "args, message",
    [
        ("date_from=2025-13-45", "Skriv datumet som år-månad-dag"),
        ("date_to=igår", "Skriv datumet som år-månad-dag"),
        ("date_from=0001-01-01", "Skriv ett datum mellan år 2000 och 2099."),
        ("date_to=9999-12-31", "Skriv ett datum mellan år 2000 och 2099."),
        ("date_from=2025-06-02&date_to=2025-06-01", "Slutdatumet är före startdatumet."),
        ("patient=finns-inte", "Välj en patient i listan."),
        ("user=" + "x" * 5000, "Välj en person i listan."),
    ],
)
def test_bad_filters_are_field_errors(staff_client, world, add_event, args, message):
    add_event(user=world.staff, patient=world.patient, clinic=world.clinic)
    page = staff_client.get(f"/personal/logg?{args}")
    assert page.status_code == 200
    html = text(page)
    assert message in html and "<title>Fel:" in html
    assert "Rätta filtret för att se loggen." in html
    assert "Maja Andersson</a>" not in html


def test_another_clinics_patient_or_user_is_not_a_filter(staff_client, world, make_patient, add_event):
    other = make_patient(world.other_clinic)
    add_event(user=world.other_staff, patient=other, clinic=world.other_clinic)
    page = text(staff_client.get(f"/personal/logg?patient={other.public_id}"))
    assert "Välj en patient i listan." in page
    page = text(staff_client.get(f"/personal/logg?user={world.other_staff.public_id}"))
    assert "Välj en person i listan." in page


def test_reading_the_log_is_a_read_of_each_patient_on_the_page(
    staff_client, world, add_event, make_patient, query
):
    """Who read whose data, when, is itself about those patients: the page logs a read for each
    patient whose events it shows, and nothing when it shows none."""
    other = make_patient(world.clinic, name="Per Persson")
    add_event(user=world.staff, patient=world.patient, clinic=world.clinic)
    add_event(user=world.staff, patient=other, clinic=world.clinic)
    add_event(user=world.staff, clinic=world.clinic, object_type="answer_template")

    def reads(session):
        return sorted(
            session.execute(
                select(AccessEvent.patient_id).where(AccessEvent.object_type == "staff.access_log")
            ).scalars()
        )

    staff_client.get("/personal/logg")
    assert query(reads) == sorted([world.patient.id, other.id])
    staff_client.get(f"/personal/logg?patient={world.patient.public_id}")
    assert query(reads) == sorted([world.patient.id, world.patient.id, other.id])
    staff_client.get("/personal/logg?date_from=2001-01-01&date_to=2001-01-01")
    staff_client.get("/personal/logg?date_from=2025-13-45")  # an error: the log is not shown
    assert len(query(reads)) == 3


def test_a_spot_check_page_is_a_read_of_the_events_patient(staff_client, world, add_event, query, colleague):
    event_id = add_event(
        user=world.god_man,
        patient=world.patient,
        clinic=world.clinic,
        acting_as="representative",
        mandate=world.mandate,
    )
    without = add_event(user=colleague, clinic=world.clinic, object_type="answer_template")

    def reads(session):
        return session.execute(
            select(AccessEvent.patient_id, AccessEvent.user_id).where(
                AccessEvent.object_type == "staff.spot_check"
            )
        ).all()

    staff_client.get(f"/personal/logg/{event_id}/kontroll")
    staff_client.post_form(f"/personal/logg/{event_id}/kontroll", {"note": ""})  # shown again
    staff_client.get(f"/personal/logg/{without}/kontroll")
    assert query(reads) == [(world.patient.id, world.staff.id)] * 2
    staff_client.post_form(f"/personal/logg/{event_id}/kontroll", {"note": "Befogad."})
    assert len(query(reads)) == 2  # saving the check shows no patient data


def test_spot_check(staff_client, world, add_event, member, query):
    event_id = add_event(
        user=world.god_man,
        patient=world.patient,
        clinic=world.clinic,
        acting_as="representative",
        mandate=world.mandate,
    )
    back = "/personal/logg?patient=" + world.patient.public_id
    page = staff_client.get(f"/personal/logg/{event_id}/kontroll", query_string={"next": back})
    assert page.status_code == 200 and "Birgitta Svensson (god man)" in text(page)
    before = query(lambda s: s.get(AccessEvent, event_id))
    response = staff_client.post_form(
        f"/personal/logg/{event_id}/kontroll?next={back.replace('?', '%3F').replace('=', '%3D')}",
        {"note": "Godman förberedde besöket. OK."},
    )
    assert response.status_code == 302 and response.location.endswith(back)
    checks = _checks(query, event_id)
    assert len(checks) == 1
    assert checks[0].note == "Godman förberedde besöket. OK."
    assert checks[0].checked_by_id == member(world.staff).id
    after = query(lambda s: s.get(AccessEvent, event_id))
    assert (after.at, after.object_type, after.user_id) == (before.at, before.object_type, before.user_id)
    log = text(staff_client.get(response.location))
    assert "Kontrollen är sparad." in log and "Godman förberedde besöket. OK." in log


def test_spot_check_goes_back_only_to_the_log(staff_client, world, add_event, colleague):
    event_id = add_event(user=colleague, patient=world.patient, clinic=world.clinic)
    for target in ["https://ond.example/", "//ond.example/", "/min-sida/"]:
        response = staff_client.post_form(
            f"/personal/logg/{event_id}/kontroll", {"note": "ok", "next": target}
        )
        assert response.status_code == 302
        assert response.location.endswith("/personal/logg")


def test_spot_check_needs_a_note_of_at_most_2000_characters(staff_client, world, add_event, query, colleague):
    event_id = add_event(user=colleague, patient=world.patient, clinic=world.clinic)
    for note, message in [
        ("", "Skriv vad du kontrollerade."),
        ("x" * 2001, "Texten är för lång. Skriv högst 2000 tecken."),
        ("x" * 100_000, "Texten är för lång. Skriv högst 2000 tecken."),
        ("a\x00b", "tecken som inte går att spara"),
    ]:
        page = staff_client.post_form(f"/personal/logg/{event_id}/kontroll", {"note": note})
        assert page.status_code == 200 and message in text(page)
    assert _checks(query, event_id) == []
    assert (
        staff_client.post_form(f"/personal/logg/{event_id}/kontroll", {"note": "x" * 2000}).status_code == 302
    )


def test_spot_check_on_another_clinics_event_is_404(staff_client, world, make_patient, add_event, query):
    other = make_patient(world.other_clinic)
    event_id = add_event(user=world.other_staff, patient=other, clinic=world.other_clinic)
    assert staff_client.get(f"/personal/logg/{event_id}/kontroll").status_code == 404
    response = staff_client.post_form(f"/personal/logg/{event_id}/kontroll", {"note": "ok"})
    assert response.status_code == 404
    assert _checks(query, event_id) == []
    for bad in ["999999", "0", "-1", "abc", "99999999999999999999999999"]:
        assert staff_client.get(f"/personal/logg/{bad}/kontroll").status_code == 404


def test_access_events_cannot_be_changed(world, add_event, query):
    event_id = add_event(user=world.staff, patient=world.patient, clinic=world.clinic)

    def change(session):
        session.get(AccessEvent, event_id).object_type = "changed"
        session.commit()

    with pytest.raises(AppendOnlyError):
        query(change)
    with pytest.raises(AppendOnlyError):
        query(lambda s: s.execute(update(AccessEvent).values(object_type="changed")))


def test_record_patients_writes_one_row_per_patient_in_one_insert(app, world, make_patient, query):
    """A page about many patients logs a read for each of them, with one multi-row INSERT in
    the request's transaction (nothing is committed by the log itself)."""
    from sqlalchemy import event as sa_event

    from app.core import audit
    from app.extensions import db
    from app.models import Clinic, User

    others = [make_patient(world.clinic) for _ in range(3)]
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO ACCESS_EVENTS"):
            statements.append(statement)

    with app.app_context():
        user, clinic = db.session.get(User, world.staff.id), db.session.get(Clinic, world.clinic.id)
        sa_event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert audit.record_patients(user, clinic, [], AccessAction.READ, "x.empty") == 0
            written = audit.record_patients(
                user, clinic, [world.patient.id, *others, others[0]], AccessAction.READ, "staff.patients"
            )
            db.session.rollback()  # not committed by record_patients: gone with the request
            assert (
                query(
                    lambda s: s.scalar(
                        select(func.count())
                        .select_from(AccessEvent)
                        .where(AccessEvent.object_type == "staff.patients")
                    )
                )
                == 0
            )
            audit.record_patients(user, clinic, [world.patient, *others], AccessAction.READ, "staff.patients")
            db.session.commit()
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", count)
    assert written == 4 and len(statements) == 2
    rows = query(
        lambda s: s.execute(
            select(
                AccessEvent.patient_id,
                AccessEvent.user_id,
                AccessEvent.acting_as,
                AccessEvent.clinic_id,
                AccessEvent.action,
            ).where(AccessEvent.object_type == "staff.patients")
        ).all()
    )
    assert sorted(r.patient_id for r in rows) == sorted([world.patient.id, *(p.id for p in others)])
    assert {(r.user_id, r.acting_as, r.clinic_id, r.action) for r in rows} == {
        (world.staff.id, "staff", world.clinic.id, AccessAction.READ)
    }


# --- words for every event -------------------------------------------------------------------

CELL = re.compile(r"<td>([^<]*)</td>")


def test_the_log_says_every_logged_object_in_words(staff_client, world, add_event):
    """Every object the log can name has staff words, and the log shows them: never a raw
    endpoint name such as visits_staff.visit_new or contact_staff.inbox."""
    from app.core.audit_words import LOGGED, staff_object

    for object_type in LOGGED:
        add_event(user=world.staff, patient=world.patient, clinic=world.clinic, object_type=object_type)
    cells, address = [], "/personal/logg"
    while address:
        html = text(staff_client.get(address))
        cells += CELL.findall(html)
        older = re.search(r'href="([^"]*)"[^>]*>(?:<[^>]*>)*<span>Äldre händelser', html)
        address = html_unescape(older.group(1)) if older else None
    raw = sorted(set(cells) & set(LOGGED))
    assert not raw, f"raw names in the staff log: {raw}"
    shown = set(cells)
    assert {staff_object(object_type) for object_type in LOGGED} <= shown
    for words in ("Nytt besök", "Inkorgen", "Vårdpass, utskriftsversion", "Patientkortet"):
        assert words in shown


def test_an_event_from_before_the_registry_is_not_shown_raw(staff_client, world, query):
    """Rows written before every object had words (straight SQL here: the app cannot write such
    a row any more) read as "Övriga uppgifter", not as their raw name."""

    def run(session):
        session.execute(
            text_sql(
                "INSERT INTO access_events (at, user_id, acting_as, patient_id, clinic_id, action, "
                "object_type, object_id) VALUES (:at, :user, 'staff', :patient, :clinic, 'read', "
                "'old.endpoint_name', '')"
            ),
            {
                "at": datetime.now(UTC),
                "user": world.staff.id,
                "patient": world.patient.id,
                "clinic": world.clinic.id,
            },
        )
        session.commit()

    query(run)
    html = text(staff_client.get("/personal/logg"))
    assert "Övriga uppgifter" in html and "old.endpoint_name" not in html


def test_the_spot_check_page_says_the_object_in_words(staff_client, world, add_event, colleague):
    event_id = add_event(
        user=colleague, patient=world.patient, clinic=world.clinic, object_type="visits_staff.visit_new"
    )
    html = text(staff_client.get(f"/personal/logg/{event_id}/kontroll"))
    assert "Nytt besök" in html and "visits_staff.visit_new" not in html


def test_a_print_version_is_a_read_in_the_staff_log(staff_client, world, give_needs, events):
    give_needs(world.patient, {"quiet_room": ""})
    page = staff_client.get(f"/personal/patienter/{world.patient.public_id}/anpassningar/vardpass/utskrift")
    assert page.status_code == 200
    assert events(patient_id=world.patient.id, object_type="needs_staff.passport_print") == [
        (world.staff.id, world.patient.id, "read", "needs_staff.passport_print", "1")
    ]
    assert not events(action=AccessAction.PRINT)
    html = text(staff_client.get("/personal/logg"))
    assert "Läste" in html and "Vårdpass, utskriftsversion" in html and "Skrev ut" not in html
