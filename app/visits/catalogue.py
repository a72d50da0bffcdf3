"""The preparation wizard as data: its steps, in order, each with its question, its answer cards
and the rule that says whether it applies. Templates and forms are built from this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

TEXT_MAX = 500
QUESTION_MAX = 300


@dataclass(frozen=True)
class Choice:
    value: str
    text: str
    pictogram: str


def _always(answers: dict, representative: bool) -> bool:
    return True


def _reasons(answers: dict) -> set[str]:
    return set(answers.get("varfor", {}).get("choices", []))


def _has_pain(answers: dict, representative: bool) -> bool:
    return "pain" in _reasons(answers) or answers.get("ont", {}).get("choice") == "yes"


def _pain_unknown(answers: dict, representative: bool) -> bool:
    # "Har du ont?" is not asked of someone who already said "Jag har ont".
    return "pain" not in _reasons(answers)


def _has_problem(answers: dict, representative: bool) -> bool:
    return _has_pain(answers, representative) or bool(_reasons(answers) & {"ill", "hurt"})


def _is_representative(answers: dict, representative: bool) -> bool:
    # Shown to helpers; kept for anyone once a helper has written something.
    return representative or bool(answers.get("beratta", {}).get("text"))


@dataclass(frozen=True)
class Step:
    key: str
    kind: str  # "cards", "bodymap", "scale", "needs" or "text"
    question: str  # asked of the patient
    question_for: str  # asked of a helper, with %(name)s
    pictogram: str
    choices: tuple[Choice, ...] = ()
    multiple: bool = True
    text_label: str = ""
    text_max: int = TEXT_MAX
    applies: Callable[[dict, bool], bool] = field(default=_always, compare=False)
    # Cards that cannot be chosen together with any other (such as "I come alone").
    alone: frozenset[str] = frozenset()
    # Cards that mean "do not wait for the visit": choosing one shows the urgent notice.
    urgent: frozenset[str] = frozenset()


REASONS = (
    Choice("check", _l("Hälsokontroll"), "stethoscope"),
    Choice("ill", _l("Jag är sjuk"), "thermometer"),
    Choice("pain", _l("Jag har ont"), "have-pain"),
    Choice("hurt", _l("Jag har skadat mig"), "bandage"),
    Choice("medicine", _l("Mina mediciner"), "pill"),
    Choice("blood_test", _l("Blodprov"), "blood-test"),
    Choice("vaccination", _l("Vaccin"), "syringe"),
    Choice("certificate", _l("Intyg"), "certificate"),
    Choice("follow_up", _l("Återbesök"), "follow-up"),
    Choice("other", _l("Något annat"), "other"),
)

# "Avboka eller flytta" (app/contact/visit_change.py): what to do, and why.
CHANGE_WHAT = (
    Choice("cancel", _l("Avboka"), "calendar-cancel"),
    Choice("move", _l("Flytta till en annan tid"), "calendar-change"),
)
CHANGE_WHY = (
    Choice("ill", _l("Sjuk"), "sick-in-bed"),
    Choice("time", _l("Kan inte komma den tiden"), "cannot-come"),
    Choice("forgot", _l("Har glömt tiden, vill ha en ny"), "forgot"),
    Choice("companion", _l("Ingen kan följa med"), "no-companion"),
    Choice("other", _l("Något annat"), "other"),
)
PAIN_ANSWERS = (
    Choice("yes", _l("Ja, jag har ont"), "yes"),
    Choice("no", _l("Nej, jag har inte ont"), "no"),
    Choice("unsure", _l("Jag vet inte"), "dont-know"),
)

# Places too small for the body map, as cards under it.
CLOSE_UPS = (
    Choice("ear", _l("Örat"), "ear"),
    Choice("eye", _l("Ögat"), "eye"),
    Choice("mouth", _l("Munnen eller tänderna"), "mouth"),
    Choice("throat", _l("Halsen"), "throat"),
    Choice("skin", _l("Huden"), "skin"),
    Choice("unsure", _l("Jag vet inte var"), "dont-know-where"),
)

PAIN_SCALE = (
    Choice("0", _l("Inte ont"), "pain-0"),
    Choice("1", _l("Lite ont"), "pain-1"),
    Choice("2", _l("Ganska ont"), "pain-2"),
    Choice("3", _l("Mycket ont"), "pain-3"),
    Choice("4", _l("Väldigt mycket ont"), "pain-4"),
    Choice("5", _l("Så ont att jag inte står ut"), "pain-5"),
    Choice("unsure", _l("Jag vet inte"), "dont-know"),
)

SINCE = (
    Choice("today", _l("Sedan i dag"), "today"),
    Choice("days", _l("Några dagar"), "days"),
    Choice("week", _l("En vecka eller mer"), "week"),
    Choice("month", _l("En månad eller mer"), "month"),
    Choice("long", _l("Länge, mer än ett halvår"), "long-time"),
    Choice("unsure", _l("Jag vet inte"), "dont-know"),
)

FEELINGS = (
    Choice("happy", _l("Glad"), "feel-happy"),
    Choice("calm", _l("Lugn"), "feel-calm"),
    Choice("sad", _l("Ledsen"), "feel-sad"),
    Choice("afraid", _l("Rädd eller orolig"), "feel-afraid"),
    Choice("angry", _l("Arg"), "feel-angry"),
    Choice("tired", _l("Trött"), "feel-tired"),
)

QUESTIONS = (
    Choice("what_wrong", _l("Vad är det för fel?"), "what-wrong"),
    Choice("medicine", _l("Behöver jag medicin?"), "need-medicine"),
    Choice("self_care", _l("Vad kan jag göra själv?"), "home"),
    Choice("come_back", _l("Behöver jag komma tillbaka?"), "come-back-question"),
    Choice("results", _l("När får jag svar på proverna?"), "test-results"),
    Choice("write_down", _l("Kan du skriva ner det viktiga?"), "write"),
    Choice("pictures", _l("Kan du visa med bilder?"), "pictures"),
)

COMPANIONS = (
    Choice("alone", _l("Jag kommer ensam"), "person"),
    Choice("relative", _l("Någon i min familj"), "relative"),
    Choice("god_man", _l("Min gode man eller förvaltare"), "god-man"),
    Choice("group_home", _l("Personal från mitt boende"), "group-home-staff"),
    Choice("assistant", _l("Min personliga assistent"), "helper"),
    Choice("interpreter", _l("En tolk"), "interpreter"),
)

STEPS = (
    Step(
        "varfor",
        "cards",
        _l("Varför vill du komma?"),
        _l("Varför ska %(name)s komma?"),
        "prepare-visit",
        REASONS,
        text_label=_l("Skriv mer, om du vill"),
    ),
    Step(
        "ont",
        "cards",
        _l("Har du ont?"),
        _l("Har %(name)s ont?"),
        "have-pain",
        PAIN_ANSWERS,
        multiple=False,
        applies=_pain_unknown,
    ),
    Step(
        "var",
        "bodymap",
        _l("Var gör det ont?"),
        _l("Var gör det ont för %(name)s?"),
        "body-front",
        CLOSE_UPS,
        text_label=_l("Skriv mer, om du vill"),
        applies=_has_pain,
    ),
    Step(
        "hur",
        "scale",
        _l("Hur ont gör det?"),
        _l("Hur ont gör det för %(name)s?"),
        "pain-3",
        PAIN_SCALE,
        multiple=False,
        applies=_has_pain,
        urgent=frozenset({"5"}),
    ),
    Step(
        "sedan",
        "cards",
        _l("Sedan när har du haft det så?"),
        _l("Sedan när har %(name)s haft det så?"),
        "calendar",
        SINCE,
        multiple=False,
        applies=_has_problem,
    ),
    Step(
        "kansla",
        "cards",
        _l("Hur mår du?"),
        _l("Hur mår %(name)s?"),
        "feel-happy",
        FEELINGS,
        text_label=_l("Skriv mer, om du vill"),
    ),
    Step(
        "fragor",
        "cards",
        _l("Vad vill du fråga?"),
        _l("Vad vill %(name)s fråga?"),
        "question",
        QUESTIONS,
        text_label=_l("Egna frågor"),
        text_max=QUESTION_MAX,
    ),
    Step(
        "vem",
        "cards",
        _l("Vem kommer med dig?"),
        _l("Vem kommer med %(name)s?"),
        "companion",
        COMPANIONS,
        text_label=_l("Namn, om du vill"),
        alone=frozenset({"alone"}),
    ),
    Step(
        "hjalp",
        "needs",
        _l("Vad hjälper dig vid besöket?"),
        _l("Vad hjälper %(name)s vid besöket?"),
        "my-needs",
        text_label=_l("Något mer som hjälper den här gången"),
    ),
    Step(
        "beratta",
        "text",
        _l("Vad vill du berätta för vårdcentralen?"),
        _l("Vad vill du berätta för vårdcentralen?"),
        "message",
        text_label=_l("Det här vill jag berätta"),
        applies=_is_representative,
    ),
)
STEPS_BY_KEY = {step.key: step for step in STEPS}

# Kontrollera asks a helper who answered; a patient on their own answered themselves.
ANSWERED_BY = (
    Choice("patient", _l("%(name)s svarade själv"), "answered-self"),
    Choice("representative", _l("Jag svarade för %(name)s"), "answered-for"),
    Choice("together", _l("Vi svarade tillsammans"), "conversation"),
)

# Needs offered on the "what helps me" page when they are not already in the profile.
COMMON_NEEDS = (
    "longer_visit",
    "quiet_room",
    "few_people",
    "explain_steps",
    "pictures",
    "time_to_answer",
    "companion",
    "numbing_cream",
)


def applicable(answers: dict, representative: bool) -> list[Step]:
    """The steps that apply, given the answers so far (no pain: no body map, no pain scale)."""
    return [step for step in STEPS if step.applies(answers, representative)]


def planned(answers: dict, representative: bool) -> list[Step]:
    """The steps to count in "Steg 3 av 10": until "Har du ont?" is answered, the pain steps
    are counted as if they came, so that the total can only shrink, never grow, as answers
    come in."""
    if "ont" not in answers and not _has_pain(answers, representative):
        answers = {**answers, "ont": {"choice": "yes"}}
    return applicable(answers, representative)
