"""Mitt vårdpass never cuts what was written: the contact person, medicines and allergies, the
order the person chose for "Det här måste ni veta om mig", and the layout estimate that chooses
the type size and tells the edit pages how much still fits on page 1."""

from __future__ import annotations

import re

import pytest

from app.needs import services
from app.needs.catalogue import COMMENT_MAX, FIELDS, NEEDS, Part
from tests.staff.conftest import text

from .test_profile import current, needs_url, revisions, save_category


@pytest.fixture
def patient_client(client, world, sign_in):
    sign_in(client, world.patient_user)
    return client


def order_page(client, patient) -> str:
    return text(client.get(needs_url(patient, "/vardpass/ordna")))


def move(client, patient, what: str, version: int):
    return client.post_form(needs_url(patient, "/vardpass/ordna"), {"version": str(version), "move": what})


def must_titles(client, patient) -> list[str]:
    html = text(client.get(needs_url(patient, "/vardpass")))
    must = html[html.index('id="part-must"') : html.index('id="part-important"')]
    return re.findall(r'class="part-item-title">([^<]+)<', must)


# --- the contact person, medicines and allergies ------------------------------------------------


def test_contact_medicines_and_allergies_are_saved_shown_and_printed(patient_client, world, query, events):
    assert (
        patient_client.post_form(
            needs_url(world.patient, "/om-mig/kontakt"),
            {
                "version": "0",
                "text_contact_name": "Birgitta Svensson",
                "text_contact_role": "god man",
                "text_contact_phone": "070-123 45 67",
            },
        ).status_code
        == 302
    )
    assert (
        patient_client.post_form(
            needs_url(world.patient, "/om-mig/mediciner"),
            {
                "version": "1",
                "text_medicines": "Levaxin 50 mikrogram på morgonen",
                "text_allergies": "Penicillin, nötter",
            },
        ).status_code
        == 302
    )
    sections = current(query, world.patient)[1]
    assert sections["contact_phone"] == "070-123 45 67" and sections["allergies"] == "Penicillin, nötter"
    page = text(patient_client.get(needs_url(world.patient, "/vardpass")))
    assert "Kontaktperson:" in page and "Birgitta Svensson" in page and "070-123 45 67" in page
    # Medicines and allergies are what the team must know; the contact is by the name.
    assert "Mina allergier" in must_titles(patient_client, world.patient)
    sheet = text(patient_client.get(needs_url(world.patient, "/vardpass/utskrift")))
    head = sheet[sheet.index('class="sheet-head"') : sheet.index('id="part-must"')]
    assert "Birgitta Svensson" in head and "god man" in head and "070-123 45 67" in head
    assert "Levaxin 50 mikrogram på morgonen" in sheet and "Penicillin, nötter" in sheet
    mine = [(action, kind) for _u, _p, action, kind, _o in events(patient_id=world.patient.id)]
    assert mine.count(("update", "needs")) == 2
    history = text(patient_client.get(needs_url(world.patient, "/historik")))
    assert "Telefon till kontaktpersonen" in history and "Mina allergier" in history


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("text_contact_phone", "ring Birgitta", "Skriv telefonnumret med siffror"),
        ("text_contact_phone", "12", "Skriv telefonnumret med siffror"),
        ("text_contact_phone", "0" * 31, "Texten är för lång. Skriv högst 30 tecken."),
        ("text_contact_name", "B" * 101, "Texten är för lång. Skriv högst 100 tecken."),
        ("text_contact_name", "Birgitta\nSvensson", "tecken som inte går att spara"),
    ],
)
def test_a_bad_contact_is_refused_in_easy_words_and_changes_nothing(
    patient_client, world, query, field, value, message
):
    response = patient_client.post_form(
        needs_url(world.patient, "/om-mig/kontakt"),
        {"version": "0", "text_contact_role": "god man", field: value},
    )
    assert response.status_code == 200
    html = text(response)
    assert message in html and 'value="god man"' in html  # what was typed stays
    assert revisions(query, world.patient) == []


@pytest.mark.parametrize("field,limit", [("text_medicines", 400), ("text_allergies", 300)])
def test_too_long_medicines_or_allergies_are_refused(patient_client, world, query, field, limit):
    response = patient_client.post_form(
        needs_url(world.patient, "/om-mig/mediciner"), {"version": "0", field: "a" * (limit + 1)}
    )
    assert response.status_code == 200
    assert f"Texten är för lång. Skriv högst {limit} tecken." in text(response)
    assert revisions(query, world.patient) == []


