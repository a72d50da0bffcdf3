"""The clinic's patients: the list, adding a patient, the patient card, editing."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import AccessAction, AccessEvent, MandateStatus, Patient, Profession
from app.personnummer import luhn_check_digit

from .conftest import text


def _pnr(born: str = "19800101", serial: str = "123") -> str:
    return born + serial + str(luhn_check_digit(born[2:] + serial))


def _patients(query, clinic_id):
    return query(
        lambda s: s.scalars(select(Patient).where(Patient.clinic_id == clinic_id).order_by(Patient.id)).all()
    )


def test_patient_list_shows_the_clinics_patients(staff_client, world, make_patient, events):
    make_patient(world.other_clinic, name="Annan Klinik")
    page = staff_client.get("/personal/patienter")
    assert page.status_code == 200
    html = text(page)
    assert "Maja Andersson" in html
    assert world.patient.masked_personnummer in html
    assert world.patient.personnummer not in html
    assert "Har eget konto" in html
    assert "Annan Klinik" not in html
    assert "<caption>" in html and '<th scope="col">' in html
    # A read for each patient listed (here the one), none without a patient.
    listed = events(action=AccessAction.READ, object_type="staff.patients")
    assert listed == [(world.staff.id, world.patient.id, "read", "staff.patients", "")]


def test_patient_list_logs_each_patient_it_shows_in_the_clinic(staff_client, world, make_patient, query):
    other = make_patient(world.clinic, name="Per Persson")
    staff_client.get("/personal/patienter")
    staff_client.get("/personal/patienter?q=per")
    staff_client.get("/personal/patienter?q=ingen+alls")  # shows nobody: logs nothing
    rows = query(
        lambda s: s.execute(
            select(AccessEvent.patient_id, AccessEvent.clinic_id)
            .where(AccessEvent.object_type == "staff.patients")
            .order_by(AccessEvent.id)
        ).all()
    )
    assert sorted(rows[:2]) == sorted([(world.patient.id, world.clinic.id), (other.id, world.clinic.id)])
    assert rows[2:] == [(other.id, world.clinic.id)]


def test_patient_list_counts_active_representatives_and_vardlots(
    staff_client, world, make_patient, make_mandate, make_staff, member
):
    lots = member(make_staff(world.clinic, name="Vera Lots"))
    patient = make_patient(world.clinic, name="Östen Öberg", vardlots_id=lots.id)
    make_mandate(patient)
    make_mandate(patient)
    make_mandate(patient, status=MandateStatus.REVOKED)
    html = text(staff_client.get("/personal/patienter?q=östen"))
    assert "Östen Öberg" in html and "Vera Lots" in html
    assert "<td>2</td>" in html
    assert "Maja Andersson" not in html


def test_search_matches_any_case_of_swedish_letters(staff_client, world, make_patient):
    make_patient(world.clinic, name="Åsa Ärlig", preferred_name="Åsa")
    assert "Åsa Ärlig" in text(staff_client.get("/personal/patienter?q=%C3%A5sa"))
    assert "Åsa Ärlig" in text(staff_client.get("/personal/patienter?q=%C3%84RLIG"))
    none = text(staff_client.get("/personal/patienter?q=zzz"))
    assert "Åsa Ärlig" not in none and "Ingen patient passar det du sökte på" in none


def test_search_too_long_or_with_control_characters_is_a_field_error(staff_client):
    page = staff_client.get("/personal/patienter", query_string={"q": "x" * 5000})
    assert page.status_code == 200 and "Texten är för lång" in text(page)
    page = staff_client.get("/personal/patienter", query_string={"q": "a\x00b"})
    assert page.status_code == 200 and "tecken som inte går att spara" in text(page)


def test_new_patient_form_renders(staff_client, world, make_staff):
    make_staff(world.clinic, name="Lina Lots")
    make_staff(world.clinic, profession=Profession.LAKARE, name="Doktor Dahl")
    make_staff(world.other_clinic, name="Annan Lots")
    html = text(staff_client.get("/personal/patienter/ny"))
    assert "Personnummer" in html and "Lina Lots" in html
    assert "Doktor Dahl" not in html and "Annan Lots" not in html


def test_create_patient(staff_client, world, make_staff, member, query, events):
    lots_public = member(make_staff(world.clinic, name="Lina Lots")).public_id
    response = staff_client.post_form(
        "/personal/patienter/ny",
        {
            "name": "  Karl Karlsson ",
            "preferred_name": "Kalle",
            "personnummer": _pnr()[2:8] + "-" + _pnr()[8:],
            "vardlots": lots_public,
        },
    )
    assert response.status_code == 302
    created = [p for p in _patients(query, world.clinic.id) if p.name == "Karl Karlsson"]
    assert len(created) == 1
    patient = created[0]
    assert patient.personnummer == _pnr() and patient.preferred_name == "Kalle"
    assert response.location.endswith(f"/personal/patienter/{patient.public_id}")
    assert events(action=AccessAction.CREATE, object_type="patient") == [
        (world.staff.id, patient.id, "create", "patient", patient.public_id)
    ]
    card = staff_client.get(response.location)
    assert "Karl Karlsson är tillagd som patient." in text(card)
    assert "Lina Lots" in text(card)


def test_create_patient_accepts_twelve_digits_and_no_vardlots(staff_client, world, query):
    response = staff_client.post_form(
        "/personal/patienter/ny",
        {"name": "Greta Gren", "personnummer": _pnr("19450303", "456"), "vardlots": ""},
    )
    assert response.status_code == 302
    patient = [p for p in _patients(query, world.clinic.id) if p.name == "Greta Gren"][0]
    assert patient.vardlots_id is None and patient.preferred_name == ""


def test_create_patient_refuses_a_bad_check_digit(staff_client, world, query):
    good = _pnr()
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    before = len(_patients(query, world.clinic.id))
    page = staff_client.post_form(
        "/personal/patienter/ny", {"name": "Karl Karlsson", "personnummer": bad, "vardlots": ""}
    )
    assert page.status_code == 200
    html = text(page)
    assert "Någon siffra i personnumret är fel" in html
    assert "<title>Fel:" in html and 'href="#personnummer"' in html
    assert len(_patients(query, world.clinic.id)) == before


def test_create_patient_refuses_a_bad_format_and_a_missing_name(staff_client, world, query):
    before = len(_patients(query, world.clinic.id))
    for value in ["1980-01-01", "abc", "19800101-12345", "١٩٨٠٠١٠١١٢٣٤"]:
        page = staff_client.post_form(
            "/personal/patienter/ny", {"name": "Karl", "personnummer": value, "vardlots": ""}
        )
        assert page.status_code == 200
        assert "Skriv personnumret som" in text(page) or "Någon siffra i personnumret" in text(page)
    page = staff_client.post_form(
        "/personal/patienter/ny", {"name": "   ", "personnummer": _pnr(), "vardlots": ""}
    )
    assert "Skriv patientens namn." in text(page)
    assert len(_patients(query, world.clinic.id)) == before


def test_create_patient_refuses_a_duplicate_at_this_clinic_only(staff_client, world, make_patient, query):
    other = make_patient(world.other_clinic)
    # The same person may also be listed at another clinic.
    response = staff_client.post_form(
        "/personal/patienter/ny", {"name": "Samma Person", "personnummer": other.personnummer, "vardlots": ""}
    )
    assert response.status_code == 302
    page = staff_client.post_form(
        "/personal/patienter/ny",
        {"name": "Dubbel Maja", "personnummer": world.patient.personnummer, "vardlots": ""},
    )
    assert page.status_code == 200
    assert "Det finns redan en patient med det personnumret" in text(page)
    assert "Dubbel Maja" not in [p.name for p in _patients(query, world.clinic.id)]


def test_create_patient_refuses_a_vardlots_from_elsewhere(staff_client, world, make_staff, member, query):
    elsewhere = member(make_staff(world.other_clinic))
    doctor = member(make_staff(world.clinic, profession=Profession.LAKARE))
    for staff in (elsewhere, doctor):
        page = staff_client.post_form(
            "/personal/patienter/ny", {"name": "Karl", "personnummer": _pnr(), "vardlots": staff.public_id}
        )
        assert page.status_code == 200 and "Välj en vårdlots i listan." in text(page)
    assert "Karl" not in [p.name for p in _patients(query, world.clinic.id)]


def test_100_kb_in_a_field_is_refused_and_nothing_changes(staff_client, world, query):
    count = query(lambda s: s.scalar(select(func.count()).select_from(Patient)))
    page = staff_client.post_form(
        "/personal/patienter/ny", {"name": "x" * 100_000, "personnummer": _pnr(), "vardlots": ""}
    )
    assert page.status_code == 200
    assert "Texten är för lång. Skriv högst 120 tecken." in text(page)
    assert query(lambda s: s.scalar(select(func.count()).select_from(Patient))) == count
    url = f"/personal/patienter/{world.patient.public_id}/andra"
    page = staff_client.post_form(url, {"name": "Maja", "preferred_name": "y" * 100_000, "vardlots": ""})
    assert page.status_code == 200 and "Texten är för lång. Skriv högst 60 tecken." in text(page)
    assert query(lambda s: s.get(Patient, world.patient.id).preferred_name) == ""


def test_patient_card(staff_client, world, events):
    page = staff_client.get(f"/personal/patienter/{world.patient.public_id}")
    assert page.status_code == 200
    html = text(page)
    assert "<h1>Maja Andersson</h1>" in html
    assert world.patient.masked_personnummer in html
    assert world.patient.personnummer not in html
    assert "Birgitta Svensson" in html and "god man" in html and "gäller" in html
    assert "Har eget konto" in html
    assert (world.staff.id, world.patient.id, "read", "staff.patient", "") in events()


def test_edit_patient(staff_client, world, make_staff, member, query, events):
    lots = make_staff(world.clinic, name="Lina Lots")
    lots_public = member(lots).public_id
    url = f"/personal/patienter/{world.patient.public_id}/andra"
    form = staff_client.get(url)
    assert form.status_code == 200 and 'value="Maja Andersson"' in text(form)
    response = staff_client.post_form(
        url, {"name": "Maja Berg", "preferred_name": "Majsan", "vardlots": lots_public}
    )
    assert response.status_code == 302
    patient = query(lambda s: s.get(Patient, world.patient.id))
    assert (patient.name, patient.preferred_name) == ("Maja Berg", "Majsan")
    assert query(lambda s: s.get(Patient, world.patient.id).user.name) == "Maja Berg"
    assert query(lambda s: s.get(Patient, world.patient.id).vardlots.user_id) == lots.id
    assert events(action=AccessAction.UPDATE, object_type="patient") == [
        (world.staff.id, world.patient.id, "update", "patient", world.patient.public_id)
    ]
    assert "Uppgifterna är sparade." in text(staff_client.get(response.location))


def test_edit_with_errors_changes_nothing_and_writes_no_update(staff_client, world, query, events):
    url = f"/personal/patienter/{world.patient.public_id}/andra"
    page = staff_client.post_form(url, {"name": "", "preferred_name": "", "vardlots": "nej"})
    assert page.status_code == 200
    assert "Skriv patientens namn." in text(page) and "Välj en vårdlots i listan." in text(page)
    assert query(lambda s: s.get(Patient, world.patient.id).name) == "Maja Andersson"
    assert events(action=AccessAction.UPDATE) == []


def test_forged_form_without_csrf_changes_nothing(staff_client, world, query):
    url = f"/personal/patienter/{world.patient.public_id}/andra"
    response = staff_client.post(url, data={"name": "Hackad", "vardlots": ""})
    assert response.status_code == 400
    assert query(lambda s: s.get(Patient, world.patient.id).name) == "Maja Andersson"


def test_names_are_escaped(staff_client, world, make_patient):
    evil = "<script>alert(1)</script>"
    patient = make_patient(world.clinic, name=evil)
    for url in [
        "/personal/patienter",
        f"/personal/patienter/{patient.public_id}",
        f"/personal/patienter/{patient.public_id}/andra",
        f"/personal/logg?patient={patient.public_id}",
    ]:
        html = text(staff_client.get(url))
        assert evil not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


def test_unknown_patient_is_404(staff_client):
    assert staff_client.get("/personal/patienter/finns-inte").status_code == 404
    assert staff_client.get("/personal/patienter/" + "a" * 5000).status_code == 404
    assert staff_client.post_form("/personal/patienter/finns-inte/andra", {"name": "x"}).status_code == 404


def _search(client, q: str) -> str:
    """The search as staff make it: typed into the form, which posts it."""
    return text(client.post_form("/personal/patienter", {"q": q}))


def test_search_by_personnummer_in_any_common_form_and_never_in_an_address(staff_client, world, make_patient):
    erik = make_patient(world.clinic, name="Erik Johansson", personnummer=_pnr("19880412", "123"))
    make_patient(world.clinic, name="Eva Ekström", personnummer=_pnr("19880513", "321"))
    last4 = erik.personnummer[-4:]
    for typed in (
        "19880412",
        erik.personnummer,
        f"19880412-{last4}",
        f"880412-{last4}",
        f"880412{last4}",
        f"880412 {last4}",
        "880412",
        last4,
    ):
        page = _search(staff_client, typed)
        assert "Erik Johansson" in page and "Eva Ekström" not in page, typed
        # Shown masked, as in every list.
        assert erik.masked_personnummer in page and erik.personnummer not in page.replace(typed, ""), typed
    assert "Erik Johansson" in _search(staff_client, "1988") and "Eva Ekström" in _search(
        staff_client, "1988"
    )
    assert "Ingen patient passar" in _search(staff_client, "19990101")
    short = _search(staff_client, "88")
    assert "Skriv minst fyra siffror av personnumret." in short and "Erik Johansson" not in short
    # The form posts: the number is never put in the page's address.
    form = text(staff_client.get("/personal/patienter"))
    assert 'method="post" action="/personal/patienter"' in form and 'name="csrf_token"' in form


def test_search_finds_a_patient_by_an_active_helpers_name(
    staff_client, world, make_patient, make_mandate, make_user
):
    from app.models import Role

    ended = make_patient(world.clinic, name="Lina Karlsson")
    make_mandate(ended, make_user(Role.REPRESENTATIVE, name="Birgitta Ek"), status=MandateStatus.REVOKED)
    page = _search(staff_client, "birgitta")
    # world's god man, Birgitta Svensson, helps Maja; the revoked mandate finds nobody.
    assert "Maja Andersson" in page and "Företrädare: Birgitta Svensson (god man)" in page
    assert "Lina Karlsson" not in page


def test_a_search_posted_without_its_token_searches_nothing(staff_client, world):
    page = staff_client.post("/personal/patienter", data={"q": "Maja"})
    assert page.status_code in (200, 400) and "Maja Andersson" not in text(page)


def test_the_full_personnummer_is_shown_on_the_card_when_asked_and_logged(staff_client, world, events):
    card = f"/personal/patienter/{world.patient.public_id}"
    page = text(staff_client.get(card))
    assert world.patient.masked_personnummer in page and world.patient.personnummer[8:] not in page
    assert "Visa personnummer" in page
    assert events(object_type="staff.personnummer") == []
    shown = text(staff_client.get(card + "?visa=personnummer"))
    assert f"{world.patient.personnummer[:8]}-{world.patient.personnummer[8:]}" in shown
    assert events(object_type="staff.personnummer") == [
        (world.staff.id, world.patient.id, "read", "staff.personnummer", "")
    ]
