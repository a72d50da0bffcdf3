"""The vårdlots inbox: titles that say who wrote (a helper is never taken for the patient), the
filter by kind with the callback queue in calling order, and the menu's count, which is counted
in the database but must agree with the inbox."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models import CallbackRequest, Conversation
from tests.staff.conftest import text
from tests.support.people import next_weekday, patient_url


def words(response) -> str:
    """The page as read: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split()).replace(" .", ".")


WRITE = "/kontakt/skriv"
CALL = "/kontakt/ring-upp-mig"
INBOX = "/personal/inkorg"


def _menu_count(page: str) -> int:
    """The number beside "Inkorg" in the staff menu (0 when there is none)."""
    found = re.search(r'Inkorg <span class="count">(\d+)<', page)
    return int(found[1]) if found else 0


def _inbox_unread(page: str) -> int:
    found = re.search(r"(\d+) (?:oläst|olästa)\.", page)
    return int(found[1]) if found else 0


def _call(client, patient, **data):
    return client.post_form(
        patient_url(patient, CALL), {"whom": "patient", "phone": "070-123 45 67", "topics": ["time"], **data}
    )


def test_titles_say_who_wrote_for_whom(make_client, world, sign_in, act_for, staff_client, query):
    helper = make_client()
    sign_in(helper, world.god_man)
    act_for(helper, world.patient)
    assert helper.post_form(patient_url(world.patient, WRITE), {"phrases": ["medicine"]}).status_code == 302
    assert _call(helper, world.patient, whom="representative", phone="073-555 12 34").status_code == 302
    assert _call(helper, world.patient, whom="patient").status_code == 302
    page = text(staff_client.get(INBOX))
    assert 'Meddelande från Birgitta Svensson <span class="note">(god man)</span> om Maja Andersson' in page
    assert 'Birgitta Svensson <span class="note">(god man)</span> vill bli uppringd om Maja Andersson' in page
    assert 'Birgitta Svensson <span class="note">(god man)</span> ber er ringa Maja Andersson' in page
    assert "Meddelande från Maja Andersson" not in page
    assert "Maja Andersson vill bli uppringd" not in page

    # The callback page names the helper once, with the role, and the number to call.
    callback = query(
        lambda s: s.scalars(select(CallbackRequest).where(CallbackRequest.whom == "representative")).one()
    )
    link = f"/personal/patienter/{world.patient.public_id}/ring-upp/{callback.public_id}"
    page = words(staff_client.get(link))
    assert "Ring Birgitta Svensson (god man)" in page
    assert "Birgitta Svensson (Birgitta Svensson" not in page
    assert "073-555 12 34" in page


def test_the_callback_queue_lists_calls_in_calling_order(make_client, world, sign_in, staff_client, query):
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert patient.post_form(patient_url(world.patient, WRITE), {"phrases": ["other"]}).status_code == 302
    for topic in ("time", "medicine", "certificate"):
        assert _call(patient, world.patient, topics=[topic]).status_code == 302
    first, second, third = query(
        lambda s: s.scalars(select(CallbackRequest).order_by(CallbackRequest.id)).all()
    )
    base = f"/personal/patienter/{world.patient.public_id}/ring-upp/"
    # The newest is planned for tomorrow morning, the oldest for the day after: tomorrow first,
    # then the day after, then the one still waiting (due from the day it came in, today).
    tomorrow = next_weekday()  # the next weekday: calls are planned on weekdays
    staff_client.post_form(
        base + third.public_id + "/planera", {"day": tomorrow.isoformat(), "time": "morning"}
    )
    staff_client.post_form(
        base + first.public_id + "/planera", {"day": next_weekday(tomorrow).isoformat(), "time": "afternoon"}
    )
    page = staff_client.get(INBOX + "?slag=callback").get_data(as_text=True)
    order = [m for m in re.findall(r"/ring-upp/(\w+)\"", page)]
    assert order == [second.public_id, third.public_id, first.public_id]
    assert "/samtal/" not in page  # only calls
    assert "planerad dag först" in text(staff_client.get(INBOX + "?slag=callback"))
    messages = staff_client.get(INBOX + "?slag=conversation").get_data(as_text=True)
    assert "/samtal/" in messages and "/ring-upp/" not in messages
    # An unknown kind shows everything rather than an error.
    everything = staff_client.get(INBOX + "?slag=drake").get_data(as_text=True)
    assert "/samtal/" in everything and "/ring-upp/" in everything


