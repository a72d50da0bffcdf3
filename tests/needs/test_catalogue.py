"""The needs catalogue is complete data: codes, categories, pictograms, texts in every language,
an easy text, and NHS Reasonable Adjustment codes that exist in the reference value sets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.needs import catalogue
from app.needs.catalogue import CATEGORIES, NEEDS, SECTIONS, Part
from app.pictograms import library

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference" / "raf-valuesets.txt"


def _reference() -> dict[str, dict[str, set[str]]]:
    """{value set: {SNOMED CT id: {descriptions}}} from the NHS RAF reference file."""
    sets: dict[str, dict[str, set[str]]] = {}
    current = None
    for line in REFERENCE.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("====="):
            current = sets.setdefault(line.strip("= ").strip(), {})
        elif "|" in line and current is not None:
            code, _, text = line.partition("|")
            current.setdefault(code.strip(), set()).add(text.strip())
    return sets


def _catalogue(language: str, domain: str) -> dict[str, str]:
    path = ROOT / "translations" / language / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and m.string and not m.fuzzy}


def _texts() -> list[tuple[str, str]]:
    """Every text of the catalogue that a patient reads: (where, Swedish text)."""
    found = []
    for c in CATEGORIES:
        found += [(f"category {c.key}", c.title._args[0]), (f"category {c.key}", c.question._args[0])]
    for n in NEEDS:
        found.append((f"need {n.code}", n.text._args[0]))
        if n.comment_hint is not None:
            found.append((f"need {n.code} hint", n.comment_hint._args[0]))
    for s in SECTIONS:
        found.append((f"section {s.slug}", s.title._args[0]))
        found += [(f"section {s.slug} prompt", p._args[0]) for p in s.prompts]
        found += [(f"section {s.slug} field", f.label._args[0]) for f in s.fields]
    found += [(f"part {part}", text._args[0]) for part, text in catalogue.PART_TITLES.items()]
    return found


def test_there_are_at_least_forty_needs_in_the_eight_categories():
    assert len(NEEDS) >= 40
    assert [c.key for c in CATEGORIES] == [
        "time",
        "room",
        "communication",
        "moving",
        "support",
        "examinations",
        "senses",
        "other",
    ]
    for category in CATEGORIES:
        assert len(catalogue.needs_in(category)) >= 3, category.key


def test_codes_and_addresses_are_unique_and_safe():
    codes = [n.code for n in NEEDS]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z][a-z_]{2,40}", code) for code in codes)
    slugs = [c.slug for c in CATEGORIES] + [s.slug for s in SECTIONS]
    assert all(re.fullmatch(r"[a-z-]+", slug) for slug in slugs)
    keys = [f.key for s in SECTIONS for f in s.fields]
    assert len(keys) == len(set(keys))
    assert {n.category for n in NEEDS} == {c.key for c in CATEGORIES}


def test_the_needs_design_asks_for_are_there():
    wanted = {
        "longer_visit",
        "first_time_of_day",
        "last_time_of_day",
        "no_waiting",
        "wait_in_car",
        "quiet_room",
        "dim_light",
        "few_people",
        "same_staff",
        "home_visit",
        "study_visit",
        "easy_read",
        "pictures",
        "read_aloud",
        "sign_language",
        "interpreter",
        "aac_device",
        "wheelchair",
        "patient_lift",
        "adjustable_couch",
        "changing_table",
        "companion",
        "needle_fear",
        "numbing_cream",
        "blood_tests_home",
        "explain_steps",
        "sound_sensitive",
        "light_sensitive",
        "touch_sensitive",
        "pain_unusual",
    }
    assert wanted <= set(catalogue.NEEDS_BY_CODE)


def test_every_need_category_and_section_has_a_known_pictogram(app):
    with app.app_context():
        ids = set(library())
    used = (
        [n.pictogram for n in NEEDS]
        + [c.pictogram for c in CATEGORIES]
        + [s.pictogram for s in SECTIONS]
        + list(catalogue.PART_PICTOGRAMS.values())
    )
    assert not sorted(set(used) - ids)


def test_snomed_codes_are_in_the_reference_value_set_they_name():
    reference = _reference()
    assert "EnvironmentAdjustment" in reference and "BespokeReasonableAdjustment" in reference
    coded = [n for n in NEEDS if n.snomed]
    assert len(coded) >= 25
    for need in NEEDS:
        assert need.raf in reference, f"{need.code}: unknown value set {need.raf}"
        if need.snomed:
            assert need.snomed in reference[need.raf], f"{need.code}: {need.snomed} not in {need.raf}"
            assert need.snomed_display in reference[need.raf][need.snomed], need.code
        else:
            assert need.snomed_display is None, need.code


def test_must_know_needs_are_the_ones_for_safety_and_understanding():
    must = {n.code for n in NEEDS if n.part is Part.MUST}
    assert {
        "interpreter",
        "aac_device",
        "needle_fear",
        "epilepsy",
        "swallowing",
        "pain_unusual",
        "companion",
    } <= must
    assert "dim_light" not in must


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_catalogue_text_is_translated(language):
    translated = _catalogue(language, "messages")
    missing = [(where, text) for where, text in _texts() if text not in translated]
    assert not missing, missing[:5]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_catalogue_text_has_an_easy_form(language):
    easy = _catalogue(language, "easy")
    missing = [(where, text) for where, text in _texts() if text not in easy]
    assert not missing, missing[:5]
