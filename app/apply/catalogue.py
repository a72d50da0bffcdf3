"""What the application asks, one question a page, in easy Swedish: each step's question (to the
person themself, and to someone who applies for them), and the choices with their pictures."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..needs.catalogue import NEEDS_BY_CODE
from ..next_steps import Choice
from ..visits.catalogue import COMMON_NEEDS

NAME_MAX = 120
ADDRESS_MAX = 200
ORGANISATION_MAX = 120
PHONE_MAX = 20
TEXT_MAX = 1000
# All answers together, as stored (JSON): the size cap of one application.
ANSWERS_MAX_BYTES = 16_000


@dataclass(frozen=True)
class Step:
    key: str  # its address: /ansok/<key>
    question: object  # asked of the person themself
    question_for: object  # asked of someone who applies for the person


SELF = "sjalv"

# Who fills in the form. The value is stored; never rename one.
WHO = (
    Choice(SELF, _l("Jag söker för mig själv"), "answered-self"),
    Choice("god_man", _l("Jag är god man eller förvaltare"), "god-man"),
    Choice("anhorig", _l("Jag är anhörig"), "relative"),
    Choice("boende", _l("Jag jobbar på personens boende"), "group-home-staff"),
    Choice("habilitering", _l("Jag jobbar på habiliteringen"), "habilitation"),
    Choice("vardcentral", _l("Jag jobbar på en annan vårdcentral"), "clinic"),
)
WHO_BY_VALUE = {c.value: c for c in WHO}
# The same, in the staff's words.
WHO_FOR_STAFF = {
    SELF: _l("Personen själv"),
    "god_man": _l("God man eller förvaltare"),
    "anhorig": _l("Anhörig"),
    "boende": _l("Personal på boendet"),
    "habilitering": _l("Habiliteringen"),
    "vardcentral": _l("Annan vårdcentral"),
}
# Who works with the person: they are asked where they work.
AT_WORK = ("boende", "habilitering", "vardcentral")

# Why SMO would help: the common reasons.
REASONS = (
    Choice("manga_behov", _l("Behöver hjälp med många saker i vården"), "list"),
    Choice("prata", _l("Svårt att prata eller förstå"), "aac-device"),
    Choice("vanta", _l("Svårt att vänta"), "waiting-room"),
    Choice("radd", _l("Rädd för vården"), "feel-afraid"),
    Choice("tid", _l("Behöver mer tid vid besök"), "more-time"),
    Choice("rullstol", _l("Svårt att ta sig till vården"), "wheelchair"),
    Choice("annat", _l("Något annat"), "other"),
)

# On what grounds someone applies for the person.
GROUNDS = (
    Choice("vill", _l("Personen vill det och har sagt ja"), "yes"),
    Choice("foretradare", _l("Jag är god man eller förvaltare och får söka"), "god-man"),
    Choice("kan_inte", _l("Personen kan inte säga vad hen vill"), "no-speech"),
)
CONSENT_YES = "ja"
CONSENT = (Choice(CONSENT_YES, _l("Ja, jag vill söka"), "yes"),)

# The needs offered: a short pick from the catalogue (the same as the visit wizard's).
NEEDS = COMMON_NEEDS
# The catalogue says some needs as the patient's own words ("Ge mig tid att svara"); someone who
# applies for the person reads and hears them about the person (found by a persona walk).
NEEDS_FOR = {
    "time_to_answer": _l("Ge personen tid att svara"),
    "companion": _l("Någon som personen känner ska vara med"),
}

STEPS = (
    Step("vem", _l("Vem fyller i?"), _l("Vem fyller i?")),
    Step("namn", _l("Vad heter du?"), _l("Vad heter personen?")),
    Step("personnummer", _l("Vad är ditt personnummer?"), _l("Vad är personens personnummer?")),
    Step("bostad", _l("Var bor du?"), _l("Var bor personen?")),
    Step(
        "vardcentral",
        _l("Vilken vårdcentral vill du gå till?"),
        _l("Vilken vårdcentral ska hen gå till?"),
    ),
    Step("kontakt", _l("Hur når vi dig?"), _l("Hur når vi dig?")),
    Step("varfor", _l("Varför vill du ha SMO?"), _l("Varför behöver personen SMO?")),
    Step("stod", _l("Vad behöver du vid ett besök?"), _l("Vad behöver personen vid ett besök?")),
    Step("samtycke", _l("Vill du söka?"), _l("Får du söka för personen?")),
)
STEPS_BY_KEY = {s.key: s for s in STEPS}
REVIEW = "kontrollera"


def applies_for_self(answers: dict) -> bool:
    return answers.get("vem", {}).get("who", SELF) == SELF


def question(step: Step, answers: dict) -> str:
    return str(step.question if applies_for_self(answers) else step.question_for)


def need_text(code: str, answers: dict):
    """A need's words in this application: the person's own, or about the person."""
    if not applies_for_self(answers) and code in NEEDS_FOR:
        return NEEDS_FOR[code]
    return NEEDS_BY_CODE[code].text


def numbered(step: Step, answers: dict, clinics: int) -> tuple[int, int]:
    """ "Steg N av M": the clinic is a second page of "where" (it shares the home's number), so
    the count does not jump when a group home is chosen and the clinic is no longer asked."""
    counted = [s for s in applicable(answers, clinics) if s.key != "vardcentral"]
    key = "bostad" if step.key == "vardcentral" else step.key
    return [s.key for s in counted].index(key) + 1, len(counted)


def applicable(answers: dict, clinics: int) -> list[Step]:
    """The steps asked, with the answers so far: the clinic only when Lotsen has several and no
    group home was chosen (then the clinic follows the home)."""
    steps = []
    for step in STEPS:
        if step.key == "vardcentral" and (clinics < 2 or answers.get("bostad", {}).get("home")):
            continue
        steps.append(step)
    return steps
