"""What the preparation wizard asks and what a preparation says: the needs it offers, every
applicable step with its answer (for Kontrollera, staff and print), and who answered."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .. import bodymap
from ..bodymap import BODY_PARTS
from ..models import Preparation
from ..needs.catalogue import NEEDS_BY_CODE
from .catalogue import COMMON_NEEDS, applicable


@dataclass
class AnswerRow:
    step_key: str
    question: str
    items: list[tuple[str, str]]  # (text, pictogram)
    text: str


ANSWERED_BY_WORDS = {
    "patient": _l("%(patient)s svarade själv."),
    "representative": _l("%(helper)s svarade för %(patient)s."),
    "together": _l("%(patient)s och %(helper)s svarade tillsammans."),
}


def answered_by_words(preparation: Preparation) -> str:
    """Who answered, for staff, the sent page and the paper: "" when nobody said."""
    words = ANSWERED_BY_WORDS.get(preparation.answered_by or "")
    if words is None or preparation.patient is None:
        return ""
    helper = preparation.user.name if preparation.user is not None else ""
    return str(words) % {"patient": preparation.patient.display_name, "helper": helper}


def needs_choices(profile) -> list:
    """The needs offered on the "what helps me" page: the profile's own, then common ones."""
    own = [need for need, _comment in profile.chosen]
    codes = {need.code for need in own}
    return own + [NEEDS_BY_CODE[c] for c in COMMON_NEEDS if c not in codes]


def summary(preparation: Preparation, representative: bool, name: str) -> list[AnswerRow]:
    """Every applicable step with its answer, in order; for Kontrollera, staff and print."""
    return answer_rows(preparation.answers or {}, representative, name)


def answer_rows(answers: dict, representative: bool, name: str) -> list[AnswerRow]:
    """`summary` of a preparation's answers as they are, or as they were when sent before."""
    parts = {p.value: p for p in BODY_PARTS}
    rows = []
    for step in applicable(answers, representative):
        answer = answers.get(step.key, {})
        values = answer.get("choices") or ([answer["choice"]] if answer.get("choice") else [])
        items = []
        for value in values:
            if step.kind == "needs":
                need = NEEDS_BY_CODE.get(value)
                if need is not None:
                    items.append((str(need.text), need.pictogram))
            elif value in parts:
                # Its own small figure, with the place marked where it is on the body map.
                items.append((str(parts[value].text), bodymap.pictogram_id(parts[value])))
            else:
                choice = next((c for c in step.choices if c.value == value), None)
                if choice is not None:
                    items.append((str(choice.text), choice.pictogram))
        question = step.question_for if representative else step.question
        rows.append(AnswerRow(step.key, str(question) % {"name": name}, items, answer.get("text", "")))
    return rows
