"""Min hälsoplan as data: the shape of a plan's content, one JSON document per version:

    {"goals": [{"key": "a1b2c3d4",
                "goal": {"sv": "Jag vill sova bättre"},   # in the patient's words
                "do": {"sv": "Vi släcker lampan klockan 22."},  # what we do
                "who": "helper",                         # app/next_steps.py WHO_ALL
                "look_on": "2027-03-01" or ""}]}         # when we look again

A text is {form: text}; staff write the Swedish (easy Swedish, with the LIX meter). `clean` makes
any stored document fit this shape, so a page never trusts what it reads from the database."""

from __future__ import annotations

import secrets
from datetime import date

from ..next_steps import WHO_ALL, WHO_ALL_BY_VALUE

MAX_GOALS = 5
GOAL_MAX = 120  # a goal in the patient's words: one short sentence
DO_MAX = 300  # what we do
LANGUAGES = ("sv", "en", "ar")
# Who does a goal's step: the patient, the group home or the person who helps, the clinic, the
# habilitation.
WHO = WHO_ALL


def new_key() -> str:
    return secrets.token_hex(4)


def empty() -> dict:
    return {"goals": []}


def _text(value) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {
        form: value[form].strip()
        for form in LANGUAGES
        if isinstance(value.get(form), str) and value[form].strip()
    }


def _day(value) -> str:
    try:
        return date.fromisoformat(value).isoformat() if isinstance(value, str) and value else ""
    except ValueError:
        return ""


def clean(document) -> dict:
    """The document in the shape above: unknown keys, codes and forms dropped; at most
    `MAX_GOALS` goals, each with its words."""
    document = document if isinstance(document, dict) else {}
    goals = []
    used: set[str] = set()
    for goal in (document.get("goals") or [])[:MAX_GOALS]:
        if not isinstance(goal, dict) or not _text(goal.get("goal")):
            continue
        key = str(goal.get("key") or "")[:16]
        if not key or key in used:
            key = new_key()
        used.add(key)
        goals.append(
            {
                "key": key,
                "goal": _text(goal.get("goal")),
                "do": _text(goal.get("do")),
                "who": goal.get("who") if goal.get("who") in WHO_ALL_BY_VALUE else "clinic",
                "look_on": _day(goal.get("look_on")),
            }
        )
    return {"goals": goals}


def is_empty(document) -> bool:
    return not clean(document)["goals"]


def carried_over(document) -> dict:
    """A new plan at the next check starts from the old one: the same goals and steps (new
    keys, so that no done mark carries over) and no day: when to look again is agreed anew."""
    return clean({"goals": [{**goal, "key": new_key(), "look_on": ""} for goal in clean(document)["goals"]]})