def test_a_helper_sees_the_patient_named_on_the_new_pages(make_client, world, sign_in, act_for):
    birgitta = make_client()
    sign_in(birgitta, world.god_man)
    act_for(birgitta, world.patient)
    name = world.patient.display_name
    assert f"Kontaktperson för {name}" in text(birgitta.get(needs_url(world.patient, "/om-mig/kontakt")))
    assert f"Mediciner och allergier för {name}" in text(
        birgitta.get(needs_url(world.patient, "/om-mig/mediciner"))
    )
    order = order_page(birgitta, world.patient)
    assert f"Det här ska stå först i vårdpasset för {name}" in order
    assert f"Det här måste ni veta om {name}" in order


# --- the order of "Det här måste ni veta om mig" ------------------------------------------------


def test_the_person_moves_needs_under_must_know_and_orders_them(patient_client, world, query, events):
    save_category(patient_client, world.patient, "annat", {"need_epilepsy": "y", "need_swallowing": "y"})
    save_category(
        patient_client,
        world.patient,
        "sinnen",
        {"need_sound_sensitive": "y", "comment_sound_sensitive": "Hörselkåpor i väntrummet"},
        version=1,
    )
    assert must_titles(patient_client, world.patient) == ["Jag har epilepsi", "Jag har svårt att svälja"]
    page = order_page(patient_client, world.patient)
    # Each item has its buttons: a first one cannot move up, a last one not down.
    assert 'value="in need:sound_sensitive"' in page and 'value="up need:epilepsy"' not in page
    assert 'value="down need:epilepsy"' in page and 'value="down need:swallowing"' not in page

    response = move(patient_client, world.patient, "in need:sound_sensitive", 2)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/vardpass/ordna#item-need-sound-sensitive")
    move(patient_client, world.patient, "up need:sound_sensitive", 3)
    move(patient_client, world.patient, "up need:sound_sensitive", 4)
    assert must_titles(patient_client, world.patient) == [
        "Känslig för ljud",
        "Jag har epilepsi",
        "Jag har svårt att svälja",
    ]
    move(patient_client, world.patient, "out need:swallowing", 5)
    assert must_titles(patient_client, world.patient) == ["Känslig för ljud", "Jag har epilepsi"]
    important = text(patient_client.get(needs_url(world.patient, "/vardpass")))
    assert "Jag har svårt att svälja" in important[important.index('id="part-important"') :]
    # Saving the needs again keeps the order, and a new must-know need comes after the chosen.
    save_category(
        patient_client,
        world.patient,
        "annat",
        {"need_epilepsy": "y", "need_swallowing": "y", "need_self_harm": "y"},
        version=6,
    )
    assert must_titles(patient_client, world.patient) == [
        "Känslig för ljud",
        "Jag har epilepsi",
        "Jag kan skada mig själv",
    ]
    # The paper has the same order.
    sheet = text(patient_client.get(needs_url(world.patient, "/vardpass/utskrift")))
    assert (
        sheet.index("Hörselkåpor i väntrummet")
        < sheet.index("Jag har epilepsi")
        < sheet.index("Det här är viktigt för mig")
        < sheet.index("Jag har svårt att svälja")
    )
    assert [row.number for row in revisions(query, world.patient)] == list(range(1, 8))
    mine = [(action, kind) for _u, _p, action, kind, _o in events(patient_id=world.patient.id)]
    assert mine.count(("update", "needs")) == 7
    assert "Ändrade ordningen i vårdpasset." in text(
        patient_client.get(needs_url(world.patient, "/historik"))
    )


def test_a_move_that_changes_nothing_makes_no_version(patient_client, world, query):
    save_category(patient_client, world.patient, "annat", {"need_epilepsy": "y"})
    response = move(patient_client, world.patient, "up need:epilepsy", 1)
    assert response.status_code == 302
    assert len(revisions(query, world.patient)) == 1


@pytest.mark.parametrize(
    "what,version",
    [
        ("in need:not_a_need", 1),
        ("in need:wheelchair", 1),
        ("jump need:epilepsy", 1),
        ("", 1),
        ("in need:epilepsy", 99),
        ("in need:epilepsy", "x"),
        ("in " + "x" * 200, 1),
    ],
)
def test_a_bad_move_is_refused_and_changes_nothing(patient_client, world, query, what, version):
    save_category(patient_client, world.patient, "annat", {"need_epilepsy": "y"})
    response = move(patient_client, world.patient, what, version)
    assert response.status_code == 200
    assert 'class="error-summary"' in text(response)
    assert len(revisions(query, world.patient)) == 1