def test_the_menu_count_agrees_with_the_inbox(make_client, world, sign_in, staff_client, query):
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert _menu_count(staff_client.get(INBOX).get_data(as_text=True)) == 0
    write = patient.post_form(patient_url(world.patient, WRITE), {"phrases": ["medicine"], "text": "Hej"})
    patient.post_form(write.location + "/svara", {"text": "En sak till"})
    _call(patient, world.patient)
    page = staff_client.get(INBOX).get_data(as_text=True)
    # Two unread messages and one unopened callback.
    assert _menu_count(page) == _inbox_unread(page) == 3
    conversation = query(lambda s: s.scalars(select(Conversation)).one())
    link = f"/personal/patienter/{world.patient.public_id}/samtal/{conversation.public_id}"
    staff_client.get(link)
    page = staff_client.get(INBOX).get_data(as_text=True)
    assert _menu_count(page) == _inbox_unread(page) == 1
    patient.post_form(write.location + "/svara", {"text": "Och en till"})
    page = staff_client.get(INBOX).get_data(as_text=True)
    assert _menu_count(page) == _inbox_unread(page) == 2
    # Done conversations do not count; the callback still does until someone opens it.
    staff_client.post_form(link + "/klar", {"klar": "ja"})
    page = staff_client.get(INBOX).get_data(as_text=True)
    assert _menu_count(page) == _inbox_unread(page) == 1
    # Another clinic's staff count nothing of this.
    stranger = make_client()
    sign_in(stranger, world.other_staff)
    assert _menu_count(stranger.get(INBOX).get_data(as_text=True)) == 0


def test_an_unread_answer_shows_even_when_the_vardlots_marked_it_done(
    make_client, world, sign_in, staff_client, query
):
    patient = make_client()
    sign_in(patient, world.patient_user)
    path = patient.post_form(patient_url(world.patient, WRITE), {"phrases": ["certificate"]}).location
    conversation = query(lambda s: s.scalars(select(Conversation)).one())
    link = f"/personal/patienter/{world.patient.public_id}/samtal/{conversation.public_id}"
    staff_client.post_form(link, {"text": "Intyget är klart."})
    staff_client.post_form(link + "/klar", {"klar": "ja"})
    listing = text(patient.get(patient_url(world.patient, "/kontakt/")))
    assert "Nytt svar från vårdlotsen" in listing and "Klart" not in listing
    assert "Ett nytt svar" in text(patient.get(patient_url(world.patient)))
    patient.get(path)  # reading it
    assert "Klart" in text(patient.get(patient_url(world.patient, "/kontakt/")))


def test_a_call_on_a_weekend_is_refused_and_a_closed_call_can_be_opened_again(
    make_client, world, sign_in, staff_client, query
):
    from app.models import CallbackStatus

    patient = make_client()
    sign_in(patient, world.patient_user)
    _call(patient, world.patient, days=["wed"])
    callback = query(lambda s: s.scalars(select(CallbackRequest)).one())
    link = f"/personal/patienter/{world.patient.public_id}/ring-upp/{callback.public_id}"
    inbox = words(staff_client.get(INBOX + "?slag=callback"))
    assert "Önskar: Onsdag" in inbox
    day = date.today() + timedelta(days=1)
    while day.weekday() != 5:
        day += timedelta(days=1)
    refused = staff_client.post_form(link + "/planera", {"day": day.isoformat(), "time": "morning"})
    assert refused.status_code == 200 and "Välj en vardag." in text(refused)
    assert query(lambda s: s.get(CallbackRequest, callback.id).status) is CallbackStatus.WAITING
    staff_client.post_form(link + "/forsok", {"outcome": "reached"})
    done = words(staff_client.get(link))
    assert "Planera samtalet" not in done and "Hur gick samtalet?" not in done
    assert "Öppna igen" in done
    assert staff_client.post_form(link + "/klar", {"klar": "nej"}).status_code == 302
    assert query(lambda s: s.get(CallbackRequest, callback.id).status) is CallbackStatus.WAITING
    assert "Planera samtalet" in words(staff_client.get(link))


def test_the_staff_see_before_calling_that_the_phone_is_hard(
    make_client, world, sign_in, staff_client, query, give_needs
):
    patient = make_client()
    sign_in(patient, world.patient_user)
    _call(patient, world.patient)
    callback = query(lambda s: s.scalars(select(CallbackRequest)).one())
    link = f"/personal/patienter/{world.patient.public_id}/ring-upp/{callback.public_id}"
    assert "Tänk på det här före samtalet" not in words(staff_client.get(link))
    give_needs(world.patient, {"no_speech": "", "interpreter": "Arabiska"})
    page = words(staff_client.get(link))
    assert "Tänk på det här före samtalet: Jag pratar inte med ord." in page
    assert "Tolk behövs. (Arabiska)" in page


def test_sending_again_with_the_back_button_makes_nothing_new(make_client, world, sign_in, query):
    from app.models import ContactMessage

    patient = make_client()
    sign_in(patient, world.patient_user)
    first = patient.post_form(patient_url(world.patient, WRITE), {"phrases": ["time"], "text": "Nästa vecka"})
    again = patient.post_form(
        patient_url(world.patient, WRITE), {"phrases": ["time"], "text": "Nästa vecka"}, follow_redirects=True
    )
    assert again.status_code == 200 and "Det här är redan skickat." in text(again)
    assert query(lambda s: len(s.scalars(select(Conversation)).all())) == 1
    # Something else is a new message, and a reply sent twice is one reply.
    assert (
        patient.post_form(
            patient_url(world.patient, WRITE), {"phrases": ["time"], "text": "Nästa månad"}
        ).location
        != first.location
    )
    patient.post_form(first.location + "/svara", {"text": "Tack"})
    patient.post_form(first.location + "/svara", {"text": "Tack"})
    assert query(lambda s: len(s.scalars(select(ContactMessage)).all())) == 3
    _call(patient, world.patient)
    twice = _call(
        patient,
        world.patient,
    )
    assert "Du har redan bett om det här samtalet." in text(patient.get(twice.location))
    assert query(lambda s: len(s.scalars(select(CallbackRequest)).all())) == 1


