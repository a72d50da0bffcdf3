"""One picture, one meaning: no pictogram id stands for two different choices, read from the
catalogues, the Python modules and the templates themselves (tests/pictogram_meanings.py)."""

from __future__ import annotations

import re

import pytest

from app.contact.catalogue import PHRASES
from app.needs.catalogue import NEEDS
from app.visits.catalogue import CLOSE_UPS, PAIN_ANSWERS, QUESTIONS, REASONS
from tests.pictogram_meanings import (
    Use,
    all_uses,
    clashes,
    module_uses,
    python_map_uses,
    template_uses,
)

pytestmark = pytest.mark.one_database  # see pyproject.toml

# The same thing said in another sentence, by another page: what the clinic did at a visit, a next
# step and whom to call (Efter besöket, app/aftervisit/catalogue.py) name the same things as the
# wizard's reasons, the body map and the quick phrases, in the words of a summary. Each group is
# one meaning; a text that is not in its picture's group still clashes.
SAME_THING = {
    "blood-test": {"Blodprov", "Vi tog ett blodprov", "Nytt blodprov"},
    "syringe": {"Vaccin", "Vi gav en spruta med vaccin"},
    "ear": {"Örat", "Vi tittade i öronen"},
    "stethoscope": {"Hälsokontroll", "Vi lyssnade på hjärtat och lungorna"},  # the doctor examines
    "conversation": {
        "Vi svarade tillsammans",
        "Vi svarar tillsammans",
        "Vi pratade",
    },  # talking with each other
    # Who answers the questions before the health check, said before answering (app/checkup/questions.py).
    "answered-self": {
        "%(name)s svarade själv",
        "%(name)s svarar själv",
        "Jag svarar själv",
        "Jag söker för mig själv",  # Ansök om SMO (app/apply/catalogue.py): who fills in the form
    },
    "answered-for": {"Jag svarade för %(name)s", "Jag hjälper till och svarar"},
    "yes": {"Ja, jag har ont", "Ja", "Ja, jag vill söka", "Personen vill det och har sagt ja"},
    "no": {"Nej, jag har inte ont", "Nej"},
    "group-home-staff": {
        "Personal från mitt boende",
        "Boendet eller den som hjälper dig",
        "Jag jobbar på personens boende",
    },
    # Who applies for SMO (app/apply/catalogue.py) names the same people and places as whom one
    # comes with and whom to call: the god man, a relative, habilitation, a health centre.
    "god-man": {
        "Min gode man eller förvaltare",
        "Jag är god man eller förvaltare",
        "Jag är god man eller förvaltare och får söka",
    },
    "relative": {"Någon i min familj", "Jag är anhörig"},
    "habilitation": {"Habiliteringen", "Jag jobbar på habiliteringen"},
    "clinic": {"Vårdcentralen", "Jag jobbar på en annan vårdcentral"},
    # Why SMO would help (app/apply/catalogue.py), said as a need or a mood is said elsewhere.
    "more-time": {"Längre besökstid", "Behöver mer tid vid besök"},
    "feel-afraid": {"Rädd eller orolig", "Rädd för vården"},
    "person": {"Jag kommer ensam", "Du"},  # the person themself
    "morning": {"På förmiddagen", "Morgon"},
    "phone": {"Ring vårdcentralen om", "Ring vårdcentralen om det inte blir bättre"},
    # Något har ändrats (app/checkup/change_areas.py): the area of a change, named by the picture
    # of how it usually shows: pain, and a mood turned sad.
    "have-pain": {"Jag har ont", "Ont"},
    "feel-sad": {"Ledsen", "Humör"},
    # A new time for a visit: asked after a visit (Efter besöket) and before it ("Avboka eller
    # flytta", app/contact/visit_change.py).
    "calendar-change": {"Jag vill ändra min tid", "Flytta till en annan tid"},
}


def _one_meaning(uses: list[Use]) -> list[Use]:
    """The uses, with each text of a SAME_THING group standing for the whole group."""
    return [
        Use(use.pictogram, frozenset(SAME_THING[use.pictogram]), use.where)
        if use.meaning & SAME_THING.get(use.pictogram, set())
        else use
        for use in uses
    ]


def _needs_and_the_rest(uses: list[Use]) -> tuple[list[Use], list[Use]]:
    # A need's picture shows what the need is about (the ear for "I have a hearing aid", the ear
    # for "Örat" on the body map): needs are read side by side on the needs pages, so they are
    # compared with each other; every other choice with every other choice.
    needs = [use for use in uses if ".NEEDS[" in use.where]
    return needs, [use for use in uses if use not in needs]


# A need may share its picture with one other choice when the picture shows what the need is about
# (the ear: "Jag har hörapparat" and "Örat" on the body map; the syringe: "Rädd för sprutor och
# stick" and "Vaccin"). Each such picture is listed here on purpose: any other picture that a need
# shares with a choice elsewhere fails (`touch` once stood for "Känslig för beröring" and for
# "%(name)s svarade själv", and was not seen while needs were compared only with needs).
SHOWS_WHAT_THE_NEED_IS_ABOUT = frozenset(
    {
        "bandage",
        "blood-test",
        "clock",
        "days",
        "aac-device",  # "Jag använder AKK" and "Svårt att prata eller förstå" (why SMO would help)
        "ear",
        "easy-read",
        "evening",
        "fall",  # "Jag kan lätt ramla" and "Har ramlat" (a change noted)
        "feel-afraid",
        "feel-angry",
        "feel-calm",
        "god-man",
        "helper",
        "interpreter",
        "morning",
        "mouth",
        "no-speech",  # "Jag pratar inte med ord" and "Personen kan inte säga vad hen vill" (Ansök om SMO)
        "pictures",
        "pill",
        "speaker",
        "speed-slow",
        "seizure",  # "Jag har epilepsi" and "Anfall" (a change noted)
        "stethoscope",
        "syringe",
        "throat",
        "wheelchair",  # "Jag använder rullstol" and "Svårt att ta sig till vården" (Ansök om SMO)
        "write",
    }
)


