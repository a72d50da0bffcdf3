from sqlalchemy import func, select

from app.models import AccessEvent


def test_welcome_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Logga in" in response.get_data(as_text=True)


def test_god_man_picks_patient_and_reads_log(client, world, sign_in, act_for, query):
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    page = client.get("/min-sida/vem-har-tittat")
    assert page.status_code == 200
    assert "Du hjälper:" in page.get_data(as_text=True)
    count = query(lambda s: s.scalar(select(func.count()).select_from(AccessEvent).where(
        AccessEvent.patient_id == world.patient.id)))
    assert count == 1


def test_rollback_isolates_tests(query, make_clinic):
    from app.models import Clinic
    assert query(lambda s: s.scalar(select(func.count()).select_from(Clinic))) == 0
    make_clinic()
    assert query(lambda s: s.scalar(select(func.count()).select_from(Clinic))) == 1


def test_rollback_isolates_tests_again(query):
    from app.models import Clinic
    assert query(lambda s: s.scalar(select(func.count()).select_from(Clinic))) == 0


def test_staff_signs_in_with_code(client, world, sign_in):
    sign_in(client, world.staff)
    assert client.get("/personal/patienter").status_code == 200


def test_representative_of_one_patient_need_not_choose(client, world, sign_in):
    sign_in(client, world.god_man)
    response = client.get("/")
    assert response.location.endswith("/min-sida/")
    assert "Du hjälper:" in client.get("/min-sida/").get_data(as_text=True)


def test_representative_of_several_patients_chooses(client, world, sign_in, make_patient,
                                                     make_mandate):
    make_mandate(make_patient(world.clinic), world.god_man)
    sign_in(client, world.god_man)
    assert client.get("/").location.endswith("/vem-hjalper-du")
    assert client.get("/min-sida/").location.startswith("/vem-hjalper-du")


def test_choosing_a_patient_without_a_mandate_is_refused(client, world, sign_in, make_patient):
    stranger = make_patient(world.clinic)
    sign_in(client, world.god_man)
    response = client.post_form("/vem-hjalper-du", {"patient": stranger.public_id})
    assert response.status_code == 404
    assert client.post_form("/vem-hjalper-du", {"patient": "x" * 5000}).status_code == 404
