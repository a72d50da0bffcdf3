"""Staff choose their own photo, which patients and their helpers then see beside the staff
member's name on a visit (and on Hem for their vårdlots). The photo is cut square and stored
without metadata; only the clinic's people, and the admin, see it."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from app.models import Patient, Photo, StaffMember
from tests.staff.conftest import text
from tests.support.people import patient_url
from tests.visits.test_schedules import jpeg_with_metadata

PATH = "/personal/min-bild"


def upload(client, content, consent=True, name="jag.jpg"):
    data = {"csrf_token": client.csrf_token(), "photo": (io.BytesIO(content), name, "image/jpeg")}
    if consent:
        data["consent"] = "y"
    return client.post(PATH, data=data, content_type="multipart/form-data")


def staff_photo(query, user):
    return query(
        lambda s: s.scalars(
            select(Photo)
            .join(StaffMember, StaffMember.photo_id == Photo.id)
            .where(StaffMember.user_id == user.id)
        ).one_or_none()
    )


def test_staff_choose_a_photo_that_patients_see_on_their_visit(
    staff_client, make_client, world, visits, sign_in, query
):
    page = staff_client.get(PATH)
    assert page.status_code == 200 and "Mitt foto" in text(page)
    response = upload(staff_client, jpeg_with_metadata((1200, 1600)))
    assert response.status_code == 302
    assert "Fotot är sparat." in text(staff_client.get(response.location))
    photo = staff_photo(query, world.staff)
    assert (photo.width, photo.height) == (480, 480)
    stored = Image.open(io.BytesIO(photo.data))
    assert not stored.getexif() and "comment" not in stored.info
    assert b"Kamerafabriken" not in photo.data

    # The patient sees it beside the staff member's name on the visit and on Hem (vårdlots).
    patient = make_client()
    sign_in(patient, world.patient_user)
    visit_page = patient.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}")).get_data(
        as_text=True
    )
    assert f"/bild/{photo.public_id}" in visit_page
    assert patient.get(f"/bild/{photo.public_id}").status_code == 200
    # Their god man too; staff of another clinic do not.
    helper = make_client()
    sign_in(helper, world.god_man)
    assert helper.get(f"/bild/{photo.public_id}").status_code == 200
    stranger = make_client()
    sign_in(stranger, world.other_staff)
    assert stranger.get(f"/bild/{photo.public_id}").status_code == 404

    # A new photo replaces the old one, which is deleted.
    upload(staff_client, jpeg_with_metadata((900, 500)))
    newer = staff_photo(query, world.staff)
    assert newer.id != photo.id
    assert query(lambda s: s.get(Photo, photo.id)) is None
    # Removed: the patient sees the initials again.
    removed = staff_client.post_form(f"{PATH}/ta-bort", {})
    assert removed.status_code == 302
    assert staff_photo(query, world.staff) is None
    assert query(lambda s: s.scalars(select(Photo)).all()) == []
    visit_page = patient.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}")).get_data(
        as_text=True
    )
    assert "/bild/" not in visit_page


def test_the_vardlots_photo_shows_on_hem(staff_client, make_client, world, sign_in, query, app):
    from app.extensions import db

    with app.app_context():
        staff = db.session.scalars(select(StaffMember).where(StaffMember.user_id == world.staff.id)).one()
        db.session.get(Patient, world.patient.id).vardlots_id = staff.id
        db.session.commit()
    upload(staff_client, jpeg_with_metadata((800, 800)))
    photo = staff_photo(query, world.staff)
    patient = make_client()
    sign_in(patient, world.patient_user)
    home = patient.get(patient_url(world.patient)).get_data(as_text=True)
    assert f"/bild/{photo.public_id}" in home


def test_bad_photos_and_no_consent_change_nothing(staff_client, world, query):
    for content, consent, words in [
        (jpeg_with_metadata((400, 400)), False, "Kryssa i rutan om du vill visa fotot."),
        (b"inte en bild", True, "Det gick inte att läsa bilden"),
        (b"", True, "Välj ett foto först."),
    ]:
        response = upload(staff_client, content, consent=consent)
        assert response.status_code == 200
        assert words in text(response)
    assert staff_photo(query, world.staff) is None
    assert query(lambda s: s.scalars(select(Photo)).all()) == []
    forged = staff_client.post(
        PATH,
        data={"photo": (io.BytesIO(jpeg_with_metadata((400, 400))), "a.jpg"), "consent": "y"},
        content_type="multipart/form-data",
    )
    assert forged.status_code in (200, 400)
    assert staff_photo(query, world.staff) is None


def test_only_staff_have_the_photo_page(make_client, world, sign_in):
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert patient.get(PATH).status_code == 403
    assert make_client().get(PATH).status_code == 302


def test_the_admin_sees_and_can_remove_a_photo_and_it_moves_with_the_staff_member(
    staff_client, make_client, world, sign_in, query
):
    upload(staff_client, jpeg_with_metadata((600, 600)))
    photo = staff_photo(query, world.staff)
    admin = make_client()
    sign_in(admin, world.admin)
    staff_id = query(
        lambda s: s.scalars(select(StaffMember.public_id).where(StaffMember.user_id == world.staff.id)).one()
    )
    edit = admin.get(f"/admin/personal/{staff_id}").get_data(as_text=True)
    assert f"/bild/{photo.public_id}" in edit
    assert admin.get(f"/bild/{photo.public_id}").status_code == 200
    # Moved to the other clinic: the photo goes along, for that clinic's patients.
    moved = admin.post_form(
        f"/admin/personal/{staff_id}",
        {
            "name": world.staff.name,
            "clinic": world.other_clinic.public_id,
            "profession": "sjukskoterska",
            "presentation": "",
        },
    )
    assert moved.status_code == 302, text(moved)
    assert query(lambda s: s.get(Photo, photo.id).clinic_id) == world.other_clinic.id
    removed = admin.post_form(f"/admin/personal/{staff_id}/ta-bort-foto", {})
    assert removed.status_code == 302
    assert staff_photo(query, world.staff) is None


# --- one macro draws every face --------------------------------------------------------------------

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"
FACE_MACRO = "components/ui.html"


def test_every_face_is_drawn_by_the_one_macro():
    """A person's face or initials comes from `avatar` (components/ui.html) and nowhere else:
    no template works out initials itself or draws a staff member's photo itself."""
    own_initials, photo_outside = [], []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        source = path.read_text(encoding="utf-8")
        if name == FACE_MACRO:
            continue
        if "map('first')" in source or 'map("first")' in source or "avatar avatar-" in source:
            own_initials.append(name)
        # Drawing a staff member's photo oneself would use its address or its size.
        for line in source.splitlines():
            if re.search(r"\b(member|staff|lots|vardlots)\.photo\.(public_id|width|height)\b", line):
                photo_outside.append(f"{name}: {line.strip()}")
    assert own_initials == [], own_initials
    assert photo_outside == [], photo_outside


