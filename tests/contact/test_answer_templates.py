"""Svarsmallar: the vårdlots team's own easy answer templates, Lotsen's defaults until the team
changes the list, every refusal, and "Använd mallen" on the answer page keeping what was typed."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from app.contact.catalogue import ANSWER_TEMPLATES
from app.models import AccessAction, AccessEvent, AnswerTemplate, ContactMessage
from tests.staff.conftest import text
from tests.support.forms import changes, snapshot

LIST = "/personal/svarsmallar"
NEW = LIST + "/ny"
HARD = (
    "Vederbörande tillhandahåller medicineringsrelaterade upplysningar beträffande "
    "receptförnyelseförfarandet."
)


def edit_path(template_id: str) -> str:
    return f"{LIST}/{template_id}/andra"


def delete_path(template_id: str) -> str:
    return f"{LIST}/{template_id}/ta-bort"


def move_path(template_id: str) -> str:
    return f"{LIST}/{template_id}/flytta"


def rows(query, clinic) -> list[tuple[str, str, str]]:
    """The clinic's templates in order, as (title, text, default key)."""
    return query(
        lambda s: [
            (t.title, t.text, t.default_key)
            for t in s.scalars(
                select(AnswerTemplate)
                .where(AnswerTemplate.clinic_id == clinic.id)
                .order_by(AnswerTemplate.position, AnswerTemplate.id)
            )
        ]
    )


def public_ids(query, clinic) -> list[str]:
    return query(
        lambda s: list(
            s.scalars(
                select(AnswerTemplate.public_id)
                .where(AnswerTemplate.clinic_id == clinic.id)
                .order_by(AnswerTemplate.position, AnswerTemplate.id)
            )
        )
    )


def template_events(query) -> list[tuple[str, str]]:
    return query(
        lambda s: [
            (e.action.value, e.object_id)
            for e in s.scalars(
                select(AccessEvent)
                .where(AccessEvent.object_type == "answer_template")
                .order_by(AccessEvent.id)
            )
        ]
    )


def errors(response) -> str:
    html = text(response)
    assert response.status_code == 200 and "<title>Fel:" in html, response.status_code
    return unescape(html)


def add_templates(query, clinic, count: int) -> None:
    def run(session):
        session.add_all(
            [
                AnswerTemplate(clinic_id=clinic.id, position=n, title=f"Mall {n}", text=f"Text nummer {n}.")
                for n in range(1, count + 1)
            ]
        )
        session.commit()

    query(run)


# --- the list and Lotsen's defaults --------------------------------------------------------------


def test_the_defaults_are_shown_with_their_lix_and_reading_saves_nothing(staff_client, world, query):
    before = query(snapshot)
    page = unescape(text(staff_client.get(LIST)))
    for default in ANSWER_TEMPLATES:
        assert str(default.title) in page and str(default.text) in page
    assert "Det här är Lotsens egna mallar." in page
    assert page.count("Läsbarhet (LIX):") == len(ANSWER_TEMPLATES)
    assert "Svårt att läsa." not in page  # the defaults are easy
    assert 'aria-current="page">Svarsmallar</a>' in page
    assert all(c.table in ("auth_sessions",) for c in changes(before, query(snapshot)))
    assert rows(query, world.clinic) == []


def test_the_first_change_copies_the_defaults_and_changes_the_copy(staff_client, world, query, events):
    # The page was opened before anything was saved: it links to the default by its key.
    form = text(staff_client.get(edit_path("new_time")))
    assert "Du har fått en ny tid." in form and "Ändra mallen" in form
    response = staff_client.post_form(
        edit_path("new_time"), {"title": "Ny tid i Lotsen", "text": "Du har en ny tid. Titta i Lotsen."}
    )
    assert response.status_code == 302
    saved = rows(query, world.clinic)
    assert len(saved) == len(ANSWER_TEMPLATES)
    assert saved[1] == ("Ny tid i Lotsen", "Du har en ny tid. Titta i Lotsen.", "new_time")
    assert [title for title, _text, _key in saved] == [
        "Vi ringer i morgon",
        "Ny tid i Lotsen",
        "Nytt recept",
        "Intyget är klart",
        "Vi ringer i dag",
        "Kom till oss",
    ]
    page = text(staff_client.get(LIST))
    assert "Lotsens egna mallar" not in page and "Ny tid i Lotsen" in page
    # The old link (a colleague's page from before the save) still finds the same template.
    assert "Ny tid i Lotsen" in text(staff_client.get(edit_path("new_time")))
    copied = public_ids(query, world.clinic)
    assert template_events(query) == [("create", i) for i in copied] + [("update", copied[1])]