def test_a_helper_who_may_only_read_cannot_move(
    make_client, world, make_mandate, make_user, sign_in, act_for, query
):
    from app.models import Role, Scope

    jonas = make_user(Role.REPRESENTATIVE, name="Jonas Lund")
    make_mandate(world.patient, jonas, scopes={Scope.SEE})
    client = make_client()
    sign_in(client, jonas)
    act_for(client, world.patient)
    assert "/vardpass/ordna" not in text(client.get(needs_url(world.patient, "/vardpass")))
    assert client.get(needs_url(world.patient, "/vardpass/ordna")).status_code == 403
    assert move(client, world.patient, "in need:epilepsy", 0).status_code == 403
    assert revisions(query, world.patient) == []


# --- the layout: nothing cut, and how much still fits ---------------------------------------------


def fullest() -> services.Profile:
    return services.Profile(
        1,
        {need.code: ("ord " * 60)[:COMMENT_MAX] for need in NEEDS},
        {
            key: "070-123 45 67" if f.kind == "phone" else ("ord " * 300)[: f.max_length]
            for key, f in FIELDS.items()
        },
    )


def test_the_fullest_profile_takes_two_pages_in_smaller_type_and_nothing_is_cut(app):
    with app.test_request_context():
        parts = services.passport(fullest())
        assert sum(len(items) for items in parts.values()) == len(NEEDS) + len(FIELDS) - 3
        assert all(
            len(item.text) in (COMMENT_MAX, 1000, 400, 300) for items in parts.values() for item in items
        )
        found = services.layout(parts)
        assert found.pages == 2 and found.step > 0 and found.lines_left == 0


def test_a_short_profile_fits_one_page_and_says_how_many_lines_are_left(app):
    with app.test_request_context():
        empty = services.layout(services.passport(services.Profile()))
        some = services.layout(
            services.passport(
                services.Profile(1, {"epilepsy": "", "interpreter": "arabiska"}, {"calm": "Musik. " * 40})
            )
        )
        assert empty.pages == some.pages == 1 and empty.step == some.step == 0
        assert empty.lines_left > some.lines_left > 20


def test_the_edit_pages_say_how_much_still_fits_on_page_1(patient_client, world):
    for path in ("/behov/tid", "/om-mig/ont", "/vardpass", "/vardpass/ordna"):
        html = text(patient_client.get(needs_url(world.patient, path)))
        lines = re.search(r"finns plats för ungefär (\d+) rader till", html)
        assert lines and int(lines.group(1)) > 30, path
    patient_client.post_form(
        needs_url(world.patient, "/om-mig/ont"), {"version": "0", "text_pain": "Jag blir tyst. " * 60}
    )
    after = text(patient_client.get(needs_url(world.patient, "/behov/tid")))
    assert int(re.search(r"ungefär (\d+) rader till", after).group(1)) < int(lines.group(1))


def test_a_full_profile_says_the_paper_has_two_pages(patient_client, world):
    from app.needs.catalogue import SECTIONS

    pages = [section for section in SECTIONS if section.part is not None]
    for version, section in enumerate(pages):
        assert (
            patient_client.post_form(
                needs_url(world.patient, f"/om-mig/{section.slug}"),
                {
                    "version": str(version),
                    **{f"text_{f.key}": ("ord " * 250)[: f.max_length] for f in section.fields},
                },
            ).status_code
            == 302
        )
    html = text(patient_client.get(needs_url(world.patient, "/vardpass")))
    assert "Vårdpasset har 2 sidor nu." in html


def test_the_printout_keeps_every_character_and_never_adds_an_ellipsis(patient_client, world):
    comment = "Ring gruppboendet Solrosen på 019-55 12 34 innan, hon behöver hörselkåpor " * 3
    comment = comment[:COMMENT_MAX].strip()
    save_category(
        patient_client,
        world.patient,
        "sinnen",
        {"need_sound_sensitive": "y", "comment_sound_sensitive": comment},
    )
    sheet = text(patient_client.get(needs_url(world.patient, "/vardpass/utskrift")))
    assert comment in sheet and "…" not in sheet
    assert Part.MUST.value in sheet
