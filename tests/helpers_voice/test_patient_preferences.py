"""The helper's own settings and the patient's preferences are two named things: "Mina
inställningar", and "Majas inställningar" (text size, read-aloud speed) used when they use Lotsen
together; saved on the patient's account, or on a small record for a patient without one."""

from __future__ import annotations

from sqlalchemy import select

from app.models import AccessEvent, PatientPreferences, Role, Scope, TextSize, User
from tests.staff.conftest import text
from tests.support.people import patient_url


def prefs_url(patient, rest: str = "") -> str:
    return patient_url(patient, "/installningar" + rest)


def test_the_settings_page_names_both(make_client, world, sign_in, act_for):
    client = make_client()
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    page = text(client.get("/installningar"))
    assert "<title>Mina inställningar" in page
    assert "Majas inställningar" in page and prefs_url(world.patient) in page
    home = text(client.get(patient_url(world.patient, "/")))
    assert "Majas inställningar" in home and "Mina inställningar" in home


def test_a_helper_with_the_write_right_saves_them_on_the_patients_account(
    make_client, world, sign_in, act_for, query
):
    client = make_client()
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    page = text(client.get(prefs_url(world.patient)))
    assert "Spara valen för Maja" in page
    saved = client.post_form(prefs_url(world.patient), {"text_size": "larger", "speech_rate": "slow"})
    assert saved.status_code == 302
    maja = query(lambda s: s.get(User, world.patient.user_id))
    assert maja.text_size is TextSize.LARGER and maja.speech_rate == "slow"
    god_man = query(lambda s: s.get(User, world.god_man.id))
    assert god_man.text_size is TextSize.NORMAL  # the helper's own did not change
    assert "patient.preferences" in query(
        lambda s: s.scalars(
            select(AccessEvent.object_type).where(AccessEvent.patient_id == world.patient.id)
        ).all()
    )
    # Together: the helper's pages use Maja's text size until they stop.
    client.post_form(prefs_url(world.patient, "/tillsammans"), {"go": "on"})
    together = text(client.get(patient_url(world.patient, "/")))
    assert 'class="text-larger"' in together
    client.post_form(prefs_url(world.patient, "/tillsammans"), {"go": "off"})
    alone = text(client.get(patient_url(world.patient, "/")))
    assert 'class="text-normal"' in alone


def test_a_patient_without_an_account_gets_a_small_record(
    make_client, world, sign_in, act_for, make_patient, make_mandate, query
):
    lina = make_patient(world.clinic, name="Lina Berg")
    make_mandate(lina, world.god_man)
    client = make_client()
    sign_in(client, world.god_man)
    act_for(client, lina)
    assert "Linas inställningar" in text(client.get(prefs_url(lina)))
    client.post_form(prefs_url(lina), {"text_size": "large", "speech_rate": "slow"})
    row = query(lambda s: s.get(PatientPreferences, lina.id))
    assert (row.text_size, row.speech_rate, row.updated_by_id) == ("large", "slow", world.god_man.id)


def test_a_reader_sees_them_but_has_no_save_button_and_cannot_save(
    make_client, world, sign_in, act_for, make_user, make_mandate, query
):
    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_mandate(world.patient, jonas, scopes={Scope.SEE})
    client = make_client()
    sign_in(client, jonas)
    act_for(client, world.patient)
    page = text(client.get(prefs_url(world.patient)))
    assert "Spara valen för Maja" not in page and "Du får inte ändra det här." in page
    assert (
        client.post_form(prefs_url(world.patient), {"text_size": "larger", "speech_rate": "slow"}).status_code
        == 403
    )
    assert query(lambda s: s.get(User, world.patient.user_id)).text_size is TextSize.NORMAL


def test_a_bad_choice_is_refused_and_changes_nothing(make_client, world, sign_in, act_for, query):
    client = make_client()
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    response = client.post_form(prefs_url(world.patient), {"text_size": "huge", "speech_rate": "slow"})
    assert response.status_code == 200 and "Välj hur stor." in text(response)
    assert query(lambda s: s.get(User, world.patient.user_id)).speech_rate == "normal"