def test_create_change_move_and_delete_after_asking(staff_client, world, query):
    response = staff_client.post_form(NEW, {"title": "Provsvar", "text": "Provsvaret är klart."})
    assert response.status_code == 302 and response.location.startswith(LIST + "#mall-")
    saved = rows(query, world.clinic)
    assert len(saved) == len(ANSWER_TEMPLATES) + 1 and saved[-1][:2] == ("Provsvar", "Provsvaret är klart.")
    new_id = public_ids(query, world.clinic)[-1]
    assert "Mallen är sparad." in text(staff_client.get(LIST))

    assert (
        staff_client.post_form(
            edit_path(new_id), {"title": "Provsvar", "text": "Svaret på provet är klart."}
        ).status_code
        == 302
    )
    assert rows(query, world.clinic)[-1][1] == "Svaret på provet är klart."

    assert staff_client.post_form(move_path(new_id), {"direction": "up"}).status_code == 302
    assert public_ids(query, world.clinic)[-2] == new_id
    assert staff_client.post_form(move_path(new_id), {"direction": "down"}).status_code == 302
    assert staff_client.post_form(move_path(new_id), {"direction": "down"}).status_code == 302
    assert public_ids(query, world.clinic)[-1] == new_id  # the bottom: it stays

    question = text(staff_client.get(delete_path(new_id)))
    assert "Ta bort mallen?" in question and "Svaret på provet är klart." in question
    assert new_id in public_ids(query, world.clinic)  # asking removes nothing
    assert staff_client.post_form(delete_path(new_id)).status_code == 302
    assert new_id not in public_ids(query, world.clinic)
    assert "Mallen är borttagen." in text(staff_client.get(LIST))

    actions = [action for action, object_id in template_events(query) if object_id == new_id]
    assert actions == ["create", "update", "update", "update", "delete"]


def test_a_hard_text_gets_the_lix_hint(staff_client, world, query):
    assert staff_client.post_form(NEW, {"title": "Krångligt", "text": HARD}).status_code == 302
    page = text(staff_client.get(LIST))
    hard_item = page.split("Krångligt")[1].split("</li>")[0]
    score = int(re.search(r"Läsbarhet \(LIX\): <strong>(\d+)</strong>", hard_item)[1])
    assert score > 30 and "Svårt att läsa. Skriv kortare meningar och kortare ord." in hard_item
    form = text(staff_client.get(edit_path(public_ids(query, world.clinic)[-1])))
    assert 'data-lix-for="text"' in form and f"<strong>{score}</strong>" in form


def test_the_last_template_cannot_be_removed(staff_client, world, query):
    add_templates(query, world.clinic, 1)
    only = public_ids(query, world.clinic)[0]
    question = text(staff_client.get(delete_path(only)))
    assert "Det här är den sista mallen." in question and "Ta bort mallen</span>" not in question
    page = errors(staff_client.post_form(delete_path(only)))
    assert "Det här är den sista mallen. Den går inte att ta bort." in page
    assert public_ids(query, world.clinic) == [only]


