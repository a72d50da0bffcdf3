"""Kom patienten? Staff mark each visit that has begun: on the visit page and with one tap on the
visit list; logged as a change of the visit; refused for a visit to come, a cancelled visit, a
mark that is not one, another clinic's staff and the patient's side."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AccessEvent, Attendance, Visit, utcnow

from .conftest import local_at


@pytest.fixture
def past_visit(world, make_visit_type, make_visit):
    return make_visit(world.patient, make_visit_type(world.clinic), starts_at=local_at(-3, 9))


def attendance_of(query, visit) -> Attendance | None:
    return query(lambda s: s.get(Visit, visit.id).attendance)


def url(world, visit) -> str:
    return f"/personal/patienter/{world.patient.public_id}/besok/{visit.public_id}/kom"


def test_one_tap_on_the_visit_list_marks_and_logs(staff_client, world, past_visit, query):
    page = staff_client.get("/personal/besok").get_data(as_text=True)
    assert f'data-visit="{past_visit.public_id}"' in page
    assert url(world, past_visit) in page
    response = staff_client.post_form(url(world, past_visit), {"attendance": "no_show", "back": "lista"})
    assert response.status_code == 302
    assert response.location.endswith("/personal/besok#tidigare")
    assert attendance_of(query, past_visit) is Attendance.NO_SHOW
    logged = query(
        lambda s: [
            (e.user_id, e.patient_id, e.action.value, e.object_id)
            for e in s.scalars(select(AccessEvent).where(AccessEvent.object_type == "visit.attendance"))
        ]
    )
    assert logged == [(world.staff.id, world.patient.id, "update", past_visit.public_id)]
    marked = query(
        lambda s: (
            s.get(Visit, past_visit.id).attendance_by.user_id,
            s.get(Visit, past_visit.id).attendance_at,
        )
    )
    assert marked[0] == world.staff.id and marked[1] <= utcnow()


def test_the_visit_page_shows_the_mark_and_a_second_tap_takes_it_back(staff_client, world, past_visit, query):
    staff_client.post_form(url(world, past_visit), {"attendance": "came"})
    page = staff_client.get(f"/personal/patienter/{world.patient.public_id}/besok/{past_visit.public_id}")
    html = page.get_data(as_text=True)
    assert "Kom patienten?" in html
    assert 'aria-pressed="true"' in html
    # The pressed button sends "clear" and takes the mark back.
    assert 'value="clear"' in html
    response = staff_client.post_form(url(world, past_visit), {"attendance": "clear"})
    assert response.status_code == 302
    assert attendance_of(query, past_visit) is None
    assert query(lambda s: s.get(Visit, past_visit.id).attendance_by_id) is None


@pytest.mark.parametrize("value", ["maybe", "CAME", "", None, "x" * 500])
def test_a_mark_that_is_not_one_changes_nothing(staff_client, world, past_visit, query, value):
    response = staff_client.post_form(url(world, past_visit), {} if value is None else {"attendance": value})
    assert response.status_code == 200
    assert "Välj Kom, Kom inte eller Avbokade sent." in response.get_data(as_text=True)
    assert attendance_of(query, past_visit) is None


def test_a_visit_to_come_or_a_cancelled_one_cannot_be_marked(
    staff_client, world, make_visit_type, make_visit, query
):
    kind = make_visit_type(world.clinic)
    coming = make_visit(world.patient, kind, starts_at=local_at(2, 9))
    cancelled = make_visit(world.patient, kind, starts_at=local_at(-2, 9), cancelled_at=utcnow())
    for visit, words in ((coming, "Besöket har inte börjat än."), (cancelled, "Besöket är inställt.")):
        response = staff_client.post_form(url(world, visit), {"attendance": "came"})
        assert response.status_code == 200
        assert words in response.get_data(as_text=True)
        assert attendance_of(query, visit) is None


def test_without_the_form_token_nothing_changes(staff_client, world, past_visit, query):
    assert staff_client.post(url(world, past_visit), data={"attendance": "came"}).status_code == 400
    assert attendance_of(query, past_visit) is None


def test_another_clinics_staff_and_the_patients_side_are_refused(client, sign_in, world, past_visit, query):
    sign_in(client, world.other_staff)
    assert client.post_form(url(world, past_visit), {"attendance": "came"}).status_code == 404
    for who in (world.patient_user, world.god_man):
        other = client.application.test_client()
        sign_in(other, who)
        assert other.post_form(url(world, past_visit), {"attendance": "came"}).status_code == 403
    assert attendance_of(query, past_visit) is None


def test_an_old_visit_without_a_mark_is_on_its_own_list_and_can_be_marked(
    staff_client, world, make_visit_type, make_visit, query
):
    """Older than the visit list's 14 days: not on the visit list, but on Besök utan närvaro,
    counted, with the one-tap buttons; once marked it leaves the list and the count."""
    kind = make_visit_type(world.clinic)
    old = make_visit(world.patient, kind, starts_at=local_at(-40, 9))
    marked = make_visit(world.patient, kind, starts_at=local_at(-41, 9))
    coming = make_visit(world.patient, kind, starts_at=local_at(2, 9))
    cancelled = make_visit(world.patient, kind, starts_at=local_at(-42, 9))
    query(lambda s: setattr(s.get(Visit, marked.id), "attendance", Attendance.CAME) or s.commit())
    query(lambda s: setattr(s.get(Visit, cancelled.id), "cancelled_at", utcnow()) or s.commit())
    visits_page = staff_client.get("/personal/besok").get_data(as_text=True)
    assert f'data-visit="{old.public_id}"' not in visits_page
    assert 'data-unmarked="1"' in visits_page and "/personal/besok/utan-narvaro" in visits_page
    page = staff_client.get("/personal/besok/utan-narvaro")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'data-visit="{old.public_id}"' in html
    for other in (marked, coming, cancelled):
        assert f'data-visit="{other.public_id}"' not in html
    assert 'data-unmarked="1"' in html
    response = staff_client.post_form(url(world, old), {"attendance": "no_show", "back": "utan-narvaro"})
    assert response.status_code == 302
    assert response.location.endswith(f"/personal/besok/utan-narvaro?senast={old.public_id}")
    assert attendance_of(query, old) is Attendance.NO_SHOW
    html = staff_client.get("/personal/besok/utan-narvaro").get_data(as_text=True)
    assert f'data-visit="{old.public_id}"' not in html and 'data-unmarked="0"' in html


def test_a_mis_tap_on_the_list_without_a_mark_is_put_right_at_once(
    staff_client, world, make_patient, make_visit_type, make_visit, query
):
    """The visit just marked stands above the list with its buttons: another tap changes the
    mark, the same tap takes it back and the visit returns to the list."""
    old = make_visit(world.patient, make_visit_type(world.clinic), starts_at=local_at(-40, 9))
    landed = staff_client.post_form(url(world, old), {"attendance": "came", "back": "utan-narvaro"}).location
    html = staff_client.get(landed).get_data(as_text=True)
    assert "Du markerade nyss" in html and world.patient.name in html
    assert f'data-visit="{old.public_id}"' not in html  # it has left the list itself
    assert 'value="clear" aria-pressed="true"' in html  # Kom is pressed: tapping it takes it back
    staff_client.post_form(url(world, old), {"attendance": "no_show", "back": "utan-narvaro"})
    assert attendance_of(query, old) is Attendance.NO_SHOW
    staff_client.post_form(url(world, old), {"attendance": "clear", "back": "utan-narvaro"})
    assert attendance_of(query, old) is None
    html = staff_client.get("/personal/besok/utan-narvaro").get_data(as_text=True)
    assert f'data-visit="{old.public_id}"' in html
    # An address naming another clinic's visit, a visit to come or nothing shows no such box.
    for wrong in ("nope", "x" * 500, ""):
        page = staff_client.get(f"/personal/besok/utan-narvaro?senast={wrong}")
        assert page.status_code == 200 and "Du markerade nyss" not in page.get_data(as_text=True)
    coming = make_visit(world.patient, make_visit_type(world.clinic), starts_at=local_at(3, 9))
    theirs = make_visit(
        make_patient(world.other_clinic, name="Annan Klinik"),
        make_visit_type(world.other_clinic),
        starts_at=local_at(-5, 9),
    )
    for visit in (coming, theirs):
        page = staff_client.get(f"/personal/besok/utan-narvaro?senast={visit.public_id}")
        assert "Du markerade nyss" not in page.get_data(as_text=True)
        assert "Annan Klinik" not in page.get_data(as_text=True)


def test_the_list_without_a_mark_pages_and_logs_only_the_patients_shown(
    staff_client, world, make_patient, make_visit_type, make_visit, query
):
    from app.visits.attendance import PAGE_SIZE

    kind = make_visit_type(world.clinic)
    oldest = make_patient(world.clinic, name="Äldst Testsson")
    make_visit(oldest, kind, starts_at=local_at(-200, 9))
    newer = [make_visit(world.patient, kind, starts_at=local_at(-20 - n, 9)) for n in range(PAGE_SIZE)]
    first = staff_client.get("/personal/besok/utan-narvaro").get_data(as_text=True)
    assert all(f'data-visit="{v.public_id}"' in first for v in newer)
    assert "Äldst Testsson" not in first and "sida=2" in first
    assert f'data-unmarked="{PAGE_SIZE + 1}"' in first
    second = staff_client.get("/personal/besok/utan-narvaro?sida=2").get_data(as_text=True)
    assert "Äldst Testsson" in second
    # A page that is not one is the nearest that is.
    for wrong in ("0", "-3", "99", "x", "1e9"):
        response = staff_client.get(f"/personal/besok/utan-narvaro?sida={wrong}")
        assert response.status_code == 200
    assert "Äldst Testsson" in staff_client.get("/personal/besok/utan-narvaro?sida=99").get_data(as_text=True)
    logged = query(
        lambda s: {
            e.patient_id
            for e in s.scalars(select(AccessEvent).where(AccessEvent.object_type == "visits_staff.unmarked"))
        }
    )
    assert logged == {world.patient.id, oldest.id}


@pytest.mark.parametrize("who", ["patient_user", "god_man", "home_manager", "admin"])
def test_patients_helpers_and_admins_do_not_open_the_list_without_a_mark(client, sign_in, world, who):
    sign_in(client, getattr(world, who))
    assert client.get("/personal/besok/utan-narvaro").status_code == 403
