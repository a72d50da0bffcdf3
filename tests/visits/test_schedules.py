"""Visit types and their picture schedules: staff create, edit, reorder and remove steps; photos
are checked, shrunk and saved without their metadata; only the clinic's people see them."""

from __future__ import annotations

import gc
import io
import warnings

from PIL import Image
from sqlalchemy import select

from app.models import Photo, VisitStep, VisitType
from tests.staff.conftest import text
from tests.support.people import patient_url


def jpeg_with_metadata(size=(2400, 1800)) -> bytes:
    image = Image.new("RGB", size, (200, 220, 255))
    exif = Image.Exif()
    exif[0x010F] = "Kamerafabriken"  # Make
    exif[0x0132] = "2026:11:24 10:00:00"  # DateTime
    exif[0x8825] = {1: "N", 2: (59.0, 16.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"hemligt")
    return out.getvalue()


def steps_of(query, type_id):
    return query(
        lambda s: [
            (st.position, st.text)
            for st in s.scalars(
                select(VisitStep)
                .join(VisitType)
                .where(VisitType.public_id == type_id)
                .order_by(VisitStep.position)
            )
        ]
    )


def test_create_a_visit_type_and_build_its_schedule(staff_client, world, query):
    response = staff_client.post_form(
        "/personal/besokstyper/ny", {"name": "Tandvård", "pictogram": "mouth", "minutes": "40", "active": "y"}
    )
    assert response.status_code == 302
    type_path = response.location
    type_id = type_path.rsplit("/", 1)[1]
    for text_, picto in (("Du kommer.", "door-in"), ("Du väntar.", "waiting-room"), ("Klart!", "visit-done")):
        added = staff_client.post_form(f"{type_path}/steg/nytt", {"text": text_, "pictogram": picto})
        assert added.status_code == 302
    assert steps_of(query, type_id) == [(1, "Du kommer."), (2, "Du väntar."), (3, "Klart!")]

    last = query(lambda s: s.scalars(select(VisitStep).where(VisitStep.text == "Klart!")).one())
    moved = staff_client.post_form(f"{type_path}/steg/{last.public_id}/flytta", {"direction": "up"})
    assert moved.status_code == 302
    assert steps_of(query, type_id) == [(1, "Du kommer."), (2, "Klart!"), (3, "Du väntar.")]
    # Moving the first step up changes nothing; a made-up direction is refused.
    first = query(lambda s: s.scalars(select(VisitStep).where(VisitStep.text == "Du kommer.")).one())
    staff_client.post_form(f"{type_path}/steg/{first.public_id}/flytta", {"direction": "up"})
    bad = staff_client.post_form(f"{type_path}/steg/{first.public_id}/flytta", {"direction": "sideways"})
    assert bad.status_code == 400
    assert steps_of(query, type_id)[0] == (1, "Du kommer.")

    edited = staff_client.post_form(
        f"{type_path}/steg/{last.public_id}", {"text": "Nu är det klart.", "pictogram": "visit-done"}
    )
    assert edited.status_code == 302
    deleted = staff_client.post_form(f"{type_path}/steg/{first.public_id}/ta-bort", {})
    assert deleted.status_code == 302
    assert steps_of(query, type_id) == [(1, "Nu är det klart."), (2, "Du väntar.")]
    page = text(staff_client.get(type_path))
    assert page.index("Nu är det klart.") < page.index("Du väntar.")


def test_bad_step_and_type_forms_change_nothing(staff_client, world, visits, query):
    path = f"/personal/besokstyper/{visits.type.public_id}/steg/nytt"
    for data, words in [
        ({"text": "", "pictogram": "nurse"}, "Skriv vad som händer."),
        ({"text": "x" * 201, "pictogram": "nurse"}, "Texten är för lång"),
        ({"text": "Hej", "pictogram": "drake"}, "Välj en bild."),
    ]:
        response = staff_client.post_form(path, data)
        assert response.status_code == 200 and words in text(response)
    bad_type = staff_client.post_form(
        "/personal/besokstyper/ny", {"name": "", "pictogram": "mouth", "minutes": "abc"}
    )
    assert "Skriv ett namn." in text(bad_type)
    assert len(steps_of(query, visits.type.public_id)) == 3


def test_a_photo_is_shrunk_and_saved_without_its_metadata(
    staff_client, make_client, world, visits, sign_in, query
):
    path = f"/personal/besokstyper/{visits.type.public_id}/steg/nytt"
    # With a photo, no pictogram need be chosen.
    response = staff_client.post(
        path,
        data={
            "csrf_token": staff_client.csrf_token(),
            "text": "Här väntar du.",
            "pictogram": "",
            "photo": (io.BytesIO(jpeg_with_metadata()), "IMG_0001.jpg", "image/jpeg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    photo = query(lambda s: s.scalars(select(Photo)).one())
    assert max(photo.width, photo.height) == 1600
    stored = Image.open(io.BytesIO(photo.data))
    assert stored.format == "JPEG"
    assert not stored.getexif() and "comment" not in stored.info and "exif" not in stored.info
    assert b"Kamerafabriken" not in photo.data and b"hemligt" not in photo.data

    # The patient sees the photo on the visit; a patient of another clinic does not.
    patient = make_client()
    sign_in(patient, world.patient_user)
    page = text(patient.get(patient_url(world.patient, f"/besok/{visits.visit.public_id}")))
    assert f"/bild/{photo.public_id}" in page
    image = patient.get(f"/bild/{photo.public_id}")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    stranger = make_client()
    sign_in(stranger, world.other_staff)
    assert stranger.get(f"/bild/{photo.public_id}").status_code == 404
    assert make_client().get(f"/bild/{photo.public_id}").status_code == 302


def test_bad_uploads_get_easy_words_and_change_nothing(staff_client, world, visits, query):
    path = f"/personal/besokstyper/{visits.type.public_id}/steg/nytt"
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    for content, name in [
        (b"not a picture at all", "bild.jpg"),
        (jpeg_with_metadata()[:400], "halv.jpg"),
        (gif.getvalue(), "rorlig.gif"),
    ]:
        response = staff_client.post(
            path,
            data={
                "csrf_token": staff_client.csrf_token(),
                "text": "Här väntar du.",
                "pictogram": "waiting-room",
                "photo": (io.BytesIO(content), name),
            },
            content_type="multipart/form-data",
        )
        assert response.status_code == 200, name
        assert "Det gick inte att läsa bilden" in text(response), name
    # More than the request limit: refused before it is read. The test client spools a body
    # this large to a temporary file that it never closes; it is collected here, quietly.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        too_big = staff_client.post(
            path,
            data={
                "csrf_token": staff_client.csrf_token(),
                "text": "Här väntar du.",
                "pictogram": "waiting-room",
                "photo": (io.BytesIO(b"0" * (11 * 1024 * 1024)), "stor.jpg"),
            },
            content_type="multipart/form-data",
        )
        status = too_big.status_code
        del too_big
        gc.collect()
    assert status == 413
    assert query(lambda s: s.scalars(select(Photo)).all()) == []
    assert len(steps_of(query, visits.type.public_id)) == 3


def test_a_new_step_goes_before_the_last_one_unless_staff_choose(staff_client, visits, query):
    type_id = visits.type.public_id
    path = f"/personal/besokstyper/{type_id}/steg/nytt"
    before = steps_of(query, type_id)
    form = staff_client.get(path)
    page = text(form)
    assert "Var ska steget stå?" in page and f"Sist, efter: {before[-1][1]}" in page
    # The form suggests the place before the last step ("Klart!" ends most schedules).
    html = form.get_data(as_text=True)
    last_but_one = query(
        lambda s: (
            s.scalars(
                select(VisitStep)
                .join(VisitType)
                .where(VisitType.public_id == type_id)
                .order_by(VisitStep.position)
            )
            .all()[-2]
            .public_id
        )
    )
    assert f'<option value="{last_but_one}" selected>' in html

    added = staff_client.post_form(
        path, {"text": "Du tvättar händerna.", "pictogram": "nurse", "place": last_but_one}
    )
    assert added.status_code == 302
    assert [t for _p, t in steps_of(query, type_id)] == (
        [t for _p, t in before[:-1]] + ["Du tvättar händerna.", before[-1][1]]
    )
    first = staff_client.post_form(
        path, {"text": "Du tar av jackan.", "pictogram": "nurse", "place": "forst"}
    )
    assert first.status_code == 302
    assert steps_of(query, type_id)[0] == (1, "Du tar av jackan.")
    assert [p for p, _t in steps_of(query, type_id)] == list(range(1, len(before) + 3))
    # A place that is not one of the steps is refused in easy words.
    bad = staff_client.post_form(path, {"text": "Hej.", "pictogram": "nurse", "place": "mitten"})
    assert bad.status_code == 200 and "Välj var steget ska stå." in text(bad)
    assert len(steps_of(query, type_id)) == len(before) + 2


def test_removing_a_step_asks_first_and_tells_about_booked_visits(staff_client, visits, query):
    type_id = visits.type.public_id
    step = query(
        lambda s: s.scalars(
            select(VisitStep)
            .join(VisitType)
            .where(VisitType.public_id == type_id)
            .order_by(VisitStep.position)
        ).first()
    )
    path = f"/personal/besokstyper/{type_id}/steg/{step.public_id}/ta-bort"
    listing = staff_client.get(f"/personal/besokstyper/{type_id}").get_data(as_text=True)
    assert f'href="{path}"' in listing  # a link to the question, not a button that removes
    asked = staff_client.get(path)
    assert asked.status_code == 200
    assert "Ett besök av det här slaget är redan bokat." in text(asked)
    assert step.text in text(asked)
    assert len(steps_of(query, type_id)) == 3
    assert staff_client.post_form(path, {}).status_code == 302
    assert step.text not in [t for _p, t in steps_of(query, type_id)]


def test_a_photo_is_kept_when_another_field_has_an_error(staff_client, world, visits, query):
    path = f"/personal/besokstyper/{visits.type.public_id}/steg/nytt"
    first_try = staff_client.post(
        path,
        data={
            "csrf_token": staff_client.csrf_token(),
            "text": "",
            "pictogram": "",
            "photo": (io.BytesIO(jpeg_with_metadata((800, 600))), "rummet.jpg", "image/jpeg"),
        },
        content_type="multipart/form-data",
    )
    assert first_try.status_code == 200
    assert "Skriv vad som händer." in text(first_try)
    assert "Fotot är sparat. Du behöver inte välja det igen." in text(first_try)
    photo = query(lambda s: s.scalars(select(Photo)).one())
    html = first_try.get_data(as_text=True)
    assert f'name="kept_photo" value="{photo.public_id}"' in html
    # Sent again with the text and without the file: the step gets the photo from the first try.
    second = staff_client.post_form(
        path, {"text": "Här väntar du.", "pictogram": "", "kept_photo": photo.public_id}
    )
    assert second.status_code == 302
    step = query(lambda s: s.scalars(select(VisitStep).where(VisitStep.text == "Här väntar du.")).one())
    assert step.photo_id == photo.id and step.pictogram == "camera"


def test_a_kept_photo_id_of_someone_else_is_not_taken(
    staff_client, make_client, world, visits, sign_in, query
):
    # Another clinic's staff member uploads a photo there (through a form with an error).
    other = make_client()
    sign_in(other, world.other_staff)
    other_type = other.post_form(
        "/personal/besokstyper/ny", {"name": "Tandvård", "pictogram": "mouth", "minutes": "40", "active": "y"}
    ).location
    other.post(
        f"{other_type}/steg/nytt",
        data={
            "csrf_token": other.csrf_token(),
            "text": "",
            "pictogram": "",
            "photo": (io.BytesIO(jpeg_with_metadata((600, 400))), "a.jpg", "image/jpeg"),
        },
        content_type="multipart/form-data",
    )
    foreign = query(lambda s: s.scalars(select(Photo)).one())
    path = f"/personal/besokstyper/{visits.type.public_id}/steg/nytt"
    response = staff_client.post_form(
        path, {"text": "Här väntar du.", "pictogram": "nurse", "kept_photo": foreign.public_id}
    )
    assert response.status_code == 302
    step = query(lambda s: s.scalars(select(VisitStep).where(VisitStep.text == "Här väntar du.")).one())
    assert step.photo_id is None