def test_at_most_thirty_templates(staff_client, world, query):
    add_templates(query, world.clinic, 30)
    assert "Ni har 30 mallar." in text(staff_client.get(LIST))
    before = query(snapshot)
    page = errors(staff_client.post_form(NEW, {"title": "En till", "text": "Hej."}))
    assert "Det finns redan 30 mallar. Ta bort en mall först" in page
    assert "En till" in page  # what was typed is still there
    found = [c for c in changes(before, query(snapshot)) if c.table != "auth_sessions"]
    assert found == []


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"title": "", "text": "Hej."}, "Skriv en rubrik."),
        ({"title": "   ", "text": "Hej."}, "Skriv en rubrik."),
        ({"title": "Hej", "text": ""}, "Skriv texten i mallen."),
        ({"title": "x" * 81, "text": "Hej."}, "Texten är för lång. Skriv högst 80 tecken."),
        ({"title": "Hej", "text": "x" * 1001}, "Texten är för lång. Skriv högst 1000 tecken."),
        ({"title": "Hej", "text": "x" * 100_000}, "Texten är för lång."),
        ({"title": "Hej", "text": "a\x00b"}, "Texten har tecken som inte går att spara."),
        ({"title": "a\nb", "text": "Hej."}, "Texten har tecken som inte går att spara."),
    ],
)
def test_bad_input_gets_easy_words_and_changes_nothing(staff_client, world, query, data, words):
    add_templates(query, world.clinic, 2)
    first = public_ids(query, world.clinic)[0]
    before = query(snapshot)
    for path in (NEW, edit_path(first), edit_path("new_time")):
        response = staff_client.post_form(path, data)
        if path.endswith("new_time/andra"):
            assert response.status_code == 404  # the clinic has its own list: no such default
            continue
        assert words in errors(response), path
    assert [c for c in changes(before, query(snapshot)) if c.table != "auth_sessions"] == []


def test_forged_forms_and_unknown_ids_change_nothing(staff_client, world, query):
    add_templates(query, world.clinic, 2)
    first = public_ids(query, world.clinic)[0]
    before = query(snapshot)
    for path, data in [
        (NEW, {"title": "Hej", "text": "Hej."}),
        (edit_path(first), {"title": "Hej", "text": "Hej."}),
        (delete_path(first), {}),
        (move_path(first), {"direction": "down"}),
    ]:
        assert staff_client.post(path, data={**data, "csrf_token": "förfalskad"}).status_code == 400
        assert staff_client.post(path, data=data).status_code == 400
    assert staff_client.post_form(move_path(first), {"direction": "sidled"}).status_code == 400
    for unknown in ("0" * 32, "finns-inte", first[::-1], "thanks_call"):
        assert staff_client.get(edit_path(unknown)).status_code == 404
        assert staff_client.get(delete_path(unknown)).status_code == 404
        assert staff_client.post_form(edit_path(unknown), {"title": "Hej", "text": "Hej."}).status_code == 404
        assert staff_client.post_form(delete_path(unknown)).status_code == 404
        assert staff_client.post_form(move_path(unknown), {"direction": "up"}).status_code == 404
    assert [c for c in changes(before, query(snapshot)) if c.table != "auth_sessions"] == []


def test_another_clinics_staff_get_404_and_see_only_their_own(
    make_client, staff_client, world, sign_in, query
):
    assert (
        staff_client.post_form(
            edit_path("certificate"), {"title": "Intyg", "text": "Intyget finns i kassan."}
        ).status_code
        == 302
    )
    ours = public_ids(query, world.clinic)
    other = make_client()
    sign_in(other, world.other_staff)
    before = query(snapshot)
    for template_id in ours:
        assert other.get(edit_path(template_id)).status_code == 404
        assert other.get(delete_path(template_id)).status_code == 404
        assert other.post_form(edit_path(template_id), {"title": "X", "text": "X."}).status_code == 404
        assert other.post_form(delete_path(template_id)).status_code == 404
        assert other.post_form(move_path(template_id), {"direction": "up"}).status_code == 404
    assert [c for c in changes(before, query(snapshot)) if c.table != "auth_sessions"] == []
    # The other clinic still has Lotsen's defaults, not our change.
    page = text(other.get(LIST))
    assert "Intyget finns i kassan." not in page and "Lotsens egna mallar" in page


