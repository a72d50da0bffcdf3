"""The server's own counts of read-aloud plays and easy-read pages: per clinic and day, a number
only, written by the request itself (no script, no cookie), for a patient's own clinic or the
clinic of the patient a helper acts for; never for a visitor, staff or an admin."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import usage
from app.core.clock import today
from app.models import UsageCount, UsageKind

from ..support.people import patient_url, set_reader


def counts(query) -> dict[tuple[int, str], int]:
    return query(
        lambda s: {
            (row.clinic_id, row.kind): row.count
            for row in s.scalars(select(UsageCount).where(UsageCount.day == today()))
        }
    )


def test_an_easy_read_page_adds_one_for_the_patients_clinic(client, sign_in, world, query):
    set_reader(query, world.patient_user, easy=True)
    sign_in(client, world.patient_user)
    before = counts(query).get((world.clinic.id, UsageKind.EASY_READ_PAGE.value), 0)
    assert client.get(patient_url(world.patient)).status_code == 200
    assert client.get(patient_url(world.patient, "/besok/")).status_code == 200
    after = counts(query)
    assert after[world.clinic.id, UsageKind.EASY_READ_PAGE.value] == before + 2
    # One row per clinic, day and kind: nothing about who.
    assert set(UsageCount.__table__.columns.keys()) == {"id", "clinic_id", "day", "kind", "count"}


def test_a_helper_counts_for_the_clinic_of_the_patient_on_the_page(client, sign_in, world, query):
    set_reader(query, world.god_man, easy=True)
    sign_in(client, world.god_man)
    assert client.get(patient_url(world.patient)).status_code == 200
    assert counts(query).get((world.clinic.id, UsageKind.EASY_READ_PAGE.value), 0) >= 1


def test_pages_without_easy_read_and_visitors_and_staff_count_nothing(client, sign_in, world, query):
    sign_in(client, world.patient_user)
    client.get(patient_url(world.patient))
    visitor = client.application.test_client()
    visitor.get("/tillganglighet")
    staff = client.application.test_client()
    set_reader(query, world.staff, easy=True)
    sign_in(staff, world.staff)
    staff.get("/personal/statistik")
    assert counts(query) == {}


@pytest.mark.parametrize(
    ("range_header", "first"),
    [(None, True), ("bytes=0-", True), ("bytes=0-1", True), ("bytes=4096-", False), ("bytes=2-9", False)],
)
def test_only_the_first_piece_of_a_clip_is_a_play(app, range_header, first):
    headers = {"Range": range_header} if range_header else {}
    with app.test_request_context("/tal/x.mp3", headers=headers):
        assert usage.first_piece() is first


def test_a_count_adds_up_in_one_row(app, world, query):
    with app.test_request_context():
        for _ in range(3):
            usage.count(UsageKind.SPEECH_PLAY, world.clinic.id)
    assert counts(query) == {(world.clinic.id, UsageKind.SPEECH_PLAY.value): 3}
