""" "Så brukar jag vara" through the HTTP client: the page, one area saved at a time, the examples
a tap adds, the versions and who changed what, a stale page, bad input, the scopes (reading with
"see", writing with "prepare visits"), the staff's view, Hem, and the part of Mitt vårdpass."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.models import AccessEvent, Mandate, MandateStatus, Patient, Scope, UsualRevision
from app.needs import services, usual
from app.needs.catalogue import COMMENT_MAX, FIELDS, NEEDS
from tests.staff.conftest import text
from tests.support.people import patient_url

SLEEP = "Jag sover från 21 till 7. Jag vaknar ofta en gång."


def usual_url(patient, rest: str = "") -> str:
    return patient_url(patient, "/anpassningar/sa-brukar-jag-vara" + rest)


def staff_url(patient) -> str:
    return f"/personal/patienter/{patient.public_id}/anpassningar/sa-brukar-jag-vara"


def revisions(query, patient) -> list[tuple[int, dict, str, int | None]]:
    return query(
        lambda s: [
            (r.number, dict(r.texts), r.acting_as, r.user_id)
            for r in s.scalars(
                select(UsualRevision)
                .where(UsualRevision.patient_id == patient.id)
                .order_by(UsualRevision.number)
            )
        ]
    )


def save(client, patient, slug: str, words: str, version: int = 0, **more):
    return client.post_form(usual_url(patient, f"/{slug}"), {"version": str(version), "text": words, **more})


@pytest.fixture
def patient_client(client, world, sign_in):
    sign_in(client, world.patient_user)
    return client


def helper_with(query, world, scopes: set[Scope]) -> None:
    query(lambda s: (s.get(Mandate, world.mandate.id).set_scopes(scopes), s.commit()))


# --- the patient's own pages ---------------------------------------------------------------------


def test_the_page_shows_every_area_and_asks_for_what_is_not_written(patient_client, world):
    html = text(patient_client.get(usual_url(world.patient)))
    assert "<h1" in html and "Så brukar jag vara" in html
    for area in usual.AREAS:
        assert str(area.title) in html, area.key
        assert f'href="{usual_url(world.patient, "/" + area.slug)}"' in html
    assert html.count("Inget skrivet.") == len(usual.AREAS)
    assert "Lyssna" in html or "data-clip" in html


def test_saving_one_area_adds_a_version_with_who_and_keeps_the_others(patient_client, world, query, events):
    edit = text(patient_client.get(usual_url(world.patient, "/sova")))
    assert "Hur brukar du sova?" in edit and "Jag somnar fort." in edit
    response = save(patient_client, world.patient, "sova", SLEEP)
    assert response.status_code == 302 and response.headers["Location"].endswith("#sova")
    assert save(patient_client, world.patient, "ont", "Jag blir tyst.", version=1).status_code == 302
    assert revisions(query, world.patient) == [
        (1, {"sleep": SLEEP}, "patient", world.patient_user.id),
        (2, {"sleep": SLEEP, "pain": "Jag blir tyst."}, "patient", world.patient_user.id),
    ]
    assert query(lambda s: usual.usual_for(s.get(Patient, world.patient.id))) == {
        "sleep": SLEEP,
        "pain": "Jag blir tyst.",
    }
    html = text(patient_client.get(usual_url(world.patient)))
    assert SLEEP in html and "Jag blir tyst." in html
    assert (world.patient_user.id, world.patient.id, "update", "usual", "2") in events()
    # Emptying the box removes the area's text: a version of its own.
    assert save(patient_client, world.patient, "ont", "", version=2).status_code == 302
    assert revisions(query, world.patient)[-1][1] == {"sleep": SLEEP}


def test_nothing_changed_adds_no_version(patient_client, world, query):
    save(patient_client, world.patient, "sova", SLEEP)
    save(patient_client, world.patient, "sova", SLEEP, version=1)
    assert len(revisions(query, world.patient)) == 1


def test_a_tapped_example_is_added_to_the_text_and_nothing_is_saved(patient_client, world, query):
    response = save(patient_client, world.patient, "sova", "Jag sover bra.", go="add:2")
    html = text(response)
    assert response.status_code == 200
    box = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S).group(1)
    assert box.strip() == "Jag sover bra.\nJag somnar fort."
    assert revisions(query, world.patient) == []
    # An example that does not exist adds nothing, and is no error.
    html = text(save(patient_client, world.patient, "sova", "Jag sover bra.", go="add:99"))
    assert re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S).group(1).strip() == "Jag sover bra."


def test_too_long_is_refused_in_words_with_the_text_kept(patient_client, world, query):
    words = "Jag sover länge. " * 30
    response = save(patient_client, world.patient, "sova", words)
    html = text(response)
    assert response.status_code == 200
    assert "Något behöver rättas" in html and "tecken" in html
    assert words.strip() in html
    assert revisions(query, world.patient) == []


@pytest.mark.parametrize("version", ["", "abc", "-1", "7"])
def test_a_forged_or_unknown_version_is_refused_in_words(patient_client, world, query, version):
    response = patient_client.post_form(
        usual_url(world.patient, "/sova"), {"version": version, "text": SLEEP}
    )
    html = text(response)
    assert response.status_code == 200
    assert "Sidan är för gammal" in html and SLEEP in html
    assert revisions(query, world.patient) == []


def test_a_page_opened_before_someone_else_saved_the_same_area_is_refused_with_the_text_kept(
    patient_client, world, query, make_client, sign_in
):
    helper = make_client()
    sign_in(helper, world.god_man)
    assert save(helper, world.patient, "sova", "Hon sover dåligt.").status_code == 302
    mine = "Jag sover hela natten."
    html = text(save(patient_client, world.patient, "sova", mine, version=0))
    assert "Någon annan har ändrat det här medan du skrev" in html
    assert mine in html  # the typed text is kept
    assert "Så står det nu" in html and "Hon sover dåligt." in html
    assert revisions(query, world.patient)[-1][1] == {"sleep": "Hon sover dåligt."}
    # Saving again, now over the newest version, goes through.
    assert save(patient_client, world.patient, "sova", mine, version=1).status_code == 302
    # A save in between of another area does not stop a page opened before it.
    assert save(helper, world.patient, "ata-och-dricka", "Jag äter mosad mat.", version=2).status_code == 302
    assert (
        save(patient_client, world.patient, "toaletten", "Jag bajsar varje dag.", version=2).status_code
        == 302
    )
    assert revisions(query, world.patient)[-1][1] == {
        "sleep": mine,
        "eat_drink": "Jag äter mosad mat.",
        "toilet": "Jag bajsar varje dag.",
    }


def test_an_unknown_area_is_not_found(patient_client, world):
    assert patient_client.get(usual_url(world.patient, "/flyga")).status_code == 404
    assert save(patient_client, world.patient, "flyga", SLEEP).status_code == 404


def test_the_history_says_who_changed_which_area_and_when(patient_client, world, make_client, sign_in):
    helper = make_client()
    sign_in(helper, world.god_man)
    save(helper, world.patient, "sova", "Hon sover gott.")
    save(patient_client, world.patient, "sova", SLEEP, version=1)
    save(patient_client, world.patient, "humor", "Jag är oftast glad.", version=2)
    html = text(patient_client.get(usual_url(world.patient, "/historik")))
    assert html.index("Jag är oftast glad.") < html.index(SLEEP) < html.index("Hon sover gott.")
    assert "Du ändrade." in html and "Birgitta Svensson" in html
    assert "Humör och vad jag gör" in html and "Sömn" in html
    # The helper reads the same history about the patient.
    html = text(helper.get(usual_url(world.patient, "/historik")))
    assert "Vem har ändrat hur Maja brukar vara?" in html


# --- who may read and write ------------------------------------------------------------------------


def test_a_helper_with_see_and_prepare_writes_it_without_change_needs(client, world, sign_in, query):
    helper_with(query, world, {Scope.SEE, Scope.PREPARE_VISITS})
    sign_in(client, world.god_man)
    html = text(client.get(usual_url(world.patient)))
    assert "Så brukar Maja vara" in html
    assert usual_url(world.patient, "/sova") in html
    assert "Hur brukar Maja sova?" in text(client.get(usual_url(world.patient, "/sova")))
    assert save(client, world.patient, "sova", "Jag sover från 22.").status_code == 302
    assert revisions(query, world.patient) == [
        (1, {"sleep": "Jag sover från 22."}, "representative", world.god_man.id)
    ]


def test_a_helper_with_see_only_reads_but_may_not_write(client, world, sign_in, query, patient_client):
    save(patient_client, world.patient, "sova", SLEEP)
    helper_with(query, world, {Scope.SEE, Scope.CHANGE_NEEDS})
    sign_in(client, world.god_man)
    html = text(client.get(usual_url(world.patient)))
    assert SLEEP in html and "men inte ändra det" in html
    assert usual_url(world.patient, "/sova") not in html
    assert client.get(usual_url(world.patient, "/sova")).status_code == 403
    assert save(client, world.patient, "sova", "Annat.", version=1).status_code == 403
    assert client.get(usual_url(world.patient, "/historik")).status_code == 200
    assert len(revisions(query, world.patient)) == 1


def test_a_helper_without_see_reads_nothing(client, world, sign_in, query):
    helper_with(query, world, {Scope.PREPARE_VISITS})
    sign_in(client, world.god_man)
    for rest in ("", "/historik"):
        assert client.get(usual_url(world.patient, rest)).status_code == 403


def test_a_revoked_mandate_reads_and_writes_nothing(client, world, sign_in, query):
    query(lambda s: (setattr(s.get(Mandate, world.mandate.id), "status", MandateStatus.REVOKED), s.commit()))
    sign_in(client, world.god_man)
    for rest in ("", "/sova", "/historik"):
        assert client.get(usual_url(world.patient, rest)).status_code in (403, 404)
    assert save(client, world.patient, "sova", SLEEP).status_code in (403, 404)
    assert revisions(query, world.patient) == []


def test_another_patients_id_is_not_found(client, world, sign_in, make_patient, query):
    other = make_patient(world.clinic, with_login=True, name="Lina Berg")
    sign_in(client, world.god_man)
    for rest in ("", "/sova", "/historik"):
        assert client.get(usual_url(other, rest)).status_code == 404
    assert save(client, other, "sova", SLEEP).status_code == 404
    assert revisions(query, other) == []


def test_staff_read_it_on_the_card_and_on_its_own_page_and_it_is_logged(
    patient_client, world, make_client, sign_in, query
):
    save(patient_client, world.patient, "sova", SLEEP)
    save(patient_client, world.patient, "ont", "Jag blir tyst.", version=1)
    staff = make_client()
    sign_in(staff, world.staff)
    card = text(staff.get(f"/personal/patienter/{world.patient.public_id}"))
    assert "Så brukar patienten vara" in card and SLEEP in card and staff_url(world.patient) in card
    page = text(staff.get(staff_url(world.patient)))
    assert SLEEP in page and "Jag blir tyst." in page and "Vem har ändrat?" in page
    logged = query(
        lambda s: s.scalars(
            select(AccessEvent.object_type).where(AccessEvent.user_id == world.staff.id)
        ).all()
    )
    assert "needs_staff.usual_for_staff" in logged
    other = make_client()
    sign_in(other, world.other_staff)
    assert other.get(staff_url(world.patient)).status_code in (403, 404)


# --- Hem and Mina anpassningar ------------------------------------------------------------------


def test_hem_asks_for_it_while_it_is_empty_and_the_overview_shows_how_much_is_written(patient_client, world):
    home = text(patient_client.get(patient_url(world.patient)))
    assert "Berätta hur du brukar vara." in home and usual_url(world.patient) in home
    overview = text(patient_client.get(patient_url(world.patient, "/anpassningar/")))
    assert "Så brukar du vara" in overview and usual_url(world.patient) in overview
    save(patient_client, world.patient, "sova", SLEEP)
    assert "Berätta hur du brukar vara." not in text(patient_client.get(patient_url(world.patient)))
    overview = text(patient_client.get(patient_url(world.patient, "/anpassningar/")))
    assert f"1 av {len(usual.AREAS)} saker är ifyllda." in overview


def test_hem_does_not_ask_a_helper_who_may_not_write_it(client, world, sign_in, query):
    helper_with(query, world, {Scope.SEE})
    sign_in(client, world.god_man)
    assert "Berätta hur Maja brukar vara." not in text(client.get(patient_url(world.patient)))


# --- Mitt vårdpass --------------------------------------------------------------------------------


def test_the_passport_has_the_part_and_prints_it_whole(patient_client, world):
    html = text(patient_client.get(patient_url(world.patient, "/anpassningar/vardpass")))
    assert "Så här brukar jag vara" not in html  # nothing written: no empty part
    assert "Inget är ifyllt än." in html
    long_text = ("Jag sover från 21 till 7 och vaknar ofta en gång. " * 10)[: usual.TEXT_MAX].strip()
    save(patient_client, world.patient, "sova", long_text)
    html = text(patient_client.get(patient_url(world.patient, "/anpassningar/vardpass")))
    assert 'id="part-usual"' in html and long_text in html
    sheet = text(patient_client.get(patient_url(world.patient, "/anpassningar/vardpass/utskrift")))
    assert "Så här brukar jag vara" in sheet and long_text in sheet and "…" not in sheet
    # The paper's date is the last change of what it shows: here the baseline (no needs yet).
    assert "Inget är ifyllt än." not in sheet and "Senast ändrat:" in sheet


def test_an_area_can_be_placed_first_in_the_passport_and_back(patient_client, world):
    save(patient_client, world.patient, "ont", "Jag blir tyst.")
    order = patient_client.get(patient_url(world.patient, "/anpassningar/vardpass/ordna"))
    assert "usual:pain" in text(order)
    moved = patient_client.post_form(
        patient_url(world.patient, "/anpassningar/vardpass/ordna"), {"version": "0", "move": "in usual:pain"}
    )
    assert moved.status_code == 302
    html = text(patient_client.get(patient_url(world.patient, "/anpassningar/vardpass")))
    must = html[html.index('id="part-must"') : html.index('id="part-important"')]
    assert "Jag blir tyst." in must and 'id="part-usual"' not in html
    patient_client.post_form(
        patient_url(world.patient, "/anpassningar/vardpass/ordna"), {"version": "1", "move": "out usual:pain"}
    )
    html = text(patient_client.get(patient_url(world.patient, "/anpassningar/vardpass")))
    assert "Jag blir tyst." in html[html.index('id="part-usual"') :]


def test_the_fullest_profile_with_the_fullest_baseline_loses_nothing(app):
    with app.test_request_context():
        profile = services.Profile(
            1,
            {need.code: ("ord " * 60)[:COMMENT_MAX] for need in NEEDS},
            {
                key: "070-123 45 67" if f.kind == "phone" else ("ord " * 300)[: f.max_length]
                for key, f in FIELDS.items()
            },
            usual={area.key: ("ord " * 200)[: usual.TEXT_MAX] for area in usual.AREAS},
        )
        parts = services.passport(profile)
        assert [item.text for item in parts[services.Part.USUAL]] == [("ord " * 200)[: usual.TEXT_MAX]] * len(
            usual.AREAS
        )
        assert sum(len(items) for items in parts.values()) == len(NEEDS) + len(FIELDS) - 3 + len(usual.AREAS)
        # Nothing is cut: a needs profile full to the brim already takes two pages at the smallest
        # type, so the baseline goes on a third.
        found = services.layout(parts)
        assert found.pages == 3 and found.size == services.PRINT_SIZES[-1]
        # A usual profile with a whole baseline still fits on one page.
        written = services.Profile(
            1,
            {"epilepsy": "", "interpreter": "arabiska"},
            {"calm": "Musik. " * 40},
            usual={area.key: ("ord " * 200)[:150] for area in usual.AREAS},
        )
        assert services.layout(services.passport(written)).pages == 1


def test_the_admin_is_refused(client, world, sign_in):
    sign_in(client, world.admin)
    assert client.get(staff_url(world.patient)).status_code in (403, 404)
    assert client.get(usual_url(world.patient)).status_code in (403, 404)


# --- the demo -------------------------------------------------------------------------------------


def test_the_demo_has_linas_baseline_by_jonas_with_a_change(app, client, sign_in, query):
    from app.demo import DEMO_PASSWORD, load_demo
    from app.extensions import db
    from app.models import User

    with app.app_context():
        load_demo()
        db.session.commit()
    jonas = query(lambda s: s.scalar(select(User).where(User.email == "jonas.lund@exempel.se")))
    lina = query(lambda s: s.scalar(select(Patient).where(Patient.name == "Lina Karlsson")))
    rows = revisions(query, lina)
    assert [(number, acting_as, user) for number, _t, acting_as, user in rows] == [
        (1, "representative", jonas.id),
        (2, "representative", jonas.id),
    ]
    assert set(rows[-1][1]) == {area.key for area in usual.AREAS}
    assert rows[0][1]["sleep"] != rows[1][1]["sleep"]
    sign_in(client, jonas, DEMO_PASSWORD)
    html = text(client.get(usual_url(lina)))
    assert "Jag vaknar ofta en gång på natten" in html and "Inget skrivet." not in html
    assert usual_url(lina, "/sova") in html  # see and prepare: Jonas may change it
    history = text(client.get(usual_url(lina, "/historik")))
    assert history.count("Du ändrade.") == 2 and "Jag somnar fort." in history
    sheet = text(client.get(patient_url(lina, "/anpassningar/vardpass/utskrift")))
    assert "Så här brukar jag vara" in sheet and "Jag gungar med kroppen när jag tittar på tv." in sheet


def test_a_post_without_the_text_is_no_error_and_saves_nothing(patient_client, world, query):
    response = patient_client.post_form(usual_url(world.patient, "/sova"), {"version": "0"})
    assert response.status_code == 302
    assert revisions(query, world.patient) == []
