"""Before the visit (issue 21, part 3): reminders the day before and on the morning, sent over
real SMTP (aiosmtpd) once each, to the right people, never for a cancelled visit or a visit's old
time, with nothing sensitive in them; each person's choice in Inställningar; the kallelse on the
screen and on paper; "Avboka eller flytta" to the vårdlots' inbox, and its refusals."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from email.header import decode_header, make_header

from PIL import Image
from sqlalchemy import select

from app import notices
from app.extensions import db
from app.models import (
    Clinic,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Photo,
    Scope,
    User,
    Visit,
    VisitReminder,
    utcnow,
)
from app.visits import reminders
from tests.staff.conftest import decode_qr, text
from tests.support.pages import words
from tests.support.people import patient_url
from tests.visits.test_notices import mail_server  # noqa: F401  (a fixture)

from .conftest import LOCAL

VISIT_DAY = 3  # the world's visit is in three days, at 10:30 (tests/visits/conftest.py)


def at_local(days_from_today: int, hour: int, minute: int = 0) -> datetime:
    day = datetime.now(LOCAL).date() + timedelta(days=days_from_today)
    return datetime.combine(day, time(hour, minute), LOCAL)


def run_reminders(app, now: datetime) -> int:
    """What `flask visits remind` does, at a moment the test chooses."""
    with app.test_request_context():
        count = reminders.remind(now)
        db.session.commit()
        notices.send_waiting(limit=100)
    return count


def bodies(server) -> list[tuple[str, str, str]]:
    return [
        (m["To"], str(make_header(decode_header(m["Subject"]))), m.get_payload(decode=True).decode())
        for m in server.messages
    ]


def test_reminders_go_to_the_right_people_once_with_nothing_sensitive(
    app,
    world,
    visits,
    mail_server,  # noqa: F811 (the fixture imported above)
    make_client,
    sign_in,
    query,
):
    mail_server.up()
    # Two days before: nothing is due.
    assert run_reminders(app, at_local(VISIT_DAY - 2, 12)) == 0
    # The day before, but at night: still nothing.
    assert run_reminders(app, at_local(VISIT_DAY - 1, 7)) == 0
    # The day before, from nine: the patient and her group home's manager (on by default); not
    # the god man (off by default for a personal helper).
    assert run_reminders(app, at_local(VISIT_DAY - 1, 9, 5)) == 2
    sent = bodies(mail_server)
    assert sorted(to for to, _s, _b in sent) == sorted([world.patient_user.email, world.home_manager.email])
    for _to, subject, body in sent:
        assert subject == "Påminnelse: ett besök i morgon"
        assert "klockan 10:30" in body
        assert patient_url(world.patient, f"/besok/{visits.visit.public_id}") in body
        for private in ("Hälsokontroll", "Rum 4", "Dina mediciner", world.patient.name, "Maja"):
            assert private not in body and private not in subject
    # Run again (hourly): nothing twice.
    assert run_reminders(app, at_local(VISIT_DAY - 1, 10, 5)) == 0
    assert len(mail_server.messages) == 2

    # The god man turns reminders on in Inställningar; the patient turns them off.
    god_man = make_client()
    sign_in(god_man, world.god_man)
    page = text(god_man.get("/installningar"))
    assert "Påminnelse före besök" in page
    assert god_man.post_form("/installningar/paminnelser", {"visit_reminders": "on"}).status_code == 302
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert patient.post_form("/installningar/paminnelser", {"visit_reminders": "off"}).status_code == 302
    assert "Du får inga påminnelser före besök." in text(patient.get("/installningar"))

    # The morning of the day: the god man and the home, once; not the patient.
    assert run_reminders(app, at_local(VISIT_DAY, 6, 30)) == 2
    assert run_reminders(app, at_local(VISIT_DAY, 7, 30)) == 0
    morning = bodies(mail_server)[2:]
    assert sorted(to for to, _s, _b in morning) == sorted([world.god_man.email, world.home_manager.email])
    for _to, subject, body in morning:
        assert subject == "Påminnelse: ett besök i dag"
        assert "Rum 4" not in body and world.patient.name not in body
    # Once the visit has begun, nothing.
    assert run_reminders(app, at_local(VISIT_DAY, 10, 45)) == 0
    kinds = query(lambda s: sorted((r.user_id, r.kind.value) for r in s.scalars(select(VisitReminder))))
    assert kinds == sorted(
        [
            (world.patient_user.id, "day_before"),
            (world.home_manager.id, "day_before"),
            (world.god_man.id, "morning"),
            (world.home_manager.id, "morning"),
        ]
    )


def test_no_reminder_for_a_cancelled_visit_nor_for_the_old_time_of_a_moved_one(
    app,
    world,
    visits,
    make_visit,
    mail_server,  # noqa: F811 (the fixture imported above)
    query,
):
    mail_server.up()
    cancelled = make_visit(world.patient, visits.type, starts_at=at_local(VISIT_DAY, 14))

    def change(fn):
        def run(session):
            visit = session.scalars(select(Visit).where(Visit.public_id == fn[0])).one()
            fn[1](visit)
            session.commit()

        query(run)

    change((cancelled.public_id, lambda v: setattr(v, "cancelled_at", utcnow())))
    # The other visit only: the patient and the home.
    assert run_reminders(app, at_local(VISIT_DAY - 1, 9, 30)) == 2
    assert len(mail_server.messages) == 2

    # The visit is moved two days on: no morning reminder on its old day …
    change((visits.visit.public_id, lambda v: setattr(v, "starts_at", at_local(VISIT_DAY + 2, 10, 30))))
    assert run_reminders(app, at_local(VISIT_DAY, 7)) == 0
    # … and a new one the day before its new day, with the new day in it.
    assert run_reminders(app, at_local(VISIT_DAY + 1, 9, 30)) == 2
    assert len(mail_server.messages) == 4
    # The morning of the new day: the patient, the home, and the god man now that he asked.
    query(lambda s: (s.get(User, world.god_man.id).__setattr__("visit_reminders", True), s.commit()))
    assert run_reminders(app, at_local(VISIT_DAY + 2, 7)) == 3


def test_a_helper_who_may_not_see_the_visits_gets_no_reminder(
    app,
    world,
    visits,
    make_mandate,
    make_user,
    mail_server,  # noqa: F811 (the fixture imported above)
    query,
):
    from app.models import Role

    mail_server.up()
    helper = make_user(Role.REPRESENTATIVE, name="Per Persson")
    make_mandate(world.patient, helper, scopes={Scope.WRITE_TO_VARDLOTS})
    query(lambda s: (s.get(User, helper.id).__setattr__("visit_reminders", True), s.commit()))
    run_reminders(app, at_local(VISIT_DAY - 1, 9, 30))
    assert helper.email not in {m["To"] for m in mail_server.messages}


def test_the_cli_command_sends_due_reminders(app, mail_server):  # noqa: F811 (the fixture)
    mail_server.up()
    result = app.test_cli_runner().invoke(args=["visits", "remind"])
    assert result.exit_code == 0 and "reminders; e-mails:" in result.output, result.output


def test_bad_reminder_settings_change_nothing(app, world, make_client, sign_in, query):
    patient = make_client()
    sign_in(patient, world.patient_user)
    response = patient.post_form("/installningar/paminnelser", {"visit_reminders": "kanske"})
    assert response.status_code == 200 and "Välj på eller av." in text(response)
    forged = patient.post("/installningar/paminnelser", data={"visit_reminders": "off"})
    assert forged.status_code in (200, 400)
    assert query(lambda s: s.get(User, world.patient_user.id).visit_reminders) is None  # not chosen
    staff = make_client()
    sign_in(staff, world.staff)
    assert staff.post_form("/installningar/paminnelser", {"visit_reminders": "on"}).status_code == 404


# --- the kallelse ---------------------------------------------------------------------------------


def test_the_kallelse_says_when_who_where_and_how_to_cancel(
    app, world, visits, make_client, sign_in, query, give_needs, events
):
    give_needs(world.patient, {"quiet_room": ""})
    query(lambda s: (s.get(Clinic, world.clinic.id).__setattr__("address", "Storgatan 1, Kumla"), s.commit()))
    patient = make_client()
    sign_in(patient, world.patient_user)
    url = patient_url(world.patient, f"/besok/{visits.visit.public_id}/kallelse")
    assert url in text(patient.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}")))
    page = text(patient.get(url))
    assert 'class="calendar-page"' in page and 'class="clock"' in page
    assert "halv elva" in page and "Storgatan 1, Kumla" in page and "Rum 4" in page
    assert "Dina mediciner." in page and "Sjuksköterskan hämtar dig." in page
    assert "Vi har bokat det lugna rummet." in page and "Avboka eller flytta" in page
    assert world.clinic.phone in page
    printed = patient.get(url + "/skriv-ut")
    assert printed.status_code == 200
    assert decode_qr(text(printed)).endswith(f"/besok/{visits.visit.public_id}")
    logged = {e[3] for e in events(patient_id=world.patient.id)}
    assert {"visits.kallelse", "visits.kallelse_print"} <= logged


def test_the_kallelse_of_another_patients_visit_is_not_found(
    app, world, visits, make_client, make_patient, make_visit, sign_in
):
    other = make_patient(world.clinic, with_login=False)
    theirs = make_visit(other, visits.type)
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert patient.get(patient_url(world.patient, f"/besok/{theirs.public_id}/kallelse")).status_code == 404
    assert patient.get(patient_url(world.patient, "/besok/x'--/kallelse/skriv-ut")).status_code == 404


def test_the_admin_uploads_a_photo_of_the_entrance(app, world, make_client, sign_in, query):
    admin = make_client()
    server = app.config["MAIL_SERVER"]
    app.config["MAIL_SERVER"] = ""
    sign_in(admin, world.admin)
    app.config["MAIL_SERVER"] = server
    url = f"/admin/vardcentraler/{world.clinic.public_id}/ingang"
    picture = io.BytesIO()
    Image.new("RGB", (60, 40), "#1d5fa8").save(picture, "PNG")
    picture.seek(0)
    response = admin.post_form(url, {"photo": (picture, "ingang.png")}, content_type="multipart/form-data")
    assert response.status_code == 302
    photo_id = query(lambda s: s.get(Clinic, world.clinic.id).entrance_photo_id)
    assert photo_id is not None
    # Not a picture: an easy error, the photo stays.
    broken = admin.post_form(
        url, {"photo": (io.BytesIO(b"not a picture"), "x.png")}, content_type="multipart/form-data"
    )
    assert broken.status_code == 200 and "Det gick inte att läsa bilden" in text(broken)
    assert query(lambda s: s.get(Clinic, world.clinic.id).entrance_photo_id) == photo_id
    # Removed.
    assert admin.post_form(url, {"go": "remove"}).status_code == 302
    assert query(lambda s: s.get(Clinic, world.clinic.id).entrance_photo_id) is None
    assert query(lambda s: s.get(Photo, photo_id)) is None


# --- Avboka eller flytta --------------------------------------------------------------------------


def change_url(world, visit) -> str:
    return patient_url(world.patient, f"/besok/{visit.public_id}/avboka-eller-flytta")


def requests_about(query, visit) -> list[Conversation]:
    return query(
        lambda s: s.scalars(
            select(Conversation).where(
                Conversation.kind == ConversationKind.VISIT_CHANGE, Conversation.about == visit.public_id
            )
        ).all()
    )


def test_a_helper_asks_to_move_the_visit_and_it_lands_in_the_inbox_once(
    app, world, visits, make_client, sign_in, staff_client, query, events
):
    god_man = make_client()
    sign_in(god_man, world.god_man)
    visit_page = patient_url(world.patient, f"/besok/{visits.visit.public_id}")
    assert change_url(world, visits.visit) in text(god_man.get(visit_page))
    form = text(god_man.get(change_url(world, visits.visit)))
    assert "Sjuk" in form and "Ingen kan följa med" in form
    # Nothing chosen: an easy error, nothing sent.
    empty = god_man.post_form(change_url(world, visits.visit), {"why": ["ill"]})
    assert empty.status_code == 200 and "Välj Avboka eller Flytta." in text(empty)
    # A forged form (no CSRF token): refused, nothing sent.
    forged = god_man.post(change_url(world, visits.visit), data={"what": "move", "why": ["ill"]})
    assert forged.status_code in (200, 400)
    assert requests_about(query, visits.visit) == []
    sent = god_man.post_form(
        change_url(world, visits.visit), {"what": "move", "why": ["companion"], "text": "Efter klockan 13."}
    )
    assert sent.status_code == 302
    (conversation,) = requests_about(query, visits.visit)
    assert conversation.status is ConversationStatus.OPEN
    assert sent.location.endswith("#avboka-eller-flytta")
    page = words(god_man.get(visit_page))
    # One state, in words: what was asked and why; no second "Tack!" box beside it.
    assert "Du har bett vårdlotsen att flytta besöket." in page and "Varför: Ingen kan följa med." in page
    assert "Tack!" not in page and page.count("Vårdlotsen hör av sig.") == 1
    assert "Besöket är i morgon." not in page  # three days ahead: no need to ring
    # A second request while one is open: refused in words, nothing new.
    again = god_man.post_form(change_url(world, visits.visit), {"what": "cancel", "why": ["ill"]})
    assert again.status_code == 302
    assert "Inget nytt är skickat." in text(god_man.get(visit_page))
    assert len(requests_about(query, visits.visit)) == 1
    # The vårdlots sees it in the inbox, in words, with the visit.
    inbox = text(staff_client.get("/personal/inkorg"))
    assert "Avboka eller flytta" in inbox
    opened = text(
        staff_client.get(f"/personal/patienter/{world.patient.public_id}/samtal/{conversation.public_id}")
    )
    assert "Flytta till en annan tid besöket" in opened and "Ingen kan följa med" in opened
    assert "Efter klockan 13." in opened
    logged = [e for e in events(patient_id=world.patient.id) if e[3] == "visit_change.request"]
    assert len(logged) == 1 and logged[0][0] == world.god_man.id


def test_refusals_another_patients_visit_and_a_helper_without_the_right(
    app, world, visits, make_client, make_patient, make_visit, make_mandate, make_user, sign_in, query
):
    from app.models import Role

    other = make_patient(world.clinic, with_login=False)
    theirs = make_visit(other, visits.type)
    patient = make_client()
    sign_in(patient, world.patient_user)
    url = patient_url(world.patient, f"/besok/{theirs.public_id}/avboka-eller-flytta")
    assert patient.get(url).status_code == 404
    assert patient.post_form(url, {"what": "cancel"}).status_code == 404
    assert requests_about(query, theirs) == []

    watcher = make_user(Role.REPRESENTATIVE, name="Sven Svensson")
    make_mandate(world.patient, watcher, scopes={Scope.SEE})
    helper = make_client()
    sign_in(helper, watcher)
    visit_page = text(helper.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}")))
    assert change_url(world, visits.visit) not in visit_page
    refused = helper.post_form(change_url(world, visits.visit), {"what": "cancel", "why": ["ill"]})
    assert refused.status_code == 403
    assert requests_about(query, visits.visit) == []


def test_a_cancelled_visit_cannot_be_asked_about(app, world, visits, make_client, sign_in, query):
    def cancel(session):
        session.scalars(select(Visit).where(Visit.id == visits.visit.id)).one().cancelled_at = utcnow()
        session.commit()

    query(cancel)
    patient = make_client()
    sign_in(patient, world.patient_user)
    response = patient.post_form(change_url(world, visits.visit), {"what": "cancel", "why": ["ill"]})
    assert response.status_code == 302
    assert requests_about(query, visits.visit) == []


def test_the_group_homes_staff_get_reminders_by_default_until_they_leave(
    app,
    world,
    visits,
    make_user,
    make_home_member,
    mail_server,  # noqa: F811 (the fixture imported above)
    query,
):
    from app.models import Role

    mail_server.up()
    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_home_member(world.home, jonas)
    former = make_user(Role.REPRESENTATIVE, name="Pia Berg")
    make_home_member(world.home, former, ended=True)
    # Maja, the home's manager and Jonas; not Pia, who has left the home.
    assert run_reminders(app, at_local(VISIT_DAY - 1, 9, 30)) == 3
    assert {m["To"] for m in mail_server.messages} == {
        world.patient_user.email,
        world.home_manager.email,
        jonas.email,
    }
    # Jonas turns them off: none for him on the morning.
    query(lambda s: (s.get(User, jonas.id).__setattr__("visit_reminders", False), s.commit()))
    assert run_reminders(app, at_local(VISIT_DAY, 7)) == 2
    assert jonas.email not in {m["To"] for m in mail_server.messages[3:]}
