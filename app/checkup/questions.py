"""The questions before the health check as data (issue 20, section 3): each a page of the
questionnaire, with its picture, its answer cards (each with a picture) and, for some, a short
text to write more. Every question also has "Jag vet inte" and "Vill inte svara", and every
question can be skipped. The questions about periods and screening are asked when the
personnummer says the patient is a woman; "Var gör det ont?" only after an answer that says pain.
Templates, forms, Kontrollera and the staff's overview are built from this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..visits.catalogue import CLOSE_UPS, Choice

TEXT_MAX = 300
TALK_MAX = 1000  # "Det här vill jag prata om"

DONT_KNOW = Choice("unsure", _l("Jag vet inte"), "dont-know")
NO_ANSWER = Choice("skip", _l("Vill inte svara"), "no-answer")
# Answers that say nothing about how it is: never counted as a change, never as pain.
NOT_SAID = frozenset({DONT_KNOW.value, NO_ANSWER.value})

# How it goes, for most questions: three levels, each its own picture (one, two or three bars).
LEVELS = (
    Choice("ok", _l("Bra, som vanligt"), "level-ok"),
    Choice("some", _l("Lite problem"), "level-some"),
    Choice("much", _l("Mycket problem"), "level-much"),
    DONT_KNOW,
    NO_ANSWER,
)

WEIGHT = (
    Choice("same", _l("Samma vikt som förut"), "weight-same"),
    Choice("up", _l("Jag har gått upp i vikt"), "weight-up"),
    Choice("down", _l("Jag har gått ner i vikt"), "weight-down"),
    DONT_KNOW,
    NO_ANSWER,
)

PAIN = (
    Choice("0", _l("Inte ont"), "pain-0"),
    Choice("1", _l("Lite ont"), "pain-1"),
    Choice("2", _l("Ganska ont"), "pain-2"),
    Choice("3", _l("Mycket ont"), "pain-3"),
    DONT_KNOW,
    NO_ANSWER,
)

MOOD = (
    Choice("happy", _l("Glad"), "feel-happy"),
    Choice("calm", _l("Lugn"), "feel-calm"),
    Choice("sad", _l("Ledsen"), "feel-sad"),
    Choice("afraid", _l("Rädd eller orolig"), "feel-afraid"),
    DONT_KNOW,
    NO_ANSWER,
)

YES_NO = (
    Choice("yes", _l("Ja"), "yes"),
    Choice("no", _l("Nej"), "no"),
    DONT_KNOW,
    NO_ANSWER,
)

MORE = _l("Skriv mer, om du vill")


def _always(answers: dict, woman: bool) -> bool:
    return True


def _for_women(answers: dict, woman: bool) -> bool:
    return woman


def _has_pain(answers: dict, woman: bool) -> bool:
    return answers.get("ont", {}).get("choice") in {"1", "2", "3"}


def _letter(key: str) -> Callable[[dict, bool], bool]:
    """ "Gick du dit?" after "Ja, jag fick ett brev"."""

    def applies(answers: dict, woman: bool) -> bool:
        return woman and answers.get(key, {}).get("choice") == "yes"

    return applies


@dataclass(frozen=True)
class Question:
    key: str
    kind: str  # "cards", "bodymap" or "text"
    question: str  # asked of the patient
    question_for: str  # asked of a helper, with %(name)s
    pictogram: str
    choices: tuple[Choice, ...] = ()
    multiple: bool = False
    text_label: str = ""
    text_max: int = TEXT_MAX
    applies: Callable[[dict, bool], bool] = field(default=_always, compare=False)


QUESTIONS = (
    Question(
        "sova", "cards", _l("Hur sover du?"), _l("Hur sover %(name)s?"), "sleep", LEVELS, text_label=MORE
    ),
    Question(
        "ata",
        "cards",
        _l("Hur går det att äta och dricka?"),
        _l("Hur går det för %(name)s att äta och dricka?"),
        "eat-drink",
        LEVELS,
        text_label=MORE,
    ),
    Question(
        "vikt",
        "cards",
        _l("Har du gått upp eller ner i vikt?"),
        _l("Har %(name)s gått upp eller ner i vikt?"),
        "scale",
        WEIGHT,
        text_label=_l("Hur mycket? Skriv om du vet"),
    ),
    Question(
        "mage",
        "cards",
        _l("Hur mår magen?"),
        _l("Hur mår magen för %(name)s?"),
        "stomach",
        LEVELS,
        text_label=MORE,
    ),
    Question(
        "toalett",
        "cards",
        _l("Hur går det att kissa?"),
        _l("Hur går det för %(name)s att kissa?"),
        "toilet",
        LEVELS,
        text_label=MORE,
    ),
    Question("ont", "cards", _l("Har du ont?"), _l("Har %(name)s ont?"), "have-pain", PAIN),
    Question(
        "var",
        "bodymap",
        _l("Var gör det ont?"),
        _l("Var gör det ont för %(name)s?"),
        "body-front",
        CLOSE_UPS,
        multiple=True,
        text_label=MORE,
        applies=_has_pain,
    ),
    Question(
        "humor",
        "cards",
        _l("Hur känner du dig för det mesta?"),
        _l("Hur känner sig %(name)s för det mesta?"),
        "feel-calm",
        MOOD,
        multiple=True,
        text_label=_l("Vad gör dig orolig? Skriv om du vill"),
    ),
    Question(
        "anfall",
        "cards",
        _l("Hur är det med dina anfall?"),
        _l("Hur är det med anfallen för %(name)s?"),
        "seizure",
        LEVELS,
        text_label=_l("Hur ofta? Har det blivit annorlunda?"),
    ),
    Question(
        "tander",
        "cards",
        _l("Hur mår tänderna och munnen?"),
        _l("Hur mår tänderna och munnen för %(name)s?"),
        "mouth",
        LEVELS,
        text_label=MORE,
    ),
    Question("hora", "cards", _l("Hur hör du?"), _l("Hur hör %(name)s?"), "ear", LEVELS, text_label=MORE),
    Question("se", "cards", _l("Hur ser du?"), _l("Hur ser %(name)s?"), "eye", LEVELS, text_label=MORE),
    Question(
        "rora",
        "cards",
        _l("Hur går det att gå och röra dig?"),
        _l("Hur går det för %(name)s att gå och röra sig?"),
        "walker",
        LEVELS,
        text_label=_l("Har du ramlat? Skriv när, om du vill"),
    ),
    Question(
        "medicin",
        "cards",
        _l("Hur går det med medicinerna?"),
        _l("Hur går det med medicinerna för %(name)s?"),
        "pill",
        LEVELS,
        text_label=_l("Är något svårt? Mår du dåligt av någon medicin?"),
    ),
    Question(
        "mens",
        "cards",
        _l("Hur är det med mensen?"),
        _l("Hur är det med mensen för %(name)s?"),
        "period",
        LEVELS,
        text_label=MORE,
        applies=_for_women,
    ),
    Question(
        "cellprov_brev",
        "cards",
        _l("Har du fått ett brev om cellprov?"),
        _l("Har %(name)s fått ett brev om cellprov?"),
        "cervical-screening",
        YES_NO,
        applies=_for_women,
    ),
    Question(
        "cellprov_gick",
        "cards",
        _l("Gick du och tog cellprovet?"),
        _l("Gick %(name)s och tog cellprovet?"),
        "cervical-screening",
        YES_NO,
        applies=_letter("cellprov_brev"),
    ),
    Question(
        "mammografi_brev",
        "cards",
        _l("Har du fått ett brev om röntgen av brösten?"),
        _l("Har %(name)s fått ett brev om röntgen av brösten?"),
        "breast-screening",
        YES_NO,
        applies=_for_women,
    ),
    Question(
        "mammografi_gick",
        "cards",
        _l("Gick du på röntgen av brösten?"),
        _l("Gick %(name)s på röntgen av brösten?"),
        "breast-screening",
        YES_NO,
        applies=_letter("mammografi_brev"),
    ),
    Question(
        "vaccin",
        "cards",
        _l("Har du fått dina vaccin?"),
        _l("Har %(name)s fått sina vaccin?"),
        "syringe",
        YES_NO,
        text_label=_l("Vilka vaccin? Skriv om du vet"),
    ),
    Question(
        "prata",
        "text",
        _l("Vad vill du prata om på hälsokontrollen?"),
        _l("Vad vill %(name)s prata om på hälsokontrollen?"),
        "conversation",
        text_label=_l("Det här vill jag prata om"),
        text_max=TALK_MAX,
    ),
)
QUESTIONS_BY_KEY = {question.key: question for question in QUESTIONS}
REVIEW = "kontrollera"

# Who answers, asked on the start page: of the patient (who may answer with a helper beside
# them), and of a helper (who may let the patient answer on the helper's tablet).
WHO = (
    Choice("patient", _l("Jag svarar själv"), "answered-self"),
    Choice("together", _l("Vi svarar tillsammans"), "conversation"),
)
WHO_FOR_HELPER = (
    Choice("patient", _l("%(name)s svarar själv"), "answered-self"),
    Choice("helper", _l("Jag hjälper till och svarar"), "answered-for"),
    Choice("together", _l("Vi svarar tillsammans"), "conversation"),
)
# Who answered, in words for Kontrollera, the staff and the print.
WHO_WORDS = {
    "patient": _l("%(patient)s svarade själv."),
    "helper": _l("%(helper)s svarade för %(patient)s."),
    "together": _l("%(patient)s och %(helper)s svarade tillsammans."),
}


def applicable(answers: dict, woman: bool) -> list[Question]:
    """The questions that apply, with the answers so far."""
    return [q for q in QUESTIONS if q.applies(answers, woman)]


def planned(answers: dict, woman: bool) -> list[Question]:
    """The questions counted in "Fråga 3 av 20": the follow-up questions count as if they came
    until they are known not to, so the total only shrinks as answers come in."""
    assumed = {
        "ont": {"choice": "1"},
        "cellprov_brev": {"choice": "yes"},
        "mammografi_brev": {"choice": "yes"},
    }
    return applicable({**assumed, **{k: v for k, v in answers.items() if not is_empty(v)}}, woman)


def chosen(answer: dict | None) -> list[str]:
    """The values chosen in one answer (one card, or several)."""
    answer = answer or {}
    return list(answer.get("choices") or ([answer["choice"]] if answer.get("choice") else []))


def is_empty(answer: dict | None) -> bool:
    return not chosen(answer) and not (answer or {}).get("text")
