"""What staff see: the answers beside the round before's, each marked changed, the same, new,
or without an answer now (in words and a mark), or, with no round before, that there is nothing
to compare with; who answered; the print. And the questions only women are asked."""

from __future__ import annotations

from app.checkup import question_services, questions
from app.personnummer import is_woman
from tests.fixtures.factories import personnummer

from .question_helpers import add_sent, make_round, page_url, revision_of, staff_url


def _row(html: str, key: str) -> str:
    start = html.index(f'id="fraga-{key}"')
    return html[start : html.index("</tr>", start)]


def test_the_comparison_marks_changed_same_new_and_gone(client, world, sign_in, query):
    before = make_round(query, world.patient, done_days_ago=365)
    now = make_round(query, world.patient)
    add_sent(
        query,
        before,
        world.patient_user,
        {
            "sova": {"choice": "ok"},
            "ata": {"choice": "ok"},
            "hora": {"choice": "some"},
            "prata": {"text": "Tänder"},
        },
    )
    add_sent(
        query,
        now,
        world.patient_user,
        {
            "sova": {"choice": "much", "text": "Vaknar"},
            "ata": {"choice": "ok"},
            "se": {"choice": "some"},
            "prata": {"text": "Tänder"},
        },
        who="together",
    )
    sign_in(client, world.staff)
    html = client.get(staff_url(world.patient, now)).get_data(as_text=True)
    sova = _row(html, "sova")
    assert "Mycket problem" in sova and "Bra, som vanligt" in sova and "Vaknar" in sova
    assert "Ändrat sedan förra gången" in sova and '<span class="q-mark" aria-hidden="true">!</span>' in sova
    assert "Samma som förra gången" in _row(html, "ata")
    assert "Samma som förra gången" in _row(html, "prata")
    assert "Nytt svar, inget svar förra gången" in _row(html, "se")
    assert "Inget svar nu, svar förra gången" in _row(html, "hora")
    assert "3 frågor har ett annat svar än förra gången." in html
    assert (
        "Maja Andersson och någon som hjälper svarade tillsammans." in html or "svarade tillsammans" in html
    )
    # The print has the same comparison, on its own page.
    printed = client.get(staff_url(world.patient, now, "/utskrift"))
    assert printed.status_code == 200
    text = printed.get_data(as_text=True)
    assert "Ändrat sedan förra gången" in _row(text, "sova") and "print-page" in text


def test_without_a_round_before_nothing_is_compared(client, world, sign_in, query):
    now = make_round(query, world.patient)
    add_sent(query, now, world.patient_user, {"sova": {"choice": "ok"}})
    sign_in(client, world.staff)
    html = client.get(staff_url(world.patient, now)).get_data(as_text=True)
    assert "Inga svar från en hälsokontroll förut." in html
    assert "Ingen förra gång att jämföra med" in _row(html, "sova")
    assert "Förra gången</th>" not in html


def test_a_round_before_without_sent_answers_is_not_compared(world, app, query):
    rows = question_services.comparison(None, None, world.patient)
    assert all(row.state == question_services.FIRST for row in rows)


def test_unsent_answers_are_not_shown_to_staff_and_there_is_no_print(client, world, sign_in, query):
    now = make_round(query, world.patient)
    sign_in(client, world.patient_user)
    client.post_form(page_url(world.patient, "starta"), {"who": "patient"})
    client.post_form(
        page_url(world.patient, "fraga/sova"), {"revision": revision_of(query, now), "choice": "ok"}
    )
    sign_in(client, world.staff)
    html = client.get(staff_url(world.patient, now)).get_data(as_text=True)
    assert (
        "Inga svar är skickade för den här hälsokontrollen än." in html
        and "Patienten har börjat svara." in html
    )
    printed = client.get(staff_url(world.patient, now, "/utskrift")).get_data(as_text=True)
    assert (
        "Inga svar är skickade för den här hälsokontrollen än." in printed
        and "Bra, som vanligt" not in printed
    )


def test_the_personnummer_says_woman_or_man():
    assert is_woman(personnummer("19800101", "002")) and not is_woman(personnummer("19800101", "001"))
    assert not is_woman("") and not is_woman("1980")


def test_women_are_asked_about_periods_and_screening(
    client, world, sign_in, query, make_patient, make_mandate
):
    woman = make_patient(
        world.clinic, with_login=True, name="Lina Berg", personnummer=personnummer("19800101", "002")
    )
    man = make_patient(
        world.clinic, with_login=True, name="Erik Berg", personnummer=personnummer("19800101", "011")
    )
    make_mandate(woman, world.god_man)
    make_mandate(man, world.god_man)
    sign_in(client, world.god_man)
    asked = {}
    for person in (woman, man):
        check = make_round(query, person)
        client.post_form(page_url(person, "starta"), {"who": "helper"})
        asked[person.name] = client.get(page_url(person, "fraga/mens")).status_code
        if person is woman:
            page = client.get(page_url(person, "fraga/mens")).get_data(as_text=True)
            assert "Hur är det med mensen för Lina?" in page and "Vill inte svara" in page
            # "Gick du dit?" only after "Ja, jag fick ett brev".
            assert client.get(page_url(person, "fraga/cellprov_gick")).status_code == 302
            client.post_form(
                page_url(person, "fraga/cellprov_brev"),
                {"revision": revision_of(query, check), "choice": "yes"},
            )
            assert client.get(page_url(person, "fraga/cellprov_gick")).status_code == 200
    assert asked == {"Lina Berg": 200, "Erik Berg": 302}  # a man's browser is sent on
    keys = [q.key for q in questions.applicable({}, woman=False)]
    assert "mens" not in keys and "mammografi_brev" not in keys and "vaccin" in keys


def test_an_answer_to_a_question_no_longer_asked_is_not_compared(world, app):
    class Sent:
        def __init__(self, answers):
            self.answers = answers

    now = Sent({"ont": {"choice": "0"}, "var": {"choices": ["head"]}})  # "Inte ont" after the body map
    before = Sent({"ont": {"choice": "2"}, "var": {"choices": ["head"]}})
    with app.test_request_context():
        rows = {row.key: row for row in question_services.comparison(now, before, world.patient)}
    assert rows["ont"].state == question_services.CHANGED
    assert rows["var"].state == question_services.GONE and rows["var"].now == []
