"""The needs profile as FHIR R4: a Bundle with the Patient and one Flag per need and per text.

Each need's Flag has two categories, Lotsen's own and, where the need fits one, the NHS Reasonable
Adjustment Flag value set it belongs to; its code holds the SNOMED CT concept where there is one,
Lotsen's own code always, and the text (with the comment) in Swedish, the record's language.
"""

from __future__ import annotations

import uuid

from flask_babel import force_locale

from ..core.urls import public_base
from ..models import Patient, utcnow
from .catalogue import CATEGORIES_BY_KEY, FIELD_SECTION, FIELDS, Part
from .services import Profile

SNOMED = "http://snomed.info/sct"
PERSONNUMMER = "urn:oid:1.2.752.129.2.1.3.1"  # the Swedish personal identity number


def _systems(base_url: str) -> dict[str, str]:
    base = base_url + "/fhir/CodeSystem"
    return {
        "category": f"{base}/need-category",
        "raf": f"{base}/reasonable-adjustment-category",
        "need": f"{base}/need",
        "text": f"{base}/about-me",
    }


def bundle(patient: Patient, profile: Profile) -> dict:
    """The Bundle as a dict; code systems are named under the clinic's Lotsen address."""
    base_url = public_base()
    systems = _systems(base_url)
    patient_ref = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, base_url + '/' + patient.public_id)}"
    changed = (profile.at or utcnow()).isoformat(timespec="seconds")
    entries = [
        {
            "fullUrl": patient_ref,
            "resource": {
                "resourceType": "Patient",
                "identifier": [{"system": PERSONNUMMER, "value": patient.personnummer}],
                "name": [{"text": patient.name}],
            },
        }
    ]
    with force_locale("sv"):
        for need, comment in profile.chosen:
            category = CATEGORIES_BY_KEY[need.category]
            categories = [
                {
                    "coding": [
                        {"system": systems["category"], "code": category.key, "display": str(category.title)}
                    ]
                }
            ]
            categories.append({"coding": [{"system": systems["raf"], "code": need.raf, "display": need.raf}]})
            coding = [{"system": systems["need"], "code": need.code, "display": str(need.text)}]
            if need.snomed:
                coding.insert(0, {"system": SNOMED, "code": need.snomed, "display": need.snomed_display})
            text = str(need.text) + (f": {comment}" if comment else "")
            entries.append(
                _flag(f"{patient_ref}/{need.code}", patient_ref, changed, categories, coding, text)
            )
        for key, value in profile.sections.items():
            if FIELD_SECTION[key].part is Part.LIKES:
                continue  # likes and dislikes are for the vårdpass, not alerts in the record
            categories = [
                {"coding": [{"system": systems["category"], "code": "about-me", "display": "Om mig"}]}
            ]
            coding = [{"system": systems["text"], "code": key, "display": str(FIELDS[key].label)}]
            entries.append(
                _flag(
                    f"{patient_ref}/{key}",
                    patient_ref,
                    changed,
                    categories,
                    coding,
                    f"{FIELDS[key].label}: {value}",
                )
            )
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": utcnow().isoformat(timespec="seconds"),
        "entry": entries,
    }


def _flag(name: str, patient_ref: str, changed: str, categories: list, coding: list, text: str) -> dict:
    return {
        # The same need of the same patient keeps its id from one export to the next.
        "fullUrl": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}",
        "resource": {
            "resourceType": "Flag",
            "meta": {"lastUpdated": changed},
            "status": "active",
            "category": categories,
            "code": {"coding": coding, "text": text},
            "subject": {"reference": patient_ref},
        },
    }
