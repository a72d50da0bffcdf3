"""The staff's patient card: coming and past visits apart, the contact history in time order, and
the care team's note (staff only, logged, with its history)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.models import (
    CallAttempt,
    CallbackRequest,
    CallOutcome,
    ContactMessage,
    Conversation,
    Preparation,
    PreparationStatus,
    StaffMember,
    StaffNote,
    Visit,
    VisitRequest,
    VisitType,
    utcnow,
)
from tests.support.pages import words

from .conftest import text


def card(world, rest: str = "") -> str:
    return f"/personal/patienter/{world.patient.public_id}{rest}"


def section(html: str, heading_id: str) -> str:
    """The part of the card from one heading to the next heading of its level or higher."""
    start = html.index(f'id="{heading_id}"')
    level = html[html.rindex("<h", 0, start) + 2]
    stops = [html.find(f"<h{n}", start) for n in range(2, int(level) + 1)]
    stops = [stop for stop in stops if stop > 0]
    return html[start : min(stops) if stops else len(html)]


def staff_id(session, world) -> int:
    return session.scalar(select(StaffMember.id).where(StaffMember.user_id == world.staff.id))


# --- visits -------------------------------------------------------------------------------------


@pytest.fixture
def add_visits(world, query):
    """Visits for the patient, `days` from now (negative: past), with a name each."""

    def add(*specs: tuple[float, str, bool]) -> None:
        def run(session):
            kinds = {}
            now = utcnow()
            for days, name, cancelled in specs:
                if name not in kinds:
                    kinds[name] = VisitType(clinic_id=world.clinic.id, name=name, pictogram="stethoscope")
                session.add(
                    Visit(
                        patient_id=world.patient.id,
                        clinic_id=world.clinic.id,
                        visit_type=kinds[name],
                        starts_at=now + timedelta(days=days),
                        minutes=30,
                        cancelled_at=now if cancelled else None,
                    )
                )
            session.commit()

        query(run)

    return add


def names_in(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


def test_coming_visits_soonest_first_and_past_ones_newest_first_cancelled_marked(
    staff_client, world, add_visits
):
    add_visits(
        (10, "Om tio dagar", False),
        (2, "Om två dagar", True),
        (-1, "I går", False),
        (-30, "För en månad sedan", True),
        (-5, "För fem dagar sedan", False),
        (-10 / (24 * 60), "Pågår nu", False),  # began ten minutes ago, lasts thirty
    )
    html = text(staff_client.get(card(world)))
    coming, past = section(html, "kommande-besok"), section(html, "tidigare-besok")
    assert names_in(coming) == ["Pågår nu", "Om två dagar", "Om tio dagar"]
    assert names_in(past) == ["I går", "För fem dagar sedan", "För en månad sedan"]
    # Cancelled visits stay in their list, marked.
    assert coming.count("Inställt") == 1 and re.search(
        r"Om två dagar</a> <span class=\"status status-ended\">Inställt", coming
    )
    assert past.count("Inställt") == 1 and "En månad" not in past
    assert "Visa alla" not in past  # three past visits fit


def test_past_visits_are_limited_and_all_can_be_shown(staff_client, world, add_visits):
    add_visits(*[(-day, f"Besök {day:02d}", False) for day in range(1, 9)], (3, "Kommande", False))
    past = section(text(staff_client.get(card(world))), "tidigare-besok")
    assert names_in(past) == [f"Besök {day:02d}" for day in range(1, 6)]
    assert "Visa alla 8 tidigare besök" in past
    everything = section(text(staff_client.get(card(world, "?tidigare=alla"))), "tidigare-besok")
    assert names_in(everything) == [f"Besök {day:02d}" for day in range(1, 9)]
    assert "Visa alla" not in everything and "Visa bara de senaste" in everything


def test_no_visits_says_so(staff_client, world):
    html = text(staff_client.get(card(world)))
    assert "Inga kommande besök." in section(html, "kommande-besok")
    assert "Inga tidigare besök." in section(html, "tidigare-besok")
    assert "Ingen kontakt i Lotsen än." in section(html, "kontakthistorik")


# --- the contact history ------------------------------------------------------------------------


def add_history(session, world, *, hours_ago: float, copies: int = 1) -> None:
    """One of each kind of contact, `hours_ago` (and further back, one hour per copy), in this
    time order, oldest first: a message, a callback, a sent preparation, the team's answer, a
    call attempt, a visit request."""
    member = session.get(StaffMember, staff_id(session, world))
    for n in range(copies):
        base = utcnow() - timedelta(hours=hours_ago + n * 10)

        def at(minutes: int, base=base):
            return base + timedelta(minutes=minutes)

        conversation = Conversation(
            patient_id=world.patient.id, clinic_id=world.clinic.id, last_message_at=at(4)
        )
        conversation.messages = [
            ContactMessage(
                user_id=world.patient_user.id,
                acting_as="patient",
                phrases=["medicine"],
                text=f"Slut på tabletter {n}",
                created_at=at(1),
            ),
            ContactMessage(
                user_id=world.staff.id,
                acting_as="staff",
                from_staff=True,
                text=f"Vi ordnar det {n}",
                created_at=at(4),
            ),
        ]
        callback = CallbackRequest(
            patient_id=world.patient.id,
            clinic_id=world.clinic.id,
            user_id=world.god_man.id,
            acting_as="representative",
            mandate_id=world.mandate.id,
            whom="representative",
            phone="0701234567",
            topics=["time"],
            created_at=at(2),
        )
        callback.attempts = [
            CallAttempt(staff_member=member, outcome=CallOutcome.NO_ANSWER, note=f"Ringde {n}", at=at(5))
        ]
        preparation = Preparation(
            patient_id=world.patient.id,
            status=PreparationStatus.SUBMITTED,
            submitted_at=at(3),
            submitted_by_id=world.god_man.id,
            submitted_acting_as="representative",
            submitted_mandate_id=world.mandate.id,
        )
        request = VisitRequest(
            patient_id=world.patient.id,
            clinic_id=world.clinic.id,
            reasons=["ill"],
            text=f"Hosta {n}",
            user_id=world.patient_user.id,
            acting_as="patient",
            created_at=at(6),
        )
        session.add_all([conversation, callback, preparation, request])
    session.commit()


def history_rows(html: str) -> list[list[str]]:
    """The contact history's rows, each as its cells' words."""
    table = re.search(r'<table class="contact-history">.*?</table>', html, re.S)
    if table is None:
        return []
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0).split("<tbody>")[1], re.S)
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in rows
    ]


def test_the_contact_history_is_one_list_newest_first(staff_client, world, query):
    query(lambda s: add_history(s, world, hours_ago=2))
    html = text(staff_client.get(card(world)))
    rows = history_rows(html)
    kinds = [row[1] for row in rows]
    assert kinds == [
        "Önskemål om tid",
        "Samtal",
        "Svar från personalen",
        "Förberedelse",
        "Ring upp",
        "Meddelande",
    ]
    staff, patient, god_man = world.staff.name, world.patient.name, world.god_man.name
    whos = [row[2] for row in rows]
    assert whos[0] == patient and whos[5] == patient
    assert whos[1].startswith(staff) and whos[2].startswith(staff)
    assert whos[3] == f"{god_man} (god man)" and whos[4] == f"{god_man} (god man)"
    # The topic of the conversation on both its messages, and each message's own words.
    assert "Slut på tabletter 0" in rows[5][3] and "Vi ordnar det 0" in rows[2][3]
    assert "Inget svar" in rows[1][3] and "Ringde 0" in rows[1][3]
    assert "Hosta 0" in rows[0][3] and "Öppet" in rows[0][3]
    assert "Utan bokad tid" in rows[3][3]
    # Each line links to the thing itself.
    history = section(html, "kontakthistorik")
    for path in ("/samtal/", "/ring-upp/", "/forberedelser/", "/personal/inkorg?"):
        assert path in history, path


def test_the_contact_history_pages_with_visa_fler(staff_client, world, query):
    query(lambda s: add_history(s, world, hours_ago=1, copies=4))  # 4 × 6 = 24 lines
    first = text(staff_client.get(card(world)))
    assert len(history_rows(first)) == 10
    assert "24 händelser" in first and "Sida 1 av 3." in first
    assert f'href="{card(world)}?historik=2#kontakthistorik"' in first
    second = history_rows(text(staff_client.get(card(world, "?historik=2"))))
    third = text(staff_client.get(card(world, "?historik=3")))
    assert len(second) == 10 and len(history_rows(third)) == 4
    assert "Visa fler" not in section(third, "kontakthistorik") and "Nyare" in third
    # The oldest lines are the first copy's... of the oldest batch: a message, the last line.
    assert history_rows(third)[-1][1] == "Meddelande" and "Slut på tabletter 3" in history_rows(third)[-1][3]
    for odd in ("0", "-3", "abc", "99999999999999999999", "1e9"):
        response = staff_client.get(card(world, f"?historik={odd}"))
        assert response.status_code == 200, odd
        assert len(history_rows(text(response))) in (10, 4), odd


def count_queries(app, fetch) -> int:
    seen = []

    def count(*args):
        seen.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = fetch()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen)


def test_the_card_costs_the_same_queries_however_long_the_history(app, staff_client, world, query):
    query(lambda s: add_history(s, world, hours_ago=500, copies=1))
    staff_client.get(card(world))  # warm up what the first request loads once
    few = count_queries(app, lambda: staff_client.get(card(world)))
    query(lambda s: add_history(s, world, hours_ago=1, copies=8))
    many = count_queries(app, lambda: staff_client.get(card(world)))
    assert many == few, (few, many)


# --- the team's note ----------------------------------------------------------------------------


def notes_of(query, patient_id):
    return query(
        lambda s: [
            (n.text, n.staff_member_id)
            for n in s.scalars(
                select(StaffNote).where(StaffNote.patient_id == patient_id).order_by(StaffNote.id)
            )
        ]
    )


def version_on(html: str) -> str:
    return re.search(r'<input id="version" name="version" type="hidden" value="([^"]*)"', html).group(1)


def save(client, world, note: str, version: str | None = None, **kwargs):
    if version is None:
        version = version_on(text(client.get(card(world))))
    return client.post_form(card(world, "/anteckning"), {"text": note, "version": version}, **kwargs)


def test_a_note_is_saved_shown_and_kept_with_its_history(
    staff_client, world, query, make_client, sign_in, make_staff
):
    response = save(staff_client, world, "Ring Birgitta, inte boendet, om tider.")
    assert response.status_code == 302 and response.location.endswith("#anteckning")
    html = text(staff_client.get(card(world)))
    assert "Ring Birgitta, inte boendet, om tider." in section(html, "anteckning")
    assert f"av {world.staff.name}" in section(html, "anteckning")
    # A colleague changes it, then clears it: each save is a new row, the newest is the note.
    colleague = make_staff(world.clinic, name="Karin Ek")
    other = make_client()
    sign_in(other, colleague)
    assert save(other, world, "Ring Birgitta.\nHon vill ha sms först.").status_code == 302
    assert save(staff_client, world, "").status_code == 302
    rows = notes_of(query, world.patient.id)
    assert [t for t, _who in rows] == [
        "Ring Birgitta, inte boendet, om tider.",
        "Ring Birgitta.\nHon vill ha sms först.",
        "",
    ]
    assert "Ingen anteckning just nu. Tömd" in section(text(staff_client.get(card(world))), "anteckning")
    history = text(staff_client.get(card(world, "/anteckning/historik")))
    said = words(staff_client.get(card(world, "/anteckning/historik")))
    assert "3 versioner, den senaste först." in said
    order = [history.index(s) for s in ("Tömd", "Hon vill ha sms först.", "inte boendet")]
    assert order == sorted(order)
    assert "Karin Ek" in history and world.staff.name in history


def test_the_same_text_again_saves_nothing(staff_client, world, query):
    save(staff_client, world, "Tolk behövs (arabiska).")
    response = save(staff_client, world, "  Tolk behövs (arabiska).  ")
    assert response.status_code == 302
    assert len(notes_of(query, world.patient.id)) == 1
    assert "Anteckningen är oförändrad." in text(staff_client.get(response.location))


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("x" * 2001, "Texten är för lång. Skriv högst 2000 tecken."),
        ("Ring\x00 Birgitta", "Texten har tecken som inte går att spara. Ta bort dem."),
    ],
)
def test_a_bad_note_is_refused_in_words_and_changes_nothing(staff_client, world, query, events, typed, error):
    save(staff_client, world, "Den gamla texten.")

    def changes():
        return notes_of(query, world.patient.id), [
            e for e in events(object_type="staff_note") if e[2] != "read"
        ]

    before = changes()
    response = save(staff_client, world, typed)
    assert response.status_code == 200
    assert error in words(response)
    assert "<title>Fel:" in text(response)  # the title says so first
    assert changes() == before
    assert "Den gamla texten." in text(response)


def test_a_note_without_csrf_or_without_the_field_changes_nothing(staff_client, world, query):
    url = card(world, "/anteckning")
    assert staff_client.post(url, data={"text": "Utan nyckel", "version": ""}).status_code == 400
    response = staff_client.post_form(url, {"version": ""})
    assert response.status_code == 200 and "Anteckningen kom inte med." in words(response)
    assert notes_of(query, world.patient.id) == []


def test_a_colleagues_newer_save_is_not_overwritten_unseen(staff_client, world, query, make_client, sign_in):
    opened_on = version_on(text(staff_client.get(card(world))))
    other = make_client()
    sign_in(other, world.staff)
    save(other, world, "Kollegans text.")
    response = save(staff_client, world, "Min text.", version=opened_on)
    assert response.status_code == 200
    html = text(response)
    assert "En kollega har ändrat anteckningen medan du skrev." in words(response)
    assert "Kollegans text." in html and ">Min text.</textarea>" in html  # both seen, nothing lost
    assert [t for t, _ in notes_of(query, world.patient.id)] == ["Kollegans text."]
    # Having read it, saving again goes through.
    assert save(staff_client, world, "Min text.", version=version_on(html)).status_code == 302
    assert [t for t, _ in notes_of(query, world.patient.id)] == ["Kollegans text.", "Min text."]


def test_another_clinics_staff_get_404_and_change_nothing(client, world, query, sign_in, events):
    sign_in(client, world.other_staff)
    before = events(patient_id=world.patient.id)
    for url in (card(world), card(world, "/anteckning"), card(world, "/anteckning/historik")):
        assert client.get(url).status_code == 404, url
    response = client.post_form(card(world, "/anteckning"), {"text": "Inte min patient", "version": ""})
    assert response.status_code == 404
    assert notes_of(query, world.patient.id) == []
    assert events(patient_id=world.patient.id) == before


def test_reading_and_writing_the_note_are_in_the_access_log(staff_client, world, query, events):
    me, pid = world.staff.id, world.patient.id
    staff_client.get(card(world))
    assert [e[3] for e in events(patient_id=pid)] == ["staff.patient"]  # no note: nothing of it read
    save(staff_client, world, "Första")
    save(staff_client, world, "Andra")
    save(staff_client, world, "")
    ids = [str(n) for n in query(lambda s: s.scalars(select(StaffNote.id).order_by(StaffNote.id)).all())]
    writes = [e for e in events(patient_id=pid, object_type="staff_note") if e[2] != "read"]
    assert writes == [
        (me, pid, "create", "staff_note", ids[0]),
        (me, pid, "update", "staff_note", ids[1]),
        (me, pid, "delete", "staff_note", ids[2]),
    ]
    save(staff_client, world, "Tredje")
    before = len(events(patient_id=pid))
    staff_client.get(card(world))
    staff_client.get(card(world, "/anteckning/historik"))
    staff_client.get(card(world, "/anteckning"))
    new = [(e[2], e[3]) for e in events(patient_id=pid)[before:]]
    assert new == [
        ("read", "staff_note"),
        ("read", "staff.patient"),
        ("read", "staff.staff_note_history"),
        ("read", "staff_note"),
        ("read", "staff.staff_note"),
    ]


def test_the_patients_log_says_staff_read_and_changed_the_note_without_its_text(
    staff_client, world, make_client, sign_in
):
    save(staff_client, world, "Hemligt: ring Birgitta.")
    staff_client.get(card(world))
    patient = make_client()
    sign_in(patient, world.patient_user)
    said = words(patient.get(f"/min-sida/{world.patient.public_id}/vem-har-tittat"))
    assert "lade till personalens anteckning om dig" in said
    assert "tittade på personalens anteckning om dig" in said
    assert "Hemligt" not in said


# --- never on the patient's side ------------------------------------------------------------------

SECRET = "Hemligt ord Zebraflojt: ring Birgitta"
MARK = "Zebraflojt"  # no hex: it cannot turn up by chance in a token or a clip address


def test_the_note_is_never_shown_on_the_patients_side_nor_in_exports(
    app, staff_client, world, query, make_client, sign_in
):
    from flask import url_for

    from tests.support.crawl import crawl
    from tests.support.visit_data import add_visit_data
    from tests.test_access_matrix import url_values

    world.visit_ids = query(lambda s: add_visit_data(s, world))
    save(staff_client, world, SECRET)
    assert SECRET in text(staff_client.get(card(world)))  # the staff see it

    patient, helper = make_client(), make_client()
    sign_in(patient, world.patient_user)
    sign_in(helper, world.god_man)
    seeds = ["/", f"/min-sida/{world.patient.public_id}/"]
    # Every page of the patient's side a patient or a helper can reach for this patient: found
    # by links, and each GET route of the patient's side, downloads (calendar files) too.
    shown = {**crawl(patient, seeds), **{f"helper {k}": v for k, v in crawl(helper, seeds).items()}}
    assert len(shown) > 20
    leaks = [path for path, html in shown.items() if MARK in html]
    fetched = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "for_patient" not in rule.arguments:
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **url_values(rule, world))
        for who, user_client in (("patient", patient), ("helper", helper)):
            response = user_client.get(url)
            fetched += 1
            if MARK.encode() in response.data:
                leaks.append(f"{who} {url}")
    # The staff's exports of the patient (FHIR, text for the journal, the care passport) are
    # read outside Lotsen: the note stays out of them too.
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "patient_id" not in rule.arguments:
            continue
        if not rule.endpoint.endswith(
            ("export", "_download", "journal_text", "_journal", "passport", "passport_print")
        ):
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **url_values(rule, world))
        response = staff_client.get(url)
        fetched += 1
        assert response.status_code == 200, url
        if MARK.encode() in response.data:
            leaks.append(f"staff export {url}")
    assert fetched > 30
    assert not leaks, leaks