def _shared_with_a_need(needs: list[Use], rest: list[Use]) -> dict[str, list[Use]]:
    """Pictogram id -> its uses, for every id a need shares with another choice (of another text)."""
    found = {}
    for need in needs:
        others = [use for use in rest if use.pictogram == need.pictogram and not (use.meaning & need.meaning)]
        if others:
            found.setdefault(need.pictogram, [need]).extend(others)
    return found


def _report(found: dict[str, list[Use]]) -> str:
    return "\n".join(
        f"  {picto}: " + "; ".join(f"{' / '.join(sorted(u.meaning))} ({u.where})" for u in uses)
        for picto, uses in sorted(found.items())
    )


def test_no_picture_stands_for_two_choices(app):
    uses = _one_meaning(all_uses(app))
    needs, rest = _needs_and_the_rest(uses)
    assert len(needs) == len(NEEDS)
    for group in (needs, rest):
        found = clashes(group)
        assert not found, "one picture for two different choices:\n" + _report(found)
    shared = _shared_with_a_need(needs, rest)
    unlisted = {picto: its for picto, its in shared.items() if picto not in SHOWS_WHAT_THE_NEED_IS_ABOUT}
    assert not unlisted, "a need's picture stands for another choice too:\n" + _report(unlisted)
    assert set(shared) == SHOWS_WHAT_THE_NEED_IS_ABOUT, "no longer shared: remove from the list"


def test_a_need_and_another_choice_are_compared(app):
    needs, rest = _needs_and_the_rest(_one_meaning(all_uses(app)))
    touch = [use for use in needs if use.pictogram == "touch"]
    assert touch, "the need Känslig för beröring"
    answered = Use("touch", frozenset({"%(name)s svarade själv"}), "app.visits.catalogue.ANSWERED_BY[0]")
    assert set(_shared_with_a_need(needs, [*rest, answered])) - SHOWS_WHAT_THE_NEED_IS_ABOUT == {"touch"}


def test_the_scan_sees_the_choices(app):
    uses = {(use.pictogram, text) for use in all_uses(app) for text in use.meaning}
    for catalogue in (REASONS, PAIN_ANSWERS, CLOSE_UPS, QUESTIONS, PHRASES):
        for choice in catalogue:
            with app.test_request_context():
                assert (choice.pictogram, str(choice.text)) in uses, choice
    assert ("who-looked", "Vem har tittat?") in uses  # a tile on the patient's home page
    for size in ("normal", "large", "larger"):  # choice cards with a map of pictures
        assert (f"text-size-{size}", f"text_size: {size}") in uses
    for code in ("sv", "en", "ar"):  # a map made in Python from a module's constant
        assert (f"language-{code}", f"language_pictos: {code}") in uses


def test_the_rule_catches_a_picture_used_twice(app):
    templates = {
        "page.html": """
        {% from "components/ui.html" import tile %}
        {{ tile(url, _("Vem har tittat?"), "eye") }}
        {{ tile(url, _("Ögat") if x else _("Ett öga"), "eye") }}
        {{ tile(url, _("Jag vet inte"), "question") }}
        {{ tile(url, _("Jag vet inte"), "question") }}
        {{ choice_cards(form.text_size, pictos={"normal": "text-size", "large": "text-size"}) }}
    """
    }
    uses = template_uses(app.jinja_env, templates)
    assert len(uses) == 6
    found = clashes(uses)
    assert set(found) == {"eye", "text-size"}  # the same text twice is one meaning
    assert not clashes(
        [Use("eye", frozenset({"Ögat", "Ett öga"}), "a"), Use("eye", frozenset({"Ögat"}), "b")]
    )


def test_one_picture_for_every_key_is_a_clash():
    uses = [use for use in python_map_uses() if use.where.startswith("app/home/routes.py")]
    assert uses, "the language cards' pictures were not found"
    assert not clashes(uses)
    fromkeys = [
        Use("language", frozenset({f"language_pictos: codes, {key}"}), "x") for key in ("first", "second")
    ]
    assert set(clashes(fromkeys)) == {"language"}


def test_catalogue_rows_are_read(app):
    texts = {text for use in module_uses(app) for text in use.meaning}
    assert {"Det spelar ingen roll", "Jag vet inte var", "Ni får inte lämna mig ensam"} <= texts


@pytest.mark.parametrize("field", ["language", "text_size", "easy_read", "read_aloud", "speech_rate"])
def test_every_settings_card_has_its_own_picture(client, field):
    html = client.get("/installningar").get_data(as_text=True)
    block = re.search(rf'<fieldset[^>]*id="{field}".*?</fieldset>', html, re.S)
    assert block, field
    pictures = re.findall(r"<svg\b[^>]*picto-lg.*?</svg>", block.group(0), re.S)
    assert len(pictures) >= 2 and len(set(pictures)) == len(pictures), field


def test_a_same_thing_group_holds_only_texts_in_use(app):
    """A group that no longer names what the app says is stale: remove the text."""
    said = {(use.pictogram, text) for use in all_uses(app) for text in use.meaning}
    stale = {(picto, text) for picto, texts in SAME_THING.items() for text in texts} - said
    assert not stale
