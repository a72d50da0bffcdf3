"""Before the visit, as a group-home worker and the vårdlots found it: "Avboka eller flytta" needs
the same right as every message to the vårdlots, and says so in the same words; the request sent
is one state on the visit page (move or cancel, why, who, when; ring the clinic when the visit is
today or tomorrow) and shows on the staff's visit page; reminders are in the access log; the visit
page and the kallelse speak to the helper about the patient by name; the kallelse names every
need as a sentence of the letter; a full stop after a phone link keeps its place."""

from __future__ import annotations

import re

from flask_babel import force_locale
from sqlalchemy import select, update

from app.models import (
    AccessEvent,
    Conversation,
    ConversationStatus,
    HomeMandate,
    Mandate,
    Role,
    Scope,
)
from app.needs.catalogue import NEEDS
from app.templating import tel_links
from app.visits.letter_needs import LETTER_SENTENCES
from tests.support.pages import words
from tests.support.people import patient_url
from tests.visits.test_notices import mail_server  # noqa: F401  (a fixture)

from .conftest import local_at
from .test_before_visit import VISIT_DAY, at_local, change_url, requests_about, run_reminders


def visit_url(world, visit, rest: str = "") -> str:
    return patient_url(world.patient, f"/besok/{visit.public_id}{rest}")


def html(client, url: str) -> str:
    return client.get(url).get_data(as_text=True)


def clinic_tel(world) -> str:
    return "tel:" + re.sub(r"[ -]", "", world.clinic.phone)


def set_scopes(query, mandate_id: int, scopes: set[Scope]) -> None:
    query(lambda s: (s.get(Mandate, mandate_id).set_scopes(scopes), s.commit()))


# --- the right, and the words about it ------------------------------------------------------------


def test_asking_to_cancel_or_move_needs_the_right_to_write_to_the_vardlots(
    app, world, visits, make_client, sign_in, query
):
    """A helper who may prepare visits but not write to the vårdlots (the review's Jonas for
    Erik) is told what Kontakta vårdlotsen tells him, and to ring; one who may write but not
    prepare may ask."""
    set_scopes(query, world.mandate.id, {Scope.SEE, Scope.PREPARE_VISITS})
    helper = make_client()
    sign_in(helper, world.god_man)
    page = words(helper.get(visit_url(world, visits.visit)))
    assert change_url(world, visits.visit) not in html(helper, visit_url(world, visits.visit))
    assert "Du får inte skriva till vårdlotsen för Maja." in page
    assert "Kan Maja inte komma? Ring vårdcentralen:" in page
    assert f'href="{clinic_tel(world)}"' in helper.get(visit_url(world, visits.visit)).get_data(as_text=True)
    contact = words(helper.get(patient_url(world.patient, "/kontakt/")))
    assert "Du får inte skriva till vårdlotsen för Maja." in contact  # the same words
    kallelse = helper.get(visit_url(world, visits.visit, "/kallelse")).get_data(as_text=True)
    assert change_url(world, visits.visit) not in kallelse and "Eller tryck på Avboka" not in kallelse
    refused = helper.post_form(change_url(world, visits.visit), {"what": "cancel", "why": ["ill"]})
    assert refused.status_code == 403 and requests_about(query, visits.visit) == []

    set_scopes(query, world.mandate.id, {Scope.SEE, Scope.WRITE_TO_VARDLOTS})
    assert change_url(world, visits.visit) in html(helper, visit_url(world, visits.visit))
    sent = helper.post_form(change_url(world, visits.visit), {"what": "cancel", "why": ["ill"]})
    assert sent.status_code == 302
    (conversation,) = requests_about(query, visits.visit)
    assert conversation.details == {"what": "cancel", "why": ["ill"]}


def test_the_group_homes_worker_with_see_and_prepare_is_not_offered_it(
    app, world, visits, make_user, make_home_member, make_client, sign_in, query
):
    """The review's case: Jonas at Solgläntan, whose mandate sees and prepares visits."""
    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_home_member(world.home, jonas)
    client = make_client()
    sign_in(client, jonas)
    page = words(client.get(visit_url(world, visits.visit)))
    assert "Du får inte skriva till vårdlotsen för Maja." in page and "Avboka eller flytta" in page
    assert client.get(change_url(world, visits.visit)).status_code == 403
    # The clinic lets the home write to the vårdlots: now he may ask.
    query(
        lambda s: (
            s.get(HomeMandate, world.home_mandate.id).set_scopes(
                {Scope.SEE, Scope.PREPARE_VISITS, Scope.WRITE_TO_VARDLOTS}
            ),
            s.commit(),
        )
    )
    assert client.get(change_url(world, visits.visit)).status_code == 200


