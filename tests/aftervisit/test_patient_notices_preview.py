"""The e-mail that a summary was sent (over real SMTP: only that something is new, to readers
with "see", each in their language), the staff's preview as each reader sees it, and the print's
page as HTML (the browser test prints it)."""

from __future__ import annotations

from sqlalchemy import select

from app import notices
from app.models import AccessEvent, Role, Scope
from tests.support.people import patient_url, set_reader
from tests.visits.test_notices import mail_server  # noqa: F401 (a fixture)


def test_the_notice_says_only_that_something_is_new(
    app,
    world,
    past,
    send_summary,
    mail_server,  # noqa: F811 (the fixture imported above)
    make_user,
    make_mandate,
    query,
):
    blind = make_user(Role.REPRESENTATIVE, name="Utan Rätt")
    make_mandate(world.patient, blind, scopes={Scope.PREPARE_VISITS})
    set_reader(query, world.god_man, "ar")
    mail_server.up()
    send_summary(past.visit, world.staff)
    with app.app_context():
        notices.send_waiting(everything=True)
    by_address = {m["To"]: m for m in mail_server.messages}
    assert set(by_address) == {world.patient_user.email, world.god_man.email}
    for message in by_address.values():
        body = message.get_payload(decode=True).decode()
        assert patient_url(world.patient, "/efter-besoket/") in body
        for private in ("Hälsokontroll", "vax", "Revaxör", world.patient.name):
            assert private not in body
    swedish = by_address[world.patient_user.email].get_payload(decode=True).decode()
    arabic = by_address[world.god_man.email].get_payload(decode=True).decode()
    assert "Det finns nytt efter ett besök" in swedish
    assert "Det finns nytt" not in arabic and any("\u0600" <= c <= "\u06ff" for c in arabic)


def test_the_preview_shows_it_as_each_reader_sees_it(staff_client, world, past, send_summary, query):
    set_reader(query, world.patient_user, "sv", easy=True)
    set_reader(query, world.god_man, "en")
    send_summary(past.visit, world.staff)
    url = f"/personal/patienter/{world.patient.public_id}/besok/{past.visit.public_id}/efter/forhandsvisning"
    html = staff_client.get(url).get_data(as_text=True)
    assert "läser på lättläst svenska" in html and "Du</strong>" in html
    english = staff_client.get(url + "?lasare=1").get_data(as_text=True)
    assert "What we did" in english or 'lang="en"' in english
    assert "You have a lot of wax in your ears." in english
    # Text written only in Swedish is marked as such, and the page says so.
    assert 'lang="sv"' in english
    assert staff_client.get(url + "?lasare=99").status_code == 200  # the patient
    events = query(lambda s: s.scalars(select(AccessEvent.object_type)).all())
    assert "aftervisit_staff.preview" in events


def test_the_print_page_has_the_clinic_and_a_qr_code(client, world, past, send_summary, sign_in, query):
    sent = send_summary(past.visit, world.staff)
    sign_in(client, world.patient_user)
    html = client.get(patient_url(world.patient, f"/efter-besoket/{sent.id}/utskrift")).get_data(as_text=True)
    assert 'class="qr"' in html and "Kumla vårdcentral" in html
    events = query(lambda s: s.scalars(select(AccessEvent.object_type)).all())
    assert "aftervisit.print" in events and "aftervisit.page" not in events
