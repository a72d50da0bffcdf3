"""What the pages of Min hälsoplan show, for the patient's side, the print and the staff: each
text in the reader's language where it is written (else the Swedish, marked), who does a step
in words and a picture, and when we look again as words and a calendar picture."""

from __future__ import annotations

from ..clinic_words import Said, choose, reader
from ..next_steps import PATIENT_SIDE_WHO, WHO_ALL_BY_VALUE, day_forms, who_words
from . import plan_content


def text_for(texts: dict | None) -> Said:
    locale, easy = reader()
    return choose(texts or {}, locale, easy)


def only_in_swedish(document) -> bool:
    """Whether some text of the plan is shown in Swedish to a reader of another language."""
    locale, _easy = reader()
    language = (locale or "sv").split("_")[0]
    if language == "sv":
        return False
    goals = plan_content.clean(document)["goals"]
    return any(not goal[part].get(language) for goal in goals for part in ("goal", "do") if goal[part])


def plan_helpers() -> dict:
    return {
        "plan_text": text_for,
        "plan_day": day_forms,
        "plan_who": who_words,
        "plan_who_choice": WHO_ALL_BY_VALUE,
        "plan_patient_side": PATIENT_SIDE_WHO,
        "plan_shape": plan_content,
        "plan_only_in_swedish": only_in_swedish,
    }