# --- the request sent: one state, on both sides ---------------------------------------------------


def test_a_request_for_tomorrow_says_to_ring_and_shows_on_both_sides(
    app, world, visits, make_visit, make_client, sign_in, staff_client, query
):
    tomorrow = make_visit(world.patient, visits.type, starts_at=local_at(1, 9, 0))
    god_man = make_client()
    sign_in(god_man, world.god_man)
    form = html(god_man, change_url(world, tomorrow))
    assert "Besöket är i morgon." in words(god_man.get(change_url(world, tomorrow)))
    assert f'href="{clinic_tel(world)}"' in form
    sent = god_man.post_form(change_url(world, tomorrow), {"what": "cancel", "why": ["ill", "companion"]})
    assert sent.status_code == 302
    (conversation,) = requests_about(query, tomorrow)

    # The helper who asked, and the patient: one state, in words.
    mine = words(god_man.get(visit_url(world, tomorrow)))
    assert "Du har bett vårdlotsen att avboka besöket." in mine
    assert "Varför: Sjuk och Ingen kan följa med." in mine
    assert "Besöket är i morgon." in mine and "Ring vårdcentralen:" in mine
    patient = make_client()
    sign_in(patient, world.patient_user)
    shown_html = html(patient, visit_url(world, tomorrow))
    theirs = words(patient.get(visit_url(world, tomorrow)))
    assert "Birgitta Svensson har bett vårdlotsen att avboka besöket." in theirs
    assert "Skickat i dag klockan" in theirs
    assert f'href="{clinic_tel(world)}"' in shown_html
    assert patient_url(world.patient, f"/kontakt/{conversation.public_id}") in shown_html
    assert change_url(world, tomorrow) not in shown_html  # no second request from here

    # The staff's visit page: the open request, with who asked, when and a link to it.
    staff_page = f"/personal/patienter/{world.patient.public_id}/besok/{tomorrow.public_id}"
    shown = words(staff_client.get(staff_page))
    assert "Patientens sida vill avboka besöket" in shown
    assert "Varför: Sjuk och Ingen kan följa med." in shown and "Birgitta Svensson" in shown
    link = f"/personal/patienter/{world.patient.public_id}/samtal/{conversation.public_id}"
    assert link in staff_client.get(staff_page).get_data(as_text=True)
    # Another visit of hers has no request on it.
    other = f"/personal/patienter/{world.patient.public_id}/besok/{visits.visit.public_id}"
    assert "Patientens sida vill" not in words(staff_client.get(other))
    # Marked done in the inbox: the visit pages are back to the button.
    query(
        lambda s: (
            s.execute(
                update(Conversation)
                .where(Conversation.id == conversation.id)
                .values(status=ConversationStatus.DONE)
            ),
            s.commit(),
        )
    )
    assert "Patientens sida vill" not in words(staff_client.get(staff_page))
    assert change_url(world, tomorrow) in patient.get(visit_url(world, tomorrow)).get_data(as_text=True)


def test_a_move_three_days_ahead_says_move_and_no_ring(app, world, visits, make_client, sign_in):
    patient = make_client()
    sign_in(patient, world.patient_user)
    sent = patient.post_form(change_url(world, visits.visit), {"what": "move", "why": ["time"]})
    assert sent.status_code == 302
    page = words(patient.get(visit_url(world, visits.visit)))
    assert "Du har bett vårdlotsen att flytta besöket." in page
    assert "Varför: Kan inte komma den tiden." in page
    assert "Besöket är i morgon." not in page and "Besöket är i dag." not in page


# --- reminders in the access log ------------------------------------------------------------------