def test_done_visit_things_stay_findable_and_buttons_keep_the_inbox_as_it_was(
    make_client, world, sign_in, staff_client, query
):
    """A visit request marked done, or a preparation marked read, is under Klara and Alla (not
    gone), and pressing such a button in a filtered page of the inbox comes back to that page."""
    from app.models import VisitRequest

    patient = make_client()
    sign_in(patient, world.patient_user)
    asked = patient.post_form(
        patient_url(world.patient, "/besok/be-om-tid"),
        {"reasons": ["ill"], "times": ["morning"], "text": "Hosta länge"},
    )
    assert asked.status_code == 302
    request_id = query(lambda s: s.scalars(select(VisitRequest.public_id)).one())
    here = INBOX + "?slag=visit&patient=" + world.patient.public_id
    page = text(staff_client.get(here))
    assert "Hosta länge" in page and f'value="{here}"' in page.replace("&amp;", "&")
    done = staff_client.post_form(
        f"/personal/patienter/{world.patient.public_id}/onskemal/{request_id}/klar", {"next": here}
    )
    assert done.status_code == 302 and done.location == here
    assert "Hosta länge" not in text(staff_client.get(here))
    for state in ("done", "all"):
        found = text(staff_client.get(here + "&lage=" + state))
        assert "Hosta länge" in found and "Klart " in found, state
    # Only the inbox itself is a place to come back to.
    for elsewhere in ("https://ond.example/", "//ond.example/", "/personal/logg"):
        again = staff_client.post_form(
            f"/personal/patienter/{world.patient.public_id}/onskemal/{request_id}/klar", {"next": elsewhere}
        )
        assert again.location == INBOX, elsewhere


@pytest.mark.parametrize(
    "query_string", ["patient=%00", "vem=%00", "vem=a%00b", "patient=" + "f" * 32, "vem=" + "0" * 32]
)
def test_a_filter_the_inbox_does_not_know_says_so(staff_client, query_string):
    """A NUL byte (PostgreSQL refused it with a 500) or an id of no patient or colleague here
    (a stale link, another clinic's) is said in words, and the inbox shows everyone."""
    page = staff_client.get(f"{INBOX}?{query_string}")
    assert page.status_code == 200
    html = text(page)
    assert "Den patienten har inget i inkorgen." in html or "Den personen finns inte i er personal." in html


@pytest.mark.parametrize(
    "path",
    [
        "/admin/personal/%00",
        "/admin/vardcentraler/%00",
        "/admin/personal?vardcentral=%00",
        "/admin/personal/" + "a" * 33,
    ],
)
def test_admin_ids_that_cannot_be_ids_are_404(app, world, make_client, sign_in, path):
    admin = make_client()
    sign_in(admin, world.admin)
    assert admin.get(path).status_code == 404


def test_done_takes_only_yes_or_no(make_client, world, sign_in, staff_client, query):
    patient = make_client()
    sign_in(patient, world.patient_user)
    assert _call(patient, world.patient).status_code == 302
    callback = query(lambda s: s.scalars(select(CallbackRequest)).one())
    done = f"/personal/patienter/{world.patient.public_id}/ring-upp/{callback.public_id}/klar"
    assert staff_client.post_form(done, {"klar": "kanske"}).status_code == 400
    assert query(lambda s: s.get(CallbackRequest, callback.id).status) == callback.status


def test_a_patients_needs_are_shown_in_full_once_in_the_inbox(
    make_client, world, sign_in, staff_client, give_needs
):
    """Three things from one patient: the needs in full at the first, the others point there."""
    give_needs(world.patient, {"no_speech": "", "interpreter": "Arabiska"})
    patient = make_client()
    sign_in(patient, world.patient_user)
    patient.post_form(patient_url(world.patient, WRITE), {"phrases": ["medicine"]})
    patient.post_form(patient_url(world.patient, WRITE), {"phrases": ["time"], "text": "En till"})
    _call(patient, world.patient)
    page = text(staff_client.get(INBOX))
    anchor = f'id="needs-{world.patient.public_id}"'
    assert page.count(anchor) == 1 and page.count('<ul class="glance') == 1
    assert page.count(f'href="#needs-{world.patient.public_id}">2 anpassningar</a>') == 2
    assert page.count("(se första saken om Maja Andersson)") == 2
    assert page.index(anchor) < page.index("(se första saken om Maja Andersson)")
