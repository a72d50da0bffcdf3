"""The residents' tiles: a photo added by one who helps the person, with their consent, shown on
their tile to those who may see them, and to nobody else."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from app.models import AccessEvent, Patient, Photo
from tests.support.people import patient_url


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 120, 40)).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def _post(client, url, **fields):
    return client.post(
        url, data={"csrf_token": client.csrf_token(), **fields}, content_type="multipart/form-data"
    )


def test_a_helper_adds_a_photo_with_consent_and_the_tile_shows_it(client, world, homes, sign_in, query):
    sign_in(client, homes.jonas)
    url = patient_url(world.patient, "/foto")
    assert client.get(url).status_code == 200
    response = _post(client, url, photo=(_png(), "maja.png"), consent="y")
    assert response.status_code == 302
    photo_id = query(lambda s: s.scalar(select(Photo.public_id).join(Patient, Patient.photo_id == Photo.id)))
    tiles = client.get("/vem-hjalper-du").text
    assert f"/bild/{photo_id}" in tiles
    events = query(lambda s: s.scalars(select(AccessEvent.object_type)).all())
    assert "patient_photo" in events


def test_no_consent_no_photo_and_a_broken_file_is_refused(client, world, homes, sign_in, query):
    sign_in(client, homes.jonas)
    url = patient_url(world.patient, "/foto")
    response = _post(client, url, photo=(_png(), "maja.png"))
    assert response.status_code == 200 and "Fråga personen först" in response.text
    response = _post(client, url, photo=(io.BytesIO(b"not a picture"), "x.png"), consent="y")
    assert response.status_code == 200 and "Det gick inte att läsa bilden" in response.text
    response = _post(client, url, consent="y")
    assert response.status_code == 200 and "Välj ett foto först" in response.text
    assert query(lambda s: s.scalar(select(Patient.photo_id).where(Patient.id == world.patient.id))) is None


def test_only_those_who_may_see_the_person_see_the_photo(
    client, make_client, world, homes, sign_in, query, make_patient, make_mandate, make_user
):
    sign_in(client, homes.jonas)
    _post(client, patient_url(world.patient, "/foto"), photo=(_png(), "maja.png"), consent="y")
    photo_id = query(lambda s: s.scalar(select(Photo.public_id).join(Patient, Patient.photo_id == Photo.id)))
    assert client.get(f"/bild/{photo_id}").status_code == 200
    # A helper of another resident of the same clinic does not get it.
    other = make_patient(world.clinic, name="Per Annan")
    stranger = make_mandate(other)
    outsider = make_client()
    from app.models import User

    helper = query(lambda s: s.get(User, stranger.representative_id))
    sign_in(outsider, helper)
    assert outsider.get(f"/bild/{photo_id}").status_code == 404
    staff = make_client()
    sign_in(staff, world.staff)
    assert staff.get(f"/bild/{photo_id}").status_code == 200


def test_another_persons_photo_page_is_404(client, world, homes, sign_in, make_patient):
    other = make_patient(world.clinic, name="Per Annan")
    sign_in(client, homes.jonas)
    assert client.get(patient_url(other, "/foto")).status_code == 404


def test_removing_the_photo(client, world, homes, sign_in, query):
    sign_in(client, homes.jonas)
    url = patient_url(world.patient, "/foto")
    _post(client, url, photo=(_png(), "maja.png"), consent="y")
    assert "Ta bort fotot" in client.get(url).text
    assert _post(client, url, go="remove").status_code == 302
    assert query(lambda s: s.scalar(select(Patient.photo_id).where(Patient.id == world.patient.id))) is None


def test_the_clinic_adds_the_photo_from_the_patient_card(client, make_client, world, homes, sign_in, query):
    sign_in(client, world.staff)
    card = client.get(f"/personal/patienter/{world.patient.public_id}").text
    url = f"/personal/patienter/{world.patient.public_id}/foto"
    assert f'href="{url}"' in card
    assert _post(client, url, photo=(_png(), "maja.png")).status_code == 200  # no consent: nothing
    assert query(lambda s: s.scalar(select(Patient.photo_id).where(Patient.id == world.patient.id))) is None
    assert _post(client, url, photo=(_png(), "maja.png"), consent="y").status_code == 302
    assert query(lambda s: s.scalar(select(Patient.photo_id).where(Patient.id == world.patient.id)))
    # The people who help her see it on her tile; staff of another clinic do not get the page.
    sign_in(helper := make_client(), homes.jonas)
    assert "avatar-photo" in helper.get("/vem-hjalper-du").text
    sign_in(other := make_client(), world.other_staff)
    assert other.get(url).status_code == 404
