"""The shape of a summary's content, one JSON document per version:

    {
      "did": ["talk", "blood_test"],            # codes of catalogue.DID
      "did_text": {"sv": "...", "en": "...", "ar": "..."},
      "found": {...},                           # Det här kom vi fram till
      "steps": [{"key": "a1b2c3d4", "kind": "blood_test", "who": "clinic",
                 "on": "2026-12-15" or "", "text": {...}}],
      "medicines": [{"key": "…", "change": "new", "name": "Alvedon",
                     "for": {...}, "dose": {...}, "times": ["morning", "evening"]}],
      "calls": {"clinic": {...}, "1177": {...}, "112": {...}},
    }

A text is {form: text} with the forms "sv" (easy Swedish, always written first), "en" and "ar"
(written when staff want to). `clean` makes any stored document fit this shape, so a page never
trusts what it reads from the database; `texts` lists every text, for the page where staff write
the other languages."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from .catalogue import (
    CALLS,
    CALLS_BY_VALUE,
    CHANGES_BY_VALUE,
    DID_BY_VALUE,
    MAX_MEDICINES,
    MAX_STEPS,
    STEP_KINDS_BY_VALUE,
    TIMES_BY_VALUE,
    WHO_BY_VALUE,
)

LANGUAGES = ("sv", "en", "ar")


def new_key() -> str:
    return secrets.token_hex(4)


def empty() -> dict:
    return {"did": [], "did_text": {}, "found": {}, "steps": [], "medicines": [], "calls": {}}


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


def _codes(values, known) -> list[str]:
    values = values if isinstance(values, list) else []
    return [code for code in known if code in values]


def clean(document) -> dict:
    """The document in the shape above: unknown codes, keys and forms dropped."""
    document = document if isinstance(document, dict) else {}
    steps = []
    for step in (document.get("steps") or [])[:MAX_STEPS]:
        if not isinstance(step, dict) or step.get("kind") not in STEP_KINDS_BY_VALUE:
            continue
        steps.append(
            {
                "key": str(step.get("key") or new_key())[:16],
                "kind": step["kind"],
                "who": step.get("who") if step.get("who") in WHO_BY_VALUE else "clinic",
                "on": _day(step.get("on")),
                "text": _text(step.get("text")),
            }
        )
    medicines = []
    for medicine in (document.get("medicines") or [])[:MAX_MEDICINES]:
        if not isinstance(medicine, dict) or medicine.get("change") not in CHANGES_BY_VALUE:
            continue
        name = medicine.get("name")
        medicines.append(
            {
                "key": str(medicine.get("key") or new_key())[:16],
                "change": medicine["change"],
                "name": name.strip() if isinstance(name, str) else "",
                "for": _text(medicine.get("for")),
                "dose": _text(medicine.get("dose")),
                "times": _codes(medicine.get("times"), TIMES_BY_VALUE),
            }
        )
    calls = document.get("calls") if isinstance(document.get("calls"), dict) else {}
    return {
        "did": _codes(document.get("did"), DID_BY_VALUE),
        "did_text": _text(document.get("did_text")),
        "found": _text(document.get("found")),
        "steps": steps,
        "medicines": medicines,
        "calls": {who: _text(calls.get(who)) for who in CALLS_BY_VALUE if _text(calls.get(who))},
    }


def is_empty(document) -> bool:
    found = clean(document)
    return not (
        found["did"]
        or found["did_text"]
        or found["found"]
        or found["steps"]
        or found["medicines"]
        or found["calls"]
    )


@dataclass(frozen=True)
class Text:
    """One text of a summary, for the page where staff write it in English and Arabic."""

    path: str  # "found", "steps.a1b2c3d4.text", "calls.112" …
    part: str  # the part it belongs to (catalogue.PARTS)
    texts: dict[str, str]


def texts(document) -> list[Text]:
    """Every text written in Swedish, in the order the patient's page shows them."""
    found = clean(document)
    listed: list[Text] = []

    def add(path: str, part: str, value: dict) -> None:
        if value.get("sv"):
            listed.append(Text(path, part, value))

    add("did_text", "did", found["did_text"])
    add("found", "found", found["found"])
    for step in found["steps"]:
        add(f"steps.{step['key']}.text", "steps", step["text"])
    for medicine in found["medicines"]:
        add(f"medicines.{medicine['key']}.for", "medicines", medicine["for"])
        add(f"medicines.{medicine['key']}.dose", "medicines", medicine["dose"])
    for call in CALLS:
        add(f"calls.{call.value}", "calls", found["calls"].get(call.value, {}))
    return listed


def with_text(document, path: str, form: str, text: str) -> dict:
    """A copy of the document with one form of one text set (an empty text removes it). An
    unknown path or form changes nothing."""
    found = clean(document)
    if form not in LANGUAGES:
        return found
    parts = path.split(".")
    target = None
    if parts[0] in ("did_text", "found") and len(parts) == 1:
        target = found[parts[0]]
    elif parts[0] == "calls" and len(parts) == 2 and parts[1] in CALLS_BY_VALUE:
        target = found["calls"].setdefault(parts[1], {})
    elif parts[0] in ("steps", "medicines") and len(parts) == 3:
        field = parts[2]
        allowed = {"steps": ("text",), "medicines": ("for", "dose")}[parts[0]]
        for item in found[parts[0]]:
            if item["key"] == parts[1] and field in allowed:
                target = item[field]
    if target is None:
        return found
    if text.strip():
        target[form] = text.strip()
    else:
        target.pop(form, None)
    return clean(found)


def dated_steps(document) -> list[dict]:
    return [step for step in clean(document)["steps"] if step["on"]]


def from_ready(ready) -> dict:
    """A document from a ready summary (catalogue.TEMPLATES): each text in every language the
    catalogues have it in (for a reader without easy read: these texts are easy already)."""
    from ..i18n import reading_as

    def text(value) -> dict[str, str]:
        if value is None:
            return {}
        forms = {}
        for form in LANGUAGES:
            with reading_as(form, False):
                forms[form] = str(value)
        # A form the catalogue has no translation for is the Swedish: leave it out.
        return {f: t for f, t in forms.items() if f == "sv" or t != forms["sv"]}

    return clean(
        {
            "did": list(ready.did),
            "did_text": text(ready.did_text),
            "found": text(ready.found),
            "steps": [
                {"key": new_key(), "kind": s.kind, "who": s.who, "on": "", "text": text(s.text)}
                for s in ready.steps
            ],
            "medicines": [
                {
                    "key": new_key(),
                    "change": m.change,
                    "name": "",
                    "for": text(m.for_what),
                    "dose": text(m.dose),
                    "times": list(m.times),
                }
                for m in ready.medicines
            ],
            "calls": {who: text(words) for who, words in ready.calls},
        }
    )
