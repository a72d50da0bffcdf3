"""What the patient's side does with a summary: "Jag har förstått", "Jag har en fråga" (a
conversation about the summary, in the vårdlots's inbox), the next steps ticked done, a correction
making it new again on Hem, and bad input that changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from app.models import AfterVisitRead, AfterVisitStep, Conversation, ConversationKind, Mandate, Scope
from tests.support.people import patient_url


def _page(world, summary_id: str, rest: str = "") -> str:
    return patient_url(world.patient, f"/efter-besoket/{summary_id}{rest}")


def _read(query, user_id):
    return query(lambda s: s.scalar(select(AfterVisitRead).where(AfterVisitRead.user_id == user_id)))


def test_understood_and_a_correction_makes_it_new_again(client, world, past, send_summary, sign_in, query):
    sent = send_summary(past.visit, world.staff)
    sign_in(client, world.patient_user)
    home = patient_url(world.patient, "/")
    assert "Nytt efter ditt besök" in client.get(home).get_data(as_text=True)
    client.get(_page(world, sent.id))
    assert "Nytt efter ditt besök" not in client.get(home).get_data(as_text=True)
    response = client.post_form(_page(world, sent.id, "/forstatt"))
    assert response.status_code == 302
    html = client.get(_page(world, sent.id)).get_data(as_text=True)
    assert "Du har sagt: Jag har förstått." in html
    row = _read(query, world.patient_user.id)
    assert row.understood_version == 1 and row.understood_at is not None
    # The clinic corrects it: new again on Hem, with what changed and the earlier version.
    from datetime import timedelta

    from app.core.clock import today
    from tests.aftervisit.conftest import typical_document

    document = typical_document(today() + timedelta(days=8))
    document["found"] = {"sv": "Blodtrycket är bra. Du har lite vax i öronen."}
    send_summary(past.visit, world.staff, document, why={"sv": "Vi skrev fel om vaxet."})
    assert "Nytt efter ditt besök" in client.get(home).get_data(as_text=True)
    html = client.get(_page(world, sent.id)).get_data(as_text=True)
    assert "Vårdcentralen har ändrat det här." in html and "Vi skrev fel om vaxet." in html
    assert "Jag har förstått" in html and "Du har sagt: Jag har förstått." not in html
    history = client.get(_page(world, sent.id, "/tidigare")).get_data(as_text=True)
    assert _page(world, sent.id, "/version/1") in history
    old = client.get(_page(world, sent.id, "/version/1")).get_data(as_text=True)
    assert "Det här är en gammal version." in old and "Därför hör du sämre." in old
    assert "/steg/" not in old and "/forstatt" not in old


def test_a_question_is_a_conversation_about_the_summary(client, world, past, send_summary, sign_in, query):
    sent = send_summary(past.visit, world.staff)
    sign_in(client, world.patient_user)
    form = _page(world, sent.id, "/fraga")
    assert client.get(form).status_code == 200
    response = client.post_form(form, {"phrases": "medicine", "text": "Hur länge ska jag ta dropparna?"})
    assert response.status_code == 302 and "/kontakt/" in response.location
    conversation = query(lambda s: s.scalar(select(Conversation)))
    assert conversation.kind is ConversationKind.AFTER_VISIT and conversation.about == sent.id
    row = _read(query, world.patient_user.id)
    assert row.conversation_id == conversation.id and row.question_at is not None
    # The patient's side sees it under Kontakta vårdlotsen, about the summary.
    html = client.get(response.location).get_data(as_text=True)
    assert "Frågan gäller det vårdcentralen skrev efter besöket." in html and _page(world, sent.id) in html
    assert "En fråga om Efter besöket" in client.get(patient_url(world.patient, "/kontakt/")).get_data(
        as_text=True
    )
    # The summary page links the question.
    assert "Se frågan och svaret" in client.get(_page(world, sent.id)).get_data(as_text=True)


def test_the_vardlots_sees_the_question_in_the_inbox(
    client, staff_client, world, past, send_summary, sign_in, query, make_client
):
    sent = send_summary(past.visit, world.staff)
    patient = make_client()
    sign_in(patient, world.patient_user)
    patient.post_form(_page(world, sent.id, "/fraga"), {"text": "Vad betyder vax?"})
    inbox = staff_client.get("/personal/inkorg").get_data(as_text=True)
    assert "Fråga om Efter besöket från" in inbox
    conversation = query(lambda s: s.scalar(select(Conversation)))
    page = staff_client.get(
        f"/personal/patienter/{world.patient.public_id}/samtal/{conversation.public_id}"
    ).get_data(as_text=True)
    assert "Efter besöket Hälsokontroll" in page
    assert f'/personal/patienter/{world.patient.public_id}/besok/{past.visit.public_id}/efter"' in page


def test_without_write_the_page_gives_the_phone(client, world, past, send_summary, sign_in, act_for, query):
    sent = send_summary(past.visit, world.staff)
    query(lambda s: (s.get(Mandate, world.mandate.id).set_scopes({Scope.SEE}), s.commit()))
    sign_in(client, world.god_man)
    act_for(client, world.patient)
    html = client.get(_page(world, sent.id)).get_data(as_text=True)
    assert "Jag har en fråga" not in html and "Har du en fråga? Ring vårdcentralen:" in html
    assert client.get(_page(world, sent.id, "/fraga")).status_code == 403


def test_own_steps_are_ticked_and_the_clinics_are_not(client, world, past, send_summary, sign_in, query):
    sent = send_summary(past.visit, world.staff)
    sign_in(client, world.patient_user)
    for key in ("walk", "drops"):
        response = client.post_form(_page(world, sent.id, f"/steg/{sent.steps[key]}"), {"klart": "1"})
        assert response.status_code == 302
    refused = client.post_form(
        _page(world, sent.id, f"/steg/{sent.steps['ref']}"), {"klart": "1"}, follow_redirects=True
    )
    assert "Vårdcentralen bockar av det här själv." in refused.get_data(as_text=True)
    done = query(lambda s: {r.key: r.done for r in s.scalars(select(AfterVisitStep))})
    assert done == {"walk": True, "drops": True, "ref": False}
    # Undone again.
    client.post_form(_page(world, sent.id, f"/steg/{sent.steps['walk']}"), {"klart": "0"})
    assert not query(lambda s: s.scalar(select(AfterVisitStep).where(AfterVisitStep.key == "walk")).done)


def test_bad_input_changes_nothing(client, world, past, send_summary, sign_in, query):
    sent = send_summary(past.visit, world.staff)
    sign_in(client, world.patient_user)
    step = _page(world, sent.id, f"/steg/{sent.steps['walk']}")
    # A forged form (no or a wrong CSRF token).
    assert client.post(step, data={"klart": "1", "csrf_token": "forged"}).status_code == 400
    assert client.post(_page(world, sent.id, "/forstatt"), data={}).status_code == 400
    # An unknown step id, a NUL byte, a value that is not a choice.
    assert client.post_form(_page(world, sent.id, "/steg/abcdefgh"), {"klart": "1"}).status_code == 404
    assert client.post_form(_page(world, sent.id, "/steg/ab\x00cd"), {"klart": "1"}).status_code == 404
    response = client.post_form(step, {"klart": "1\x00"})
    assert response.status_code == 200 and "Tryck på Klart eller Inte klart än." in response.get_data(
        as_text=True
    )
    # A question of 100 kB, and one with a NUL byte.
    form = _page(world, sent.id, "/fraga")
    assert "för lång" in client.post_form(form, {"text": "a" * 100_000}).get_data(as_text=True)
    assert client.post_form(form, {"text": "hej\x00"}).status_code == 200
    assert client.post_form(form, {}).status_code == 200  # nothing chosen or written
    assert not query(
        lambda s: s.scalars(select(AfterVisitStep).where(AfterVisitStep.done_at.is_not(None))).all()
    )
    assert query(lambda s: s.scalar(select(Conversation))) is None
    row = _read(query, world.patient_user.id)
    assert row is None or row.understood_at is None