def test_each_reminder_is_in_the_patients_access_log(
    app,
    world,
    visits,
    make_client,
    sign_in,
    query,
    events,
    mail_server,  # noqa: F811 (the fixture imported above)
):
    mail_server.up()
    assert run_reminders(app, at_local(VISIT_DAY - 1, 9, 30)) == 2
    logged = [e for e in events(patient_id=world.patient.id) if e[3] == "visit.reminder"]
    assert sorted(logged) == sorted(
        [
            (world.patient_user.id, world.patient.id, "export", "visit.reminder", visits.visit.public_id),
            (world.home_manager.id, world.patient.id, "export", "visit.reminder", visits.visit.public_id),
        ]
    )
    home = query(
        lambda s: s.scalar(
            select(AccessEvent.home_mandate_id).where(
                AccessEvent.object_type == "visit.reminder", AccessEvent.user_id == world.home_manager.id
            )
        )
    )
    assert home == world.home_mandate.id  # sent under the home's mandate, and the log says so
    # Run again: nothing sent, nothing logged.
    assert run_reminders(app, at_local(VISIT_DAY - 1, 10, 30)) == 0
    assert len([e for e in events(patient_id=world.patient.id) if e[3] == "visit.reminder"]) == 2

    patient = make_client()
    sign_in(patient, world.patient_user)
    log = words(patient.get(patient_url(world.patient, "/vem-har-tittat")))
    assert "Lotsen skickade en påminnelse om ditt besök till dig." in log
    assert "Lotsen skickade en påminnelse om ditt besök till Sara Nilsson." in log
    god_man = make_client()
    sign_in(god_man, world.god_man)
    theirs = words(god_man.get(patient_url(world.patient, "/vem-har-tittat")))
    assert "Lotsen skickade en påminnelse om besöket till Maja Andersson." in theirs
    assert "Lotsen skickade en påminnelse om Majas besök till Sara Nilsson." in theirs


# --- whom the pages are for -----------------------------------------------------------------------


def test_the_visit_page_and_kallelse_speak_about_the_patient_to_a_helper(
    app, world, visits, make_client, sign_in
):
    helper = make_client()
    sign_in(helper, world.god_man)
    page = words(helper.get(visit_url(world, visits.visit)))
    assert "Lägg in i kalendern" in page and "min kalender" not in page
    letter = words(helper.get(visit_url(world, visits.visit, "/kallelse")))
    assert "Maja har en tid hos Kumla vårdcentral." in letter
    assert "Kan Maja inte komma?" in letter and "Kan du inte komma?" not in letter
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert "Lägg in i min kalender" in words(patient.get(visit_url(world, visits.visit)))
    own = words(patient.get(visit_url(world, visits.visit, "/kallelse")))
    assert "Du har en tid hos Kumla vårdcentral." in own and "Kan du inte komma?" in own


# --- the needs on the kallelse ----------------------------------------------------------------------


def test_every_need_has_a_sentence_for_the_letter():
    assert {need.code for need in NEEDS} == set(LETTER_SENTENCES)


def test_the_kallelse_names_every_planned_need_as_a_sentence(
    app, world, visits, make_client, sign_in, give_needs
):
    chosen = {
        "home_visit": "",
        "quiet_room": "",
        "dim_light": "",
        "same_staff": "",
        "pictures": "",
        "read_aloud": "Maja läser inte.",
        "interpreter": "Arabiska",
        "wheelchair": "",
        "companion": "Någon från boendet.",
        "epilepsy": "",
    }
    give_needs(world.patient, chosen)
    helper = make_client()
    sign_in(helper, world.god_man)
    letter = visit_url(world, visits.visit, "/kallelse")
    for url in (letter, letter + "/skriv-ut"):
        page = words(helper.get(url))
        assert "Vi har planerat för det här" in page
        for code, comment in chosen.items():
            assert str(LETTER_SENTENCES[code]) in page, code
            assert comment in page
        assert "Och 1 till" not in page
        assert "Hembesök" not in page  # the label of the needs page, not a sentence
    page = html(helper, letter)
    # Grouped as the needs pages are: time, the room, communication, moving, support, other.
    assert page.count('class="kallelse-need-group"') == 6
    assert page.index("Vi kan komma hem i stället.") < page.index("Vi har bokat det lugna rummet.")
    assert page.index("Vi har bokat det lugna rummet.") < page.index("Vi har bokat en tolk.")


# --- a full stop after a phone link ---------------------------------------------------------------


def test_a_full_stop_after_112_stays_by_the_number(app, world, make_client, sign_in):
    with app.test_request_context():
        with force_locale("sv"):
            swedish = str(tel_links("Är det akut? Ring 112. Ring 1177, sedan"))
        with force_locale("ar"):
            arabic = str(tel_links("اتصل بـ 112."))
    assert '<strong>112</strong><span class="tel-stop">.</span></a> Ring' in swedish
    assert '<strong>1177</strong><span class="tel-stop">,</span></a> sedan' in swedish
    assert arabic.endswith("<strong>112</strong></a>.")  # right to left: the stop stays outside
    patient = make_client()
    sign_in(patient, world.patient_user)
    contact = html(patient, patient_url(world.patient, "/kontakt/"))
    assert '<a dir="ltr" href="tel:112"><strong>112</strong><span class="tel-stop">.</span></a>' in contact
