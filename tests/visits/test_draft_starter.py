"""A draft someone else began says who began it ("Jonas Lund började. Fortsätt?"), and one's own
says "Fortsätt där du var"; who began it is kept on the preparation."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Preparation, Role, Scope
from tests.staff.conftest import text
from tests.support.people import patient_url


def test_a_draft_begun_by_another_helper_names_who_began_it(
    make_client, world, sign_in, act_for, make_user, make_mandate, make_visit_type, make_visit, query
):
    visit = make_visit(world.patient, make_visit_type(world.clinic))
    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_mandate(world.patient, jonas, scopes={Scope.SEE, Scope.PREPARE_VISITS})
    first = make_client()
    sign_in(first, jonas)
    act_for(first, world.patient)
    assert (
        first.post_form(
            patient_url(world.patient, "/forbered/starta"), {"visit": visit.public_id}
        ).status_code
        == 302
    )
    preparation = query(lambda s: s.scalar(select(Preparation).where(Preparation.visit_id == visit.id)))
    assert preparation.created_by_id == jonas.id
    # Jonas himself comes back to where he was.
    own = text(first.get(patient_url(world.patient, "/forbered/")))
    assert "Fortsätt där du var" in own and "började" not in own
    # The god man, and Maja herself, are told that Jonas began it.
    god_man = make_client()
    sign_in(god_man, world.god_man)
    act_for(god_man, world.patient)
    page = text(god_man.get(patient_url(world.patient, "/forbered/")))
    assert "Jonas Lund började. Fortsätt?" in page and "Fortsätt där du var" not in page
    maja = make_client()
    sign_in(maja, world.patient_user)
    assert "Jonas Lund började. Fortsätt?" in text(maja.get(patient_url(world.patient, "/forbered/")))
    # Going on does not make the god man the one who began it.
    assert (
        god_man.post_form(
            patient_url(world.patient, "/forbered/starta"), {"visit": visit.public_id}
        ).status_code
        == 302
    )
    assert query(lambda s: s.get(Preparation, preparation.id)).created_by_id == jonas.id
