"""The FHIR export: a Bundle of the patient and one Flag per need and per text, valid FHIR R4
(checked with the fhir.resources package; R4B is R4 with the same Flag, Bundle and Patient)."""

from __future__ import annotations

import json

from fhir.resources.R4B.bundle import Bundle

from tests.staff.conftest import text
from tests.support.people import patient_url


def staff_url(world, path: str) -> str:
    return f"/personal/patienter/{world.patient.public_id}/anpassningar{path}"


def fill(make_client, world, sign_in):
    maja = make_client()
    sign_in(maja, world.patient_user)
    maja.post_form(
        patient_url(world.patient, "/anpassningar/behov/kommunikation"),
        {"version": "0", "need_interpreter": "y", "comment_interpreter": "arabiska", "need_easy_read": "y"},
    )
    maja.post_form(
        patient_url(world.patient, "/anpassningar/om-mig/ont"),
        {"version": "1", "text_pain": "Jag blir tyst."},
    )


def test_the_export_is_a_valid_fhir_bundle_with_coded_flags(staff_client, make_client, world, sign_in):
    fill(make_client, world, sign_in)
    response = staff_client.get(staff_url(world, "/fhir"))
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(text(response))
    bundle = Bundle.model_validate(data)  # raises on anything that is not valid FHIR
    assert bundle.type == "collection"
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds == ["Patient", "Flag", "Flag", "Flag"]
    patient = bundle.entry[0]
    assert patient.resource.identifier[0].value == data["entry"][0]["resource"]["identifier"][0]["value"]
    flags = {entry.resource.code.text: entry.resource for entry in bundle.entry[1:]}
    interpreter = flags["Tolk: arabiska"]
    assert interpreter.status == "active"
    assert interpreter.subject.reference == patient.fullUrl
    snomed = [c for c in interpreter.code.coding if c.system == "http://snomed.info/sct"]
    assert [(c.code, c.display) for c in snomed] == [("315594003", "Interpreter needed")]
    categories = [c.coding[0].code for c in interpreter.category]
    assert categories == ["communication", "Community Language Support"]
    easy = flags["Lättläst text"]
    assert not [c for c in easy.code.coding if c.system == "http://snomed.info/sct"]
    assert [c.code for c in easy.code.coding] == ["easy_read"]
    assert "Så visar jag att jag har ont: Jag blir tyst." in flags


def test_the_export_is_in_swedish_whatever_the_staff_language(staff_client, make_client, world, sign_in):
    fill(make_client, world, sign_in)
    staff_client.post_form("/sprak", {"language": "en", "next": "/"})
    data = json.loads(text(staff_client.get(staff_url(world, "/fhir"))))
    texts = [e["resource"]["code"]["text"] for e in data["entry"][1:]]
    assert "Tolk: arabiska" in texts


def test_an_empty_profile_exports_only_the_patient(staff_client, world):
    data = json.loads(text(staff_client.get(staff_url(world, "/fhir"))))
    Bundle.model_validate(data)
    assert [e["resource"]["resourceType"] for e in data["entry"]] == ["Patient"]


def test_flags_keep_their_ids_and_likes_are_not_exported(staff_client, make_client, world, sign_in):
    fill(make_client, world, sign_in)
    maja = make_client()
    sign_in(maja, world.patient_user)
    maja.post_form(
        patient_url(world.patient, "/anpassningar/om-mig/tycker-om"),
        {"version": "2", "text_likes": "Hästar", "text_dislikes": "Kö"},
    )
    first = json.loads(text(staff_client.get(staff_url(world, "/fhir"))))
    second = json.loads(text(staff_client.get(staff_url(world, "/fhir"))))
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
    assert len({e["fullUrl"] for e in first["entry"]}) == len(first["entry"])
    texts = " ".join(e["resource"].get("code", {}).get("text", "") for e in first["entry"])
    assert "Hästar" not in texts and "Jag blir tyst." in texts
