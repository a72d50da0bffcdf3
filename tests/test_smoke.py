import pytest
from sqlalchemy import func, select

from app.models import AccessEvent
from tests.support.pages import check_page
from tests.support.people import patient_url


def test_welcome_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Logga in" in response.get_data(as_text=True)


def test_god_man_picks_patient_and_reads_log(client, world, sign_in, act_for, query):
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    page = client.get(patient_url(world.patient, "/vem-har-tittat"))
    assert page.status_code == 200
    assert "Du hjälper:" in page.get_data(as_text=True)
    count = query(
        lambda s: s.scalar(
            select(func.count())
            .select_from(AccessEvent)
            .where(
                AccessEvent.patient_id == world.patient.id, AccessEvent.object_type == "patient.access_log"
            )
        )
    )
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
    assert client.get("/").location == patient_url(world.patient, "/")
    assert client.get("/min-sida/").location == patient_url(world.patient, "/")
    assert "Du hjälper:" in client.get(patient_url(world.patient)).get_data(as_text=True)


def test_representative_of_several_patients_chooses(client, world, sign_in, make_patient, make_mandate):
    make_mandate(make_patient(world.clinic), world.god_man)
    sign_in(client, world.god_man)
    assert client.get("/").location.endswith("/vem-hjalper-du")
    assert client.get("/min-sida/").location.startswith("/vem-hjalper-du")


def test_choosing_a_patient_without_a_mandate_is_refused(client, world, sign_in, make_patient):
    stranger = make_patient(world.clinic)
    sign_in(client, world.god_man)
    assert client.get(patient_url(stranger)).status_code == 404
    assert client.get("/min-sida/" + "x" * 5000).status_code == 404  # no such page
    assert client.get("/min-sida/anpassningar/drake").status_code == 404
    assert client.get("/min-sida/" + "0" * 32 + "/").status_code == 404


def test_a_vardlots_who_left_is_not_shown(client, app, world, sign_in, query):
    from sqlalchemy import update

    from app.models import Patient, StaffMember, User

    staff_member_id = query(
        lambda s: s.scalar(select(StaffMember.id).where(StaffMember.user_id == world.staff.id))
    )
    query(
        lambda s: (
            s.execute(
                update(Patient).where(Patient.id == world.patient.id).values(vardlots_id=staff_member_id)
            ),
            s.commit(),
        )
    )
    sign_in(client, world.patient_user)
    assert world.staff.name in client.get(patient_url(world.patient)).get_data(as_text=True)
    query(
        lambda s: (s.execute(update(User).where(User.id == world.staff.id).values(active=False)), s.commit())
    )
    page = client.get(patient_url(world.patient)).get_data(as_text=True)
    assert world.staff.name not in page and "Din vårdlots" not in page


def test_own_reads_are_left_out_of_the_patients_log(client, world, sign_in, make_client):
    sign_in(client, world.patient_user)
    for _ in range(3):
        client.get(patient_url(world.patient))
    log = patient_url(world.patient, "/vem-har-tittat")
    page = client.get(log).get_data(as_text=True)
    assert "Du tittade på" not in page and "Ingen har tittat än." in page
    helper = make_client()
    sign_in(helper, world.god_man)
    helper.get(patient_url(world.patient))
    assert "Birgitta Svensson" in client.get(log).get_data(as_text=True)


def test_health_answers_without_a_session(client):
    response = client.get("/halsa")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"
    assert "Set-Cookie" not in response.headers


SHELL = '<html lang="sv" dir="ltr"><title>Hem</title>'


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        (
            '<html lang="sv" dir="ltr"><title>Hem</title><h1>Hem</h1><p id="a"></p><svg id="a"></svg>',
            "duplicate ids",
        ),
        ('<html lang="sv" dir="ltr"><title>Hem</title><h1>Hem</h1><h1 class="x">Mer</h1>', "2 h1 elements"),
        (
            '<html lang="sv" dir="ltr"><title>Lotsen</title><h1><span>Hem</span></h1>',
            "does not begin with h1",
        ),
        ('<html dir="ltr"><title>Hem</title><h1>Hem</h1>', "has no lang"),
        ('<html lang="ar" dir="up"><title>Hem</title><h1>Hem</h1>', "has no dir"),
    ],
)
def test_the_page_check_finds_what_it_looks_for(html, problem):
    """Every page the test client fetches is checked (tests/support/pages.py); the check itself
    finds each fault, and passes a page without one."""
    check_page(
        '<html lang="sv" dir="rtl"><title>Fel: Hem &amp; mer - Lotsen</title><h1>Hem &amp; mer</h1>', "/"
    )
    with pytest.raises(AssertionError, match=problem):
        check_page(html, "/")
