"""The mandate page and its actions: verify, change (limit), revoke."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models import AccessAction, Invitation, Mandate, MandateStatus, Role, Scope
from tests.support.people import patient_url

from .conftest import text


def _url(world, mandate=None, action: str = "") -> str:
    mandate = mandate or world.mandate
    base = f"/personal/patienter/{world.patient.public_id}/foretradare/{mandate.public_id}"
    return base + (f"/{action}" if action else "")


def _mandate(query, mandate_id) -> Mandate:
    return query(lambda s: s.get(Mandate, mandate_id))


def test_mandate_page_renders(staff_client, world, events):
    page = staff_client.get(_url(world))
    assert page.status_code == 200
    html = text(page)
    assert "Birgitta Svensson, företrädare för Maja Andersson" in html
    for words in (
        "god man",
        "se uppgifter",
        "förbereda besök",
        "gäller",
        "Tills vidare",
        "Bekräfta behörigheten på nytt",
        "Ändra behörigheten",
        "Återkalla behörigheten",
    ):
        assert words in html, words
    assert (world.staff.id, world.patient.id, "read", "staff.mandate", "") in events()


@pytest.mark.parametrize("action", ["bekrafta", "andra", "aterkalla"])
def test_action_pages_render(staff_client, world, action):
    page = staff_client.get(_url(world, action=action))
    assert page.status_code == 200
    assert "<form" in text(page) and "Birgitta Svensson" in text(page)


def test_mandate_of_another_patient_is_404(staff_client, world, make_patient, make_mandate, query):
    other = make_patient(world.clinic)
    theirs = make_mandate(other)
    wrong = f"/personal/patienter/{world.patient.public_id}/foretradare/{theirs.public_id}"
    assert staff_client.get(wrong).status_code == 404
    for action, data in [
        ("bekrafta", {"verification_note": "x"}),
        ("andra", {"scopes": ["see"]}),
        ("aterkalla", {"revoke_reason": "x"}),
        ("ny-lank", {}),
    ]:
        assert staff_client.get(f"{wrong}/{action}").status_code == 404
        assert staff_client.post_form(f"{wrong}/{action}", data).status_code == 404
    assert _mandate(query, theirs.id).status is MandateStatus.ACTIVE
    assert (
        staff_client.get(f"/personal/patienter/{world.patient.public_id}/foretradare/finns-inte").status_code
        == 404
    )


def test_verify_an_awaiting_mandate(staff_client, world, make_mandate, member, query, events):
    mandate = make_mandate(world.patient, status=MandateStatus.AWAITING_VERIFICATION)
    assert _mandate(query, mandate.id).verified_at is None
    response = staff_client.post_form(
        _url(world, mandate, "bekrafta"), {"verification_note": "Beslut från överförmyndaren sett"}
    )
    assert response.status_code == 302 and response.location.endswith(_url(world, mandate))
    after = _mandate(query, mandate.id)
    assert after.status is MandateStatus.ACTIVE
    assert after.verified_by_id == member(world.staff).id
    assert after.verification_note == "Beslut från överförmyndaren sett"
    assert after.verified_at is not None
    assert (world.staff.id, world.patient.id, "update", "mandate", mandate.public_id) in events()
    page = text(staff_client.get(response.location))
    assert "Behörigheten är bekräftad." in page and "Beslut från överförmyndaren sett" in page


def test_verify_needs_a_note(staff_client, world, make_mandate, query, events):
    mandate = make_mandate(world.patient, status=MandateStatus.AWAITING_VERIFICATION)
    for note, message in [
        ("", "Skriv vad du har kontrollerat."),
        ("  ", "Skriv vad du har kontrollerat."),
        ("n" * 100_000, "Texten är för lång. Skriv högst 2000 tecken."),
    ]:
        page = staff_client.post_form(_url(world, mandate, "bekrafta"), {"verification_note": note})
        assert page.status_code == 200 and message in text(page)
        assert "<title>Fel:" in text(page)
    assert _mandate(query, mandate.id).status is MandateStatus.AWAITING_VERIFICATION
    assert events(action=AccessAction.UPDATE) == []


@pytest.mark.parametrize("ended", ["revoked", "expired"])
def test_verify_and_change_refused_on_an_ended_mandate(
    staff_client, world, make_mandate, query, events, ended
):
    if ended == "revoked":
        mandate = make_mandate(world.patient, status=MandateStatus.REVOKED)
    else:
        mandate = make_mandate(world.patient, valid_until=date.today() - timedelta(days=1))
    before = _mandate(query, mandate.id)
    assert "kan inte bekräftas" in text(staff_client.get(_url(world, mandate, "bekrafta")))
    page = staff_client.post_form(_url(world, mandate, "bekrafta"), {"verification_note": "Sett"})
    assert page.status_code == 200
    assert "kan inte bekräftas" in text(page) and "<title>Fel:" in text(page)
    assert "kan inte ändras" in text(staff_client.get(_url(world, mandate, "andra")))
    page = staff_client.post_form(
        _url(world, mandate, "andra"), {"scopes": ["change_needs"], "valid_until": ""}
    )
    assert page.status_code == 200
    assert "kan inte ändras" in text(page) and "<title>Fel:" in text(page)
    after = _mandate(query, mandate.id)
    assert (after.status, after.verification_note, after.scopes, after.valid_until) == (
        before.status,
        before.verification_note,
        before.scopes,
        before.valid_until,
    )
    assert events(action=AccessAction.UPDATE) == []


def test_change_scopes_and_end_date(staff_client, make_client, world, sign_in, act_for, query, events):
    until = date.today() + timedelta(days=30)
    form = text(staff_client.get(_url(world, action="andra")))
    assert 'value="prepare_visits" checked' in form
    response = staff_client.post_form(
        _url(world, action="andra"), {"scopes": ["prepare_visits"], "valid_until": until.isoformat()}
    )
    assert response.status_code == 302
    after = _mandate(query, world.mandate.id)
    assert after.scopes == {Scope.SEE, Scope.PREPARE_VISITS}
    assert after.valid_until == until
    assert after.status is MandateStatus.ACTIVE
    assert (world.staff.id, world.patient.id, "update", "mandate", world.mandate.public_id) in events()
    assert "Behörigheten för Birgitta Svensson är ändrad." in text(staff_client.get(response.location))
    # Unchecking everything leaves seeing, which is always included; the date can be cleared.
    staff_client.post_form(_url(world, action="andra"), {"valid_until": ""})
    after = _mandate(query, world.mandate.id)
    assert after.scopes == {Scope.SEE} and after.valid_until is None
    # The representative can still choose the patient and see the start page.
    rep = make_client()
    sign_in(rep, world.god_man)
    act_for(rep, world.patient)
    assert rep.get(patient_url(world.patient)).status_code == 200


def test_change_refuses_bad_input(staff_client, world, query):
    before = _mandate(query, world.mandate.id)
    for data, message in [
        ({"scopes": ["root"]}, "Välj bara bland behörigheterna i listan."),
        ({"valid_until": "i morgon"}, "Skriv datumet som år-månad-dag"),
        ({"valid_until": "2001-01-01"}, "Datumet har redan varit."),
        ({"valid_until": "9999-12-31"}, "Skriv ett datum mellan år 2000 och 2099."),
    ]:
        page = staff_client.post_form(_url(world, action="andra"), data)
        assert page.status_code == 200 and message in text(page), message
    after = _mandate(query, world.mandate.id)
    assert (after.scopes, after.valid_until) == (before.scopes, before.valid_until)


def test_revoke(staff_client, make_client, world, sign_in, act_for, member, query, events):
    rep = make_client()
    sign_in(rep, world.god_man)
    act_for(rep, world.patient)
    assert rep.get(patient_url(world.patient)).status_code == 200

    response = staff_client.post_form(
        _url(world, action="aterkalla"), {"revoke_reason": "Godmanskapet har upphört."}
    )
    assert response.status_code == 302
    after = _mandate(query, world.mandate.id)
    assert after.status is MandateStatus.REVOKED
    assert after.revoked_by_id == member(world.staff).id and after.revoked_at is not None
    assert after.revoke_reason == "Godmanskapet har upphört."
    assert (world.staff.id, world.patient.id, "update", "mandate", world.mandate.public_id) in events()
    page = text(staff_client.get(response.location))
    assert "Behörigheten är återkallad." in page and "återkallad" in page

    # The representative has lost access.
    assert rep.get(patient_url(world.patient)).status_code == 403
    assert rep.get("/min-sida/").location == "/vem-hjalper-du"
    ended = text(rep.get("/vem-hjalper-du"))
    assert patient_url(world.patient) not in ended
    assert "Du får inte längre hjälpa" in ended


def test_revoke_needs_a_reason_and_happens_once(staff_client, world, query, events):
    page = staff_client.post_form(_url(world, action="aterkalla"), {"revoke_reason": ""})
    assert page.status_code == 200 and "Skriv varför du återkallar." in text(page)
    assert _mandate(query, world.mandate.id).status is MandateStatus.ACTIVE
    staff_client.post_form(_url(world, action="aterkalla"), {"revoke_reason": "Första"})
    page = staff_client.post_form(_url(world, action="aterkalla"), {"revoke_reason": "Andra"})
    assert page.status_code == 200 and "Behörigheten är redan återkallad." in text(page)
    assert _mandate(query, world.mandate.id).revoke_reason == "Första"
    # A revoked mandate can't be changed again, nor verified.
    staff_client.post_form(_url(world, action="andra"), {"scopes": ["change_needs"]})
    staff_client.post_form(_url(world, action="bekrafta"), {"verification_note": "Sett"})
    after = _mandate(query, world.mandate.id)
    assert after.status is MandateStatus.REVOKED and Scope.CHANGE_NEEDS in after.scopes
    assert after.verification_note == ""
    assert len(events(action=AccessAction.UPDATE)) == 1
    html = text(staff_client.get(_url(world)))
    assert "kan inte ändras" in html and "Återkalla behörigheten" not in html


def test_revoke_withdraws_open_invitations(staff_client, make_client, world, query):
    staff_client.post_form(
        f"/personal/patienter/{world.patient.public_id}/foretradare/ny",
        {"name": "Rut", "email": "rut@exempel.se", "kind": "relative_consent"},
    )
    from .conftest import invitation_path

    mandate = query(lambda s: s.scalar(select(Mandate).where(Mandate.status == MandateStatus.INVITED)))
    path = invitation_path(text(staff_client.post_form(_url(world, mandate, "ny-lank"))))
    assert make_client().get(path).status_code == 200
    staff_client.post_form(_url(world, mandate, "aterkalla"), {"revoke_reason": "Fel person"})
    assert make_client().get(path).status_code == 404
    withdrawn = query(
        lambda s: s.scalars(select(Invitation.withdrawn_at).where(Invitation.mandate_id == mandate.id)).all()
    )
    assert withdrawn and all(w is not None for w in withdrawn)
    assert "Inga öppna inbjudningar." in text(
        staff_client.get(f"/personal/patienter/{world.patient.public_id}")
    )


def test_representatives_and_patients_cannot_use_the_staff_area(make_client, world, sign_in, query):
    for user in (world.god_man, world.patient_user, world.admin):
        client = make_client()
        sign_in(client, user)
        for url in [
            "/personal/",
            "/personal/patienter",
            "/personal/logg",
            f"/personal/patienter/{world.patient.public_id}",
            _url(world),
            _url(world, action="bekrafta"),
        ]:
            assert client.get(url).status_code == 403, (user.role, url)
        assert client.post_form(_url(world, action="aterkalla"), {"revoke_reason": "x"}).status_code == 403
    assert _mandate(query, world.mandate.id).status is MandateStatus.ACTIVE
    assert query(lambda s: s.get(type(world.god_man), world.god_man.id).role) is Role.REPRESENTATIVE


def test_not_signed_in_goes_to_sign_in(client, world):
    for url in ["/personal/patienter", f"/personal/patienter/{world.patient.public_id}", "/personal/logg"]:
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in" in response.location
