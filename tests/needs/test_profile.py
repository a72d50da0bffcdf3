"""Mina anpassningar through the HTTP client: saving page by page, the history with who made each
change, old versions, merging with what others saved, bad input, and who may read or change."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AccessEvent, NeedReview, NeedRevision, Scope
from app.needs.catalogue import SECTIONS
from tests.staff.conftest import text
from tests.support.people import patient_url


def needs_url(patient, rest: str = "/") -> str:
    return patient_url(patient, "/anpassningar" + rest)


def revisions(query, patient) -> list[NeedRevision]:
    def run(session):
        rows = session.scalars(
            select(NeedRevision).where(NeedRevision.patient_id == patient.id).order_by(NeedRevision.number)
        ).all()
        for row in rows:
            session.expunge(row)
        return rows

    return query(run)


def current(query, patient) -> tuple[dict, dict]:
    rows = revisions(query, patient)
    return (rows[-1].needs, rows[-1].sections) if rows else ({}, {})


@pytest.fixture
def patient_client(client, world, sign_in):
    sign_in(client, world.patient_user)
    return client


def save_category(client, patient, slug: str, data: dict, version: int = 0):
    return client.post_form(needs_url(patient, f"/behov/{slug}"), {"version": str(version), **data})


def test_the_overview_lists_every_category_and_section(world, patient_client):
    page = patient_client.get(needs_url(world.patient, "/"))
    assert page.status_code == 200
    html = text(page)
    for words in (
        "Tid och bokning",
        "Kommunikation",
        "Annat vi måste veta",
        "Så visar jag att jag har ont",
        "Det här tycker jag om och inte om",
        "Mitt vårdpass",
        "Vem har ändrat?",
    ):
        assert words in html, words
    assert html.count(f'href="{needs_url(world.patient, "/behov/")}') == 8
    assert html.count(f'href="{needs_url(world.patient, "/om-mig/")}') == len(SECTIONS) == 8
    assert "Inget valt." in html


def test_a_category_page_shows_cards_with_pictures_and_a_comment_field(world, patient_client):
    html = text(patient_client.get(needs_url(world.patient, "/behov/kommunikation")))
    assert html.count('class="card card-checkbox"') == 11
    assert 'name="need_interpreter"' in html and 'name="comment_interpreter"' in html
    assert "Skriv vilket språk." in html and 'maxlength="200"' in html
    assert html.count('class="picto picto-lg') >= 11


def test_ticking_needs_with_a_comment_saves_a_version_the_patient_sees(patient_client, world, query):
    response = save_category(
        patient_client,
        world.patient,
        "kommunikation",
        {
            "need_interpreter": "y",
            "comment_interpreter": "  tolk på arabiska ",
            "need_pictures": "y",
            "comment_pictures": "",
            "comment_easy_read": "not ticked, so not kept",
        },
    )
    assert response.status_code == 302 and response.location.endswith(needs_url(world.patient, "/"))
    needs, _sections = current(query, world.patient)
    assert needs == {"interpreter": "tolk på arabiska", "pictures": ""}
    html = text(patient_client.get(needs_url(world.patient, "/")))
    assert "Nu är det sparat." in html
    assert "tolk på arabiska" in html and "Bilder som stöd" in html
    history = text(patient_client.get(needs_url(world.patient, "/historik")))
    assert "Du ändrade." in history and "Lade till:" in history and "Tolk" in history


def test_free_sections_keep_lines_and_merge_with_the_needs(patient_client, world, query):
    save_category(
        patient_client, world.patient, "tid", {"need_longer_visit": "y", "comment_longer_visit": "60 minuter"}
    )
    response = patient_client.post_form(
        needs_url(world.patient, "/om-mig/prata"),
        {
            "version": "1",
            "text_communication": "Jag pekar på bilder.\nJag pratar lite.",
            "text_yes": "Jag nickar.",
            "text_no": "",
        },
    )
    assert response.status_code == 302
    needs, sections = current(query, world.patient)
    assert needs == {"longer_visit": "60 minuter"}
    assert sections == {"communication": "Jag pekar på bilder.\nJag pratar lite.", "yes": "Jag nickar."}
    assert [r.number for r in revisions(query, world.patient)] == [1, 2]
    assert "Jag pekar på bilder." in text(patient_client.get(needs_url(world.patient, "/om-mig/prata")))


def test_saving_without_a_change_makes_no_version(patient_client, world, query):
    save_category(patient_client, world.patient, "rummet", {"need_quiet_room": "y"})
    response = save_category(patient_client, world.patient, "rummet", {"need_quiet_room": "y"}, version=1)
    assert response.status_code == 302
    assert len(revisions(query, world.patient)) == 1
    assert "Du ändrade ingenting." in text(patient_client.get(needs_url(world.patient, "/")))


def test_unticking_removes_a_need_and_the_history_says_so(patient_client, world, query):
    save_category(patient_client, world.patient, "rummet", {"need_quiet_room": "y", "need_dim_light": "y"})
    save_category(patient_client, world.patient, "rummet", {"need_quiet_room": "y"}, version=1)
    assert current(query, world.patient)[0] == {"quiet_room": ""}
    history = text(patient_client.get(needs_url(world.patient, "/historik")))
    assert "Tog bort:" in history and "Dämpat ljus i rummet" in history


def test_two_people_editing_at_once_keep_each_others_changes(make_client, world, sign_in, act_for, query):
    maja, birgitta = make_client(), make_client()
    sign_in(maja, world.patient_user)
    sign_in(birgitta, world.god_man)
    act_for(birgitta, world.patient)
    # Both open the same page at version 0; Birgitta saves first, Maja later, from her old page.
    save_category(birgitta, world.patient, "rummet", {"need_quiet_room": "y", "comment_quiet_room": "helst"})
    save_category(maja, world.patient, "rummet", {"need_few_people": "y"}, version=0)
    needs, _ = current(query, world.patient)
    assert needs == {"quiet_room": "helst", "few_people": ""}
    # Maja's page did not show Birgitta's tick; leaving it unticked is not taking it away.
    rows = revisions(query, world.patient)
    assert [(r.number, r.acting_as) for r in rows] == [(1, "representative"), (2, "patient")]
    assert rows[0].mandate_id == world.mandate.id


def test_a_change_on_a_stale_page_still_wins_for_what_it_changed(make_client, world, sign_in, act_for, query):
    maja, birgitta = make_client(), make_client()
    sign_in(maja, world.patient_user)
    sign_in(birgitta, world.god_man)
    act_for(birgitta, world.patient)
    save_category(maja, world.patient, "tid", {"need_home_visit": "y"})
    save_category(
        birgitta,
        world.patient,
        "tid",
        {"need_home_visit": "y", "comment_home_visit": "på boendet"},
        version=1,
    )
    save_category(
        maja, world.patient, "tid", {}, version=1
    )  # Maja unticks home visit on her page of version 1
    assert current(query, world.patient)[0] == {}


@pytest.mark.parametrize("version", ["99", "-1", "abc", ""])
def test_a_forged_version_is_refused_and_changes_nothing(patient_client, world, query, version):
    response = patient_client.post_form(
        needs_url(world.patient, "/behov/tid"), {"version": version, "need_home_visit": "y"}
    )
    assert response.status_code == 200
    html = text(response)
    assert "Sidan är för gammal" in html
    assert 'name="need_home_visit" value="y" checked' in html  # what was ticked is still there
    assert revisions(query, world.patient) == []
    # The page now carries the newest version, so pressing save again works.
    assert 'name="version" type="hidden" value="0"' in html
    again = patient_client.post_form(
        needs_url(world.patient, "/behov/tid"), {"version": "0", "need_home_visit": "y"}
    )
    assert again.status_code == 302
    assert current(query, world.patient)[0] == {"home_visit": ""}


def test_a_comment_under_an_unticked_card_is_neither_checked_nor_kept(patient_client, world, query):
    response = save_category(
        patient_client,
        world.patient,
        "tid",
        {"need_home_visit": "y", "comment_no_waiting": "tab\there " * 50},
    )
    assert response.status_code == 302
    assert current(query, world.patient)[0] == {"home_visit": ""}


def test_the_printout_is_in_swedish_whatever_the_reader_reads(world, patient_client):
    save_category(patient_client, world.patient, "annat", {"need_epilepsy": "y"})
    patient_client.post_form("/sprak", {"language": "ar", "next": "/"})
    html = text(patient_client.get(needs_url(world.patient, "/vardpass/utskrift")))
    sheet = html[html.index('<article class="sheet ') :]
    assert '<article class="sheet sheet-step-0" lang="sv" dir="ltr"' in html
    assert "Det här måste ni veta om mig" in sheet and "Jag har epilepsi" in sheet
    assert 'lang="ar"' in html[:200]  # the page around it stays in the reader's language


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("comment_interpreter", "x" * 201, "Texten är för lång"),
        ("comment_interpreter", "tab\there", "tecken som inte går att spara"),
    ],
)
def test_a_bad_comment_is_refused_and_the_page_keeps_what_was_typed(
    patient_client, world, query, field, value, message
):
    response = save_category(
        patient_client,
        world.patient,
        "kommunikation",
        {"need_interpreter": "y", field: value, "need_pictures": "y"},
    )
    assert response.status_code == 200
    html = text(response)
    assert message in html and 'name="need_pictures" value="y" checked' in html
    assert revisions(query, world.patient) == []


def test_a_too_long_text_is_refused(patient_client, world, query):
    response = patient_client.post_form(
        needs_url(world.patient, "/om-mig/ont"), {"version": "0", "text_pain": "ont " * 300}
    )
    assert response.status_code == 200 and "Texten är för lång" in text(response)
    assert revisions(query, world.patient) == []


@pytest.mark.parametrize(
    "path", ["behov/finns-inte", "om-mig/finns-inte", "historik/1", "historik/0", "historik/99999999999"]
)
def test_unknown_pages_are_404(world, patient_client, path):
    assert patient_client.get(needs_url(world.patient, f"/{path}")).status_code == 404


def test_an_old_version_shows_what_it_was(patient_client, world):
    save_category(patient_client, world.patient, "sinnen", {"need_sound_sensitive": "y"})
    save_category(patient_client, world.patient, "sinnen", {"need_light_sensitive": "y"}, version=1)
    old = text(patient_client.get(needs_url(world.patient, "/historik/1")))
    assert "Känslig för ljud" in old and "Känslig för starkt ljus" not in old
    assert "gammal version" in old
    now = text(patient_client.get(needs_url(world.patient, "/")))
    assert "Känslig för starkt ljus" in now and "Känslig för ljud" not in now


def test_a_representative_with_the_right_changes_and_is_named(make_client, world, sign_in, act_for, query):
    birgitta = make_client()
    sign_in(birgitta, world.god_man)
    act_for(birgitta, world.patient)
    assert (
        save_category(
            birgitta, world.patient, "stod", {"need_companion": "y", "comment_companion": "Birgitta"}
        ).status_code
        == 302
    )
    maja = make_client()
    sign_in(maja, world.patient_user)
    history = text(maja.get(needs_url(world.patient, "/historik")))
    # The role is kept whole on its line ("(god" and "man)" never on two lines).
    assert 'Birgitta Svensson <span class="note">(god man)</span> ändrade.' in history


def test_a_representative_without_the_right_can_only_read(
    make_client, world, make_mandate, make_user, sign_in, act_for, query
):
    from app.models import Role

    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_mandate(world.patient, jonas, scopes={Scope.SEE, Scope.PREPARE_VISITS})
    client = make_client()
    sign_in(client, jonas)
    act_for(client, world.patient)
    overview = client.get(needs_url(world.patient, "/"))
    assert overview.status_code == 200
    html = text(overview)
    assert "Du kan läsa det här, men inte ändra det." in html
    assert (
        needs_url(world.patient, "/behov/") not in html and needs_url(world.patient, "/om-mig/") not in html
    )
    assert client.get(needs_url(world.patient, "/behov/tid")).status_code == 403
    assert client.get(needs_url(world.patient, "/om-mig/ont")).status_code == 403
    assert save_category(client, world.patient, "tid", {"need_home_visit": "y"}).status_code == 403
    assert client.get(needs_url(world.patient, "/vardpass")).status_code == 200
    assert client.get(needs_url(world.patient, "/historik")).status_code == 200
    assert revisions(query, world.patient) == []


def test_staff_and_admins_have_no_patient_side(make_client, world, sign_in):
    for user in (world.staff, world.admin):
        client = make_client()
        sign_in(client, user)
        assert client.get(needs_url(world.patient, "/")).status_code == 403
        assert save_category(client, world.patient, "tid", {"need_home_visit": "y"}).status_code == 403


def test_every_read_and_change_is_logged(patient_client, world, events):
    patient_client.get(needs_url(world.patient, "/"))
    patient_client.get(needs_url(world.patient, "/behov/tid"))
    save_category(patient_client, world.patient, "tid", {"need_home_visit": "y"})
    patient_client.get(needs_url(world.patient, "/historik/1"))
    patient_client.get(needs_url(world.patient, "/vardpass/utskrift"))
    mine = [
        (action, kind, object_id)
        for user, patient, action, kind, object_id in events(patient_id=world.patient.id)
        if user == world.patient_user.id
    ]
    assert ("read", "needs.overview", "") in mine
    assert ("read", "needs.category", "") in mine
    assert ("update", "needs", "1") in mine
    assert ("read", "needs.version", "") in mine
    # Opening the print version is a read of it (only the browser knows whether it was printed).
    assert ("read", "needs.passport_print", "1") in mine
    assert not [entry for entry in mine if entry[0] == "print"]


def test_the_patient_reads_the_log_in_words(make_client, world, sign_in, staff_client):
    staff_client.get(f"/personal/patienter/{world.patient.public_id}/anpassningar/fhir")
    maja = make_client()
    sign_in(maja, world.patient_user)
    log = text(maja.get(patient_url(world.patient, "/vem-har-tittat")))
    assert "skickade vidare dina anpassningar till journalen." in log


def test_vardpass_has_three_parts_and_the_patients_texts(world, patient_client):
    save_category(
        patient_client, world.patient, "annat", {"need_epilepsy": "y", "comment_epilepsy": "nattetid"}
    )
    patient_client.post_form(
        needs_url(world.patient, "/om-mig/tycker-om"),
        {"version": "1", "text_likes": "Hästar", "text_dislikes": "Kö"},
    )
    html = text(patient_client.get(needs_url(world.patient, "/vardpass")))
    for words in (
        "Det här måste ni veta om mig",
        "Det här är viktigt för mig",
        "Det här tycker jag om och inte om",
        "Jag har epilepsi",
        "nattetid",
        "Hästar",
        "part-must",
        "part-important",
        "part-likes",
    ):
        assert words in html, words
    assert html.index("Jag har epilepsi") < html.index("Det här är viktigt för mig")


def test_the_printout_has_a_qr_code_to_the_staff_view_and_no_health_data_in_it(patient_client, world):
    from tests.staff.conftest import decode_qr

    save_category(patient_client, world.patient, "annat", {"need_epilepsy": "y"})
    html = text(patient_client.get(needs_url(world.patient, "/vardpass/utskrift")))
    link = decode_qr(html)
    assert link.endswith(f"/personal/patienter/{world.patient.public_id}/anpassningar/vardpass")
    assert "epilepsi" not in link.lower() and "Maja" not in link
    assert "Jag har epilepsi" in html


# --- the staff side -----------------------------------------------------------------------------


def staff_url(world, path: str = "") -> str:
    return f"/personal/patienter/{world.patient.public_id}/anpassningar{path}"


def test_the_patient_card_shows_needs_at_a_glance(staff_client, patient_client_second, world):
    html = text(staff_client.get(f"/personal/patienter/{world.patient.public_id}"))
    assert 'id="anpassningar"' in html
    assert "Tolk" in html and "arabiska" in html
    assert "aldrig gåtts igenom" in html


@pytest.fixture
def patient_client_second(make_client, world, sign_in):
    """Maja saves a need from her own browser before the staff test looks."""
    client = make_client()
    sign_in(client, world.patient_user)
    save_category(
        client, world.patient, "kommunikation", {"need_interpreter": "y", "comment_interpreter": "arabiska"}
    )
    return client


def test_staff_change_needs_a_reason_and_the_patient_sees_it(
    staff_client, make_client, world, sign_in, query
):
    page = staff_client.get(staff_url(world, "/andra"))
    assert page.status_code == 200 and text(page).count('type="checkbox"') >= 40
    refused = staff_client.post_form(
        staff_url(world, "/andra"), {"version": "0", "need_same_staff": "y", "reason": ""}
    )
    assert refused.status_code == 200 and "Skriv varför" in text(refused)
    assert revisions(query, world.patient) == []
    done = staff_client.post_form(
        staff_url(world, "/andra"),
        {
            "version": "0",
            "need_same_staff": "y",
            "comment_same_staff": "Karin",
            "reason": "Maja bad om det på besöket.",
        },
    )
    assert done.status_code == 302
    row = revisions(query, world.patient)[-1]
    assert (row.acting_as, row.reason, row.needs) == (
        "staff",
        "Maja bad om det på besöket.",
        {"same_staff": "Karin"},
    )
    maja = make_client()
    sign_in(maja, world.patient_user)
    history = text(maja.get(needs_url(world.patient, "/historik")))
    assert "Varför: Maja bad om det på besöket." in history
    assert '<span class="note">(vårdlots)</span> ändrade.' in history


def test_a_review_is_recorded_with_date_and_who(staff_client, make_client, world, sign_in, query):
    from datetime import date, timedelta

    future = (date.today() + timedelta(days=2)).isoformat()
    refused = staff_client.post_form(
        staff_url(world, "/genomgang"), {"reviewed_on": future, "together_with": "Maja"}
    )
    assert refused.status_code == 200 and "har inte varit än" in text(refused)
    for bad in ("", "31/12/2026", "1899-01-01"):
        response = staff_client.post_form(
            staff_url(world, "/genomgang"), {"reviewed_on": bad, "together_with": "Maja"}
        )
        assert response.status_code == 200, bad
    done = staff_client.post_form(
        staff_url(world, "/genomgang"),
        {
            "reviewed_on": date.today().isoformat(),
            "together_with": "Maja och Birgitta",
            "note": "Bara för personal",
        },
    )
    assert done.status_code == 302
    reviews = query(lambda s: s.scalars(select(NeedReview)).all())
    assert len(reviews) == 1 and reviews[0].together_with == "Maja och Birgitta"
    card = text(staff_client.get(f"/personal/patienter/{world.patient.public_id}"))
    assert "Senast genomgånget" in card and "aldrig gåtts igenom" not in card
    maja = make_client()
    sign_in(maja, world.patient_user)
    history = text(maja.get(needs_url(world.patient, "/historik")))
    assert "gick igenom allt med Maja och Birgitta." in history
    assert "Bara för personal" not in history


def test_another_clinics_staff_see_nothing(make_client, world, sign_in, query):
    client = make_client()
    sign_in(client, world.other_staff)
    for path in (
        "/andra",
        "/genomgang",
        "/historik",
        "/historik/1",
        "/vardpass",
        "/vardpass/utskrift",
        "/fhir",
    ):
        assert client.get(staff_url(world, path)).status_code == 404, path
    response = client.post_form(
        staff_url(world, "/andra"), {"version": "0", "need_same_staff": "y", "reason": "x"}
    )
    assert response.status_code == 404
    assert revisions(query, world.patient) == []


def test_patients_and_representatives_have_no_staff_side(make_client, world, sign_in):
    for user in (world.patient_user, world.god_man):
        client = make_client()
        sign_in(client, user)
        for path in ("/andra", "/vardpass", "/fhir"):
            assert client.get(staff_url(world, path)).status_code == 403, path


def test_the_qr_link_asks_a_stranger_to_sign_in(client, world):
    response = client.get(staff_url(world, "/vardpass"))
    assert response.status_code == 302 and "/logga-in" in response.location


def test_staff_print_and_export_are_logged(staff_client, world, events, query):
    staff_client.get(staff_url(world, "/vardpass"))
    staff_client.get(staff_url(world, "/vardpass/utskrift"))
    staff_client.get(staff_url(world, "/fhir"))
    mine = [
        (action, kind)
        for user, patient, action, kind, _ in events(patient_id=world.patient.id)
        if user == world.staff.id
    ]
    assert ("read", "needs_staff.passport") in mine
    assert ("read", "needs_staff.passport_print") in mine  # opening it is no print
    assert ("export", "needs.fhir") in mine
    acting = query(
        lambda s: set(
            s.scalars(
                select(AccessEvent.acting_as).where(
                    AccessEvent.user_id == world.staff.id, AccessEvent.patient_id == world.patient.id
                )
            )
        )
    )
    assert acting == {"staff"}


def test_history_pages_through_many_versions(patient_client, world, query):
    for number in range(25):
        save_category(
            patient_client,
            world.patient,
            "tid",
            {"need_longer_visit": "y", "comment_longer_visit": f"{number + 1} min"},
            version=number,
        )
    assert len(revisions(query, world.patient)) == 25
    first = text(patient_client.get(needs_url(world.patient, "/historik")))
    assert "Äldre" in first and ">25 min<" in first and ">5 min<" not in first
    second = text(patient_client.get(needs_url(world.patient, "/historik?sida=2")))
    assert "Nyare" in second and ">1 min<" in second
    assert text(patient_client.get(needs_url(world.patient, "/historik?sida=99"))).count("history-entry") == 0


def test_a_page_saved_after_the_session_timed_out_comes_back_filled_in(client, world, sign_in, query):
    """Ticked and typed, left the tablet, came back and pressed save: nothing is lost."""
    from datetime import timedelta

    from sqlalchemy import update

    from app.models import AuthSession, utcnow
    from tests.support.accounts import PASSWORD

    sign_in(client, world.patient_user)
    page = needs_url(world.patient, "/behov/kommunikation")
    assert client.get(page).status_code == 200
    token = client.csrf_token()
    query(
        lambda s: (
            s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=45))),
            s.commit(),
        )
    )
    response = client.post(
        page,
        data={
            "csrf_token": token,
            "version": "0",
            "need_interpreter": "y",
            "comment_interpreter": "tolk på somaliska",
        },
    )
    assert response.status_code == 302 and "/logga-in" in response.location
    assert revisions(query, world.patient) == []

    response = client.post_form(
        "/logga-in", {"email": world.patient_user.email, "password": PASSWORD, "next": page}
    )
    assert response.location == page
    html = text(client.get(page))
    assert 'name="need_interpreter" value="y" checked' in html
    assert 'value="tolk på somaliska"' in html and "Ingenting är sparat än" in html
    assert revisions(query, world.patient) == []
    token_form = {"version": "0", "need_interpreter": "y", "comment_interpreter": "tolk på somaliska"}
    assert client.post_form(page, token_form).status_code == 302
    assert current(query, world.patient)[0] == {"interpreter": "tolk på somaliska"}


@pytest.mark.parametrize("path,field", [("behov/tid", "comment_home_visit"), ("om-mig/ont", "text_pain")])
def test_a_100_kb_field_gets_a_clear_answer_and_changes_nothing(patient_client, world, query, path, field):
    response = patient_client.post_form(
        needs_url(world.patient, f"/{path}"), {"version": "0", "need_home_visit": "y", field: "å" * 100_000}
    )
    # Under the request size limit, so the form answers at the field, keeping the rest.
    assert response.status_code == 200
    assert "Texten är för lång" in text(response)
    assert revisions(query, world.patient) == []