def test_a_shared_photo_replaces_the_initials_on_visits_hem_the_kallelse_and_the_team(
    staff_client, make_client, world, visits, sign_in, query, app
):
    from app.extensions import db

    with app.app_context():
        staff = db.session.scalars(select(StaffMember).where(StaffMember.user_id == world.staff.id)).one()
        db.session.get(Patient, world.patient.id).vardlots_id = staff.id
        db.session.commit()
    initials = "".join(part[0] for part in world.staff.name.split())[:2].upper()
    patient = make_client()
    sign_in(patient, world.patient_user)
    visit = f"/besok/{visits.visit.public_id}"
    pages = [
        patient_url(world.patient, visit),
        patient_url(world.patient),
        patient_url(world.patient, f"{visit}/kallelse"),
        patient_url(world.patient, f"{visit}/kallelse/skriv-ut"),
        patient_url(world.patient, "/vem-jobbar-har"),
    ]
    for url in pages:  # no photo yet: the initials
        assert f'aria-hidden="true">{initials}</span>' in patient.get(url).get_data(as_text=True), url
    upload(staff_client, jpeg_with_metadata((800, 800)))
    photo = staff_photo(query, world.staff)
    for url in pages:
        html = patient.get(url).get_data(as_text=True)
        face = rf'<img class="avatar avatar-\w+ avatar-photo" src="/bild/{photo.public_id}"'
        assert re.search(face, html), url
        assert f'aria-hidden="true">{initials}</span>' not in html, url