@pytest.mark.parametrize("who", ["patient", "representative", "admin", "nobody"])
def test_only_staff_reach_the_templates(who, client, world, sign_in, act_for, query):
    add_templates(query, world.clinic, 2)
    first = public_ids(query, world.clinic)[0]
    users = {"patient": world.patient_user, "representative": world.god_man, "admin": world.admin}
    if who != "nobody":
        sign_in(client, users[who])
    if who == "representative":
        act_for(client, world.patient)
    before = query(snapshot)
    for method, path in [
        ("GET", LIST),
        ("GET", NEW),
        ("POST", NEW),
        ("GET", edit_path(first)),
        ("POST", edit_path(first)),
        ("GET", delete_path(first)),
        ("POST", delete_path(first)),
        ("POST", move_path(first)),
    ]:
        response = (
            client.get(path)
            if method == "GET"
            else client.post_form(path, {"title": "X", "text": "X.", "direction": "up"})
        )
        if who == "nobody":
            assert response.status_code == 302 and "/logga-in" in response.location, path
        else:
            assert response.status_code == 403, (method, path)
    assert [c for c in changes(before, query(snapshot)) if c.table != "auth_sessions"] == []


# --- on the answer page -------------------------------------------------------------------------


def answer_box(response) -> str:
    html = text(response)
    return unescape(re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', html, re.S)[1])


def test_using_a_template_keeps_what_was_typed_and_sends_nothing(staff_client, conversation, query):
    page = text(staff_client.get(conversation))
    assert 'name="go" value="template"' in page and "Ändra mallarna" in page
    assert '<option value="new_time">Ny tid (engelska, arabiska)</option>' in page

    typed = "Hej Maja!\nJag har tittat på det."
    response = staff_client.post_form(conversation, {"template": "new_time", "go": "template", "text": typed})
    assert response.status_code == 200
    html = unescape(text(response))
    assert "<title>Fel:" not in html
    assert "Mallen står först. Det du hade skrivit står kvar under." in html
    assert answer_box(response) == "Du har fått en ny tid. Titta under Mina besök i Lotsen.\n\n" + typed
    assert '<option value="new_time" selected>' in html

    empty = staff_client.post_form(conversation, {"template": "come_in", "go": "template"})
    assert answer_box(empty) == "Du behöver komma till oss. Ring oss så bokar vi en tid."
    assert "Mallen står i rutan." in text(empty)

    for chosen in ("", "dragon", "0" * 32):
        refused = staff_client.post_form(conversation, {"template": chosen, "go": "template", "text": typed})
        assert "Välj en mall först." in errors(refused) and answer_box(refused) == typed
    assert query(lambda s: len(s.scalars(select(ContactMessage)).all())) == 1  # nothing sent


def test_the_answer_page_offers_the_clinics_own_templates(
    staff_client, make_client, world, sign_in, conversation, query
):
    assert (
        staff_client.post_form(
            edit_path("prescription"),
            {"title": "Receptet", "text": "Receptet är klart. Hämta medicinen på apoteket."},
        ).status_code
        == 302
    )
    own = public_ids(query, world.clinic)[2]
    page = text(staff_client.get(conversation))
    assert f'<option value="{own}">Receptet</option>' in page
    assert 'value="prescription"' not in page and "Nytt recept" not in page
    used = staff_client.post_form(conversation, {"template": own, "go": "template"})
    assert answer_box(used) == "Receptet är klart. Hämta medicinen på apoteket."
    # A page opened before the save still sends the default's key: the clinic's copy is used.
    old = staff_client.post_form(conversation, {"template": "prescription", "go": "template"})
    assert answer_box(old) == "Receptet är klart. Hämta medicinen på apoteket."

    # Sending with a template chosen sends only the text in the box.
    sent = staff_client.post_form(conversation, {"template": own, "text": "Vi ringer dig i dag."})
    assert sent.status_code == 302
    assert (
        query(
            lambda s: s.scalars(select(ContactMessage).where(ContactMessage.from_staff.is_(True))).one().text
        )
        == "Vi ringer dig i dag."
    )
    actions = query(
        lambda s: [
            e.action for e in s.scalars(select(AccessEvent).where(AccessEvent.patient_id == world.patient.id))
        ]
    )
    assert AccessAction.CREATE in actions
