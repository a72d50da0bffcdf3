"""The visit at a glance, for the doctor and the nurse: why the patient comes, what they must know
first, communication in one line, who comes along, the patient's own questions and who answered.

One compact block, readable in half a minute: the same block on the visit page, on "Dagens besök"
and on its printout. What comes first is data, not template logic: the needs catalogue ranks each
need that is a matter of safety (`Need.safety`: seizures before a wheelchair), and a preparation's
answers that mean "do not wait" (the worst pain) come before everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..bodymap import BODY_PARTS
from ..models import Preparation, Visit, VisitRequest
from ..needs.catalogue import COMMUNICATION, NEEDS_BY_CODE
from ..needs.services import Profile
from .catalogue import STEPS_BY_KEY
from .wizard import answered_by_words

PARTS = {part.value: part for part in BODY_PARTS}


@dataclass(frozen=True)
class Item:
    """One thing to know: its words, its picture, the patient's comment, and whether it is urgent
    (said first, marked) or only for this visit (chosen in the preparation)."""

    text: str
    pictogram: str
    comment: str = ""
    urgent: bool = False
    this_visit: bool = False


@dataclass
class Overview:
    visit: Visit
    preparation: Preparation | None
    why: str  # one line: the reasons chosen, else the visit type
    why_text: str = ""  # the patient's or helper's own words about why
    pain: str = ""  # where and how much, in one line, when the preparation says so
    must_know: list[Item] = field(default_factory=list)
    communication: list[Item] = field(default_factory=list)
    feels: str = ""  # how they feel, and their words about it
    companions: str = ""
    questions: list[str] = field(default_factory=list)
    told: str = ""  # "Vad vill du berätta": a helper's own words
    # The patient's other needs (waiting in the car, quiet room ...), in one line after the rest.
    other_needs: list[Item] = field(default_factory=list)
    helps: str = ""  # what else helps this time, in their own words
    answered_by: str = ""

    @property
    def others(self) -> int:
        """How many of the patient's needs are neither must-know nor communication."""
        return len(self.other_needs)

    @property
    def prepared(self) -> bool:
        return self.preparation is not None and self.preparation.submitted

    @property
    def urgent(self) -> bool:
        return any(item.urgent for item in self.must_know)


def _choices(answers: dict, key: str) -> list[str]:
    answer = answers.get(key) or {}
    return list(answer.get("choices") or ([answer["choice"]] if answer.get("choice") else []))


def _texts(key: str, values: list[str]) -> list[str]:
    step = STEPS_BY_KEY[key]
    words = {choice.value: str(choice.text) for choice in step.choices}
    return [words[value] for value in values if value in words]


def _text(answers: dict, key: str) -> str:
    return ((answers.get(key) or {}).get("text") or "").strip()


def _pain_line(answers: dict) -> tuple[str, bool]:
    """ "Ont i vänster knä, örat. Så ont att jag inte står ut. Sedan några dagar." and whether
    the pain is the worst (said first and marked)."""
    places = []
    for value in _choices(answers, "var"):
        if value in PARTS:
            places.append(str(PARTS[value].text))
        else:
            places.extend(_texts("var", [value]))
    how = _choices(answers, "hur")
    parts = []
    if places:
        parts.append(_("Ont: %(places)s.", places=", ".join(places)))
    if _text(answers, "var"):
        parts.append(_text(answers, "var"))
    parts.extend(f"{text}." for text in _texts("hur", how))
    parts.extend(f"{text}." for text in _texts("sedan", _choices(answers, "sedan")))
    worst = bool(set(how) & STEPS_BY_KEY["hur"].urgent)
    return " ".join(parts), worst


def _sent_by(preparation: Preparation) -> str:
    """Who sent it, when they did not say who answered."""
    if preparation.submitted_by_patient or preparation.user is None:
        return _("%(patient)s skickade själv.", patient=preparation.patient.display_name)
    return _(
        "%(helper)s skickade för %(patient)s.",
        helper=preparation.user.name,
        patient=preparation.patient.display_name,
    )


def build(
    visit: Visit, preparation: Preparation | None, profile: Profile, asked: VisitRequest | None = None
) -> Overview:
    """The overview of one visit from its sent preparation (a draft is not the patient's word
    yet), else the request it was booked from, and the patient's current needs."""
    sent = preparation if preparation is not None and preparation.submitted else None
    answers = (sent.answers or {}) if sent is not None else {}
    reasons = _texts("varfor", _choices(answers, "varfor"))
    why_text = _text(answers, "varfor")
    if not reasons and not why_text and asked is not None:
        reasons, why_text = _texts("varfor", list(asked.reasons)), asked.text
    overview = Overview(
        visit=visit,
        preparation=preparation,
        why=", ".join(reasons) if reasons else visit.visit_type.name,
        why_text=why_text,
    )
    if sent is not None:
        overview.pain, worst = _pain_line(answers)
        if worst:
            step = STEPS_BY_KEY["hur"]
            choice = next(choice for choice in step.choices if choice.value in step.urgent)
            overview.must_know.append(Item(str(choice.text), choice.pictogram, urgent=True))
        overview.feels = ", ".join(_texts("kansla", _choices(answers, "kansla")))
        if _text(answers, "kansla"):
            overview.feels += (": " if overview.feels else "") + _text(answers, "kansla")
        companions = _texts("vem", _choices(answers, "vem"))
        names = _text(answers, "vem")
        overview.companions = ", ".join(companions) + (f" ({names})" if names else "")
        overview.questions = _texts("fragor", _choices(answers, "fragor"))
        if _text(answers, "fragor"):
            overview.questions.append(_text(answers, "fragor"))
        overview.told = _text(answers, "beratta")
        overview.answered_by = answered_by_words(sent) or _sent_by(sent)

    chosen = list(profile.chosen)
    in_profile = {need.code for need, _comment in chosen}
    for code in _choices(answers, "hjalp"):
        need = NEEDS_BY_CODE.get(code)
        if need is not None and code not in in_profile:
            chosen.append((need, ""))
    this_visit = {code for code in _choices(answers, "hjalp") if code not in in_profile}
    ranked = sorted((pair for pair in chosen if pair[0].must_know), key=lambda pair: pair[0].safety_order)
    overview.must_know.extend(
        Item(str(need.text), need.pictogram, comment, this_visit=need.code in this_visit)
        for need, comment in ranked
    )
    overview.communication = [
        Item(str(need.text), need.pictogram, comment, this_visit=need.code in this_visit)
        for need, comment in chosen
        if need.category == COMMUNICATION and not need.must_know
    ]
    overview.helps = _text(answers, "hjalp")
    overview.other_needs = [
        Item(str(need.text), need.pictogram, comment, this_visit=need.code in this_visit)
        for need, comment in chosen
        if not need.must_know and need.category != COMMUNICATION
    ]
    return overview
