"""The inbox with many items: filtering, sorting, counting and paging happen in the database,
so an old item is found however many newer ones there are, every item is on exactly one page,
the menu's count and the list's agree, and a page costs the same queries for 4 items as for 50."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.models import (
    CallbackRequest,
    CallbackStatus,
    ContactMessage,
    Conversation,
    ConversationStatus,
    Preparation,
    PreparationStatus,
    StaffMember,
    VisitRequest,
    utcnow,
)
from tests.staff.conftest import text

INBOX = "/personal/inkorg"
ITEMS = 400
# An item's own address on the inbox page, whatever its kind.
ITEM = re.compile(r'/(samtal|ring-upp|forberedelser|onskemal)/([0-9a-f]{32})(?:/klar)?"')
MENU = re.compile(r'Inkorg <span class="count">(\d+)<')
SUMMARY = re.compile(r"(\d+) (?:sak|saker)\. (\d+) (?:oläst|olästa)\.")


def _kind(n: int) -> str:
    """Item n (0 the newest): mostly messages, then calls, preparations and visit requests."""
    return {0: "request", 1: "preparation", 2: "preparation"}.get(
        n % 40, "callback" if n % 40 < 8 else "conversation"
    )


@pytest.fixture
def crowded(app, world, make_patient, make_staff, query):
    """400 items in the clinic's inbox, one an hour back from now; the oldest, a message from
    Olle Äldst, is done and taken care of by a colleague; Fyra Saker has one of each kind.
    Another clinic has a message too."""
    olle = make_patient(world.clinic, name="Olle Äldst")
    four = make_patient(world.clinic, name="Fyra Saker")
    others = [world.patient] + [make_patient(world.clinic, name=f"Patient {c} Persson") for c in "ABC"]
    stranger = make_patient(world.other_clinic, name="Otto Annan")
    colleague = make_staff(world.clinic, name="Karin Ek")
    for name in ("Omar Haddad", "Sara Berg", "Johan Holm"):  # more names in the filter
        make_staff(world.clinic, name=name)

    def add(session):
        member = session.scalar(select(StaffMember).where(StaffMember.user_id == colleague.id))
        now = utcnow()
        made = []
        for n in range(ITEMS):
            at = now - timedelta(hours=n + 1)
            patient = olle if n == ITEMS - 1 else four if n in (5, 10, 41, 80) else others[n % len(others)]
            who = {"user_id": world.patient_user.id, "acting_as": "patient"}
            kind = _kind(n)
            if kind == "conversation":
                item = Conversation(
                    patient_id=patient.id,
                    clinic_id=world.clinic.id,
                    created_at=at,
                    last_message_at=at,
                    status=ConversationStatus.DONE if n % 10 == 9 else ConversationStatus.OPEN,
                    assigned_to_id=member.id if n % 10 == 9 else None,
                )
                item.messages = [
                    ContactMessage(phrases=["time"], created_at=at, text=f"Sak nummer {n}", **who)
                ]
            elif kind == "callback":
                item = CallbackRequest(
                    patient_id=patient.id,
                    clinic_id=world.clinic.id,
                    whom="patient",
                    phone="070-123 45 67",
                    days=[],
                    times=[],
                    topics=["time"],
                    created_at=at,
                    status=CallbackStatus.DONE if n % 80 == 3 else CallbackStatus.WAITING,
                    **who,
                )
            elif kind == "preparation":
                item = Preparation(
                    patient_id=patient.id,
                    step="kontrollera",
                    answers={},
                    status=PreparationStatus.SUBMITTED,
                    submitted_at=at,
                    submitted_by_id=world.patient_user.id,
                    submitted_acting_as="patient",
                )
            else:
                item = VisitRequest(
                    patient_id=patient.id,
                    clinic_id=world.clinic.id,
                    reasons=["ill"],
                    times=["morning"],
                    created_at=at,
                    **who,
                )
            made.append(item)
        elsewhere = Conversation(patient_id=stranger.id, clinic_id=world.other_clinic.id)
        elsewhere.messages = [
            ContactMessage(text="Annan klinik", **{"user_id": world.patient_user.id, "acting_as": "patient"})
        ]
        session.add_all([*made, elsewhere])
        session.commit()
        return [(kind_of(item), item.public_id) for item in made]

    ids = query(add)
    assert {ids[n][0] for n in (5, 10, 41, 80)} == {"ring-upp", "samtal", "forberedelser", "onskemal"}
    return SimpleNamespace(
        ids=ids, olle=olle, four=four, colleague=colleague, stranger=stranger, oldest=ids[-1][1]
    )


def kind_of(item) -> str:
    return {
        Conversation: "samtal",
        CallbackRequest: "ring-upp",
        Preparation: "forberedelser",
        VisitRequest: "onskemal",
    }[type(item)]


def _items(html: str) -> list[tuple[str, str]]:
    """The items on an inbox page, in order, each once."""
    return list(dict.fromkeys(ITEM.findall(html)))


def _follow(client, html: str, label: str) -> str | None:
    found = re.search(r'href="([^"]+)"><span>' + label + "</span>", html)
    return unescape(found[1]) if found else None


def _all_pages(client, url: str) -> list[str]:
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(text(response))
        url = _follow(client, pages[-1], "Nästa sida")
        assert len(pages) <= ITEMS, "the pages never end"
    return pages


def test_a_filter_finds_the_oldest_item(staff_client, world, crowded):
    """The oldest of 400 (a done message, by Olle, taken care of by a colleague) is found by
    each filter that matches it, and Olle is among the patients to choose."""
    first = text(staff_client.get(INBOX))
    assert f'<option value="{crowded.olle.public_id}">Olle Äldst</option>' in first
    assert crowded.stranger.public_id not in first and "Otto Annan" not in first
    colleague = staff_client.get(INBOX).get_data(as_text=True)
    staff_id = re.search(r'<option value="([0-9a-f]{32})">Karin Ek</option>', colleague)[1]
    for args in (
        f"lage=done&patient={crowded.olle.public_id}",
        f"lage=all&slag=conversation&patient={crowded.olle.public_id}",
        f"lage=done&vem={staff_id}&patient={crowded.olle.public_id}",
    ):
        page = text(staff_client.get(f"{INBOX}?{args}"))
        assert _items(page) == [("samtal", crowded.oldest)], args
        assert "1 sak." in page and "Nästa sida" not in page
    # Not among what is still to do, nor among the calls.
    for args in (
        f"patient={crowded.olle.public_id}",
        f"lage=all&slag=callback&patient={crowded.olle.public_id}",
    ):
        assert "Inget här just nu." in text(staff_client.get(f"{INBOX}?{args}")), args
    # And at the very end of everything, on the last page.
    last = _all_pages(staff_client, f"{INBOX}?lage=all")[-1]
    assert _items(last)[-1] == ("samtal", crowded.oldest)


def test_paging_shows_every_item_once_newest_first(staff_client, world, crowded):
    pages = _all_pages(staff_client, f"{INBOX}?lage=all")
    assert len(pages) == ITEMS // 50
    seen = [item for page in pages for item in _items(page)]
    assert len(seen) == ITEMS and Counter(seen).most_common(1)[0][1] == 1
    assert seen == crowded.ids  # made one an hour back from now: newest first
    assert "Föregående sida" not in pages[0] and "Nästa sida" not in pages[-1]
    assert "Sida 1 av 8." in pages[0] and "Sida 8 av 8." in pages[-1]
    assert all(f"{ITEMS} saker." in page for page in pages)
    # Back from the second page is the first page again, with the filter kept.
    back = _follow(staff_client, pages[1], "Föregående sida")
    assert "lage=all" in back and _items(text(staff_client.get(back))) == crowded.ids[:50]
    # A filtered list pages through its own items, and keeps its filter on every page.
    calls = _all_pages(staff_client, f"{INBOX}?lage=all&slag=callback")
    seen = [item for page in calls for item in _items(page)]
    assert sorted(seen) == sorted(i for i in crowded.ids if i[0] == "ring-upp")
    assert len(seen) == len(set(seen)) == ITEMS * 5 // 40
    # A page after the last shows the last; nonsense shows the first.
    assert _items(text(staff_client.get(f"{INBOX}?lage=all&sida=9999"))) == crowded.ids[-50:]
    for bad in ("x", "-3", "0", "99999999999999999999999"):
        assert staff_client.get(f"{INBOX}?lage=all&sida={bad}").status_code == 200


def test_the_menu_count_and_the_list_agree(staff_client, world, crowded, query):
    open_items = [
        (n, kind)
        for n, (kind, _id) in enumerate(crowded.ids)
        if not (kind == "samtal" and n % 10 == 9) and not (kind == "ring-upp" and n % 80 == 3)
    ]
    page = text(staff_client.get(INBOX))
    total, unread = map(int, SUMMARY.search(page).groups())
    # Every open item here is unread: one message each, a call nobody opened, a new preparation
    # or visit request.
    assert total == unread == len(open_items) == int(MENU.search(page)[1])
    # Opening a message makes one fewer, in both.
    conversation = next(i for kind, i in crowded.ids if kind == "samtal")
    patient_id = query(
        lambda s: (
            s.scalar(select(Conversation).where(Conversation.public_id == conversation)).patient.public_id
        )
    )
    staff_client.get(f"/personal/patienter/{patient_id}/samtal/{conversation}")
    page = text(staff_client.get(INBOX))
    assert SUMMARY.search(page).groups() == (str(total), str(unread - 1))
    assert int(MENU.search(page)[1]) == unread - 1
    # On any other staff page the menu says the same.
    assert int(MENU.search(text(staff_client.get("/personal/patienter")))[1]) == unread - 1


def test_a_page_of_the_inbox_costs_the_same_queries_for_4_items_as_for_50(app, staff_client, world, crowded):
    """No query per item: loading what a page shows is a fixed number of queries, and no
    statement runs twice (a query per row would)."""

    def statements(url: str) -> list[str]:
        seen = []

        def count(conn, cursor, statement, parameters, context, executemany):
            seen.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            response = staff_client.get(url)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200
        return seen

    # Fyra Saker has one item of each kind; the first page of everything has 50, of every kind.
    four = f"{INBOX}?lage=all&patient={crowded.four.public_id}"
    assert len(_items(text(staff_client.get(four)))) == 4
    assert {kind for kind, _id in _items(text(staff_client.get(INBOX + "?lage=all")))} == {
        "samtal",
        "ring-upp",
        "forberedelser",
        "onskemal",
    }
    few, many = statements(four), statements(INBOX + "?lage=all")
    for run in (few, many):
        repeated = [s for s, n in Counter(run).items() if n > 1]
        assert not repeated, "\n\n".join(s[:300] for s in repeated)
    # A fixed budget: the page's own queries, and the staff menu's counts (the inbox, the health
    # checks due, the new applications to SMO), each one query whatever the page shows.
    assert len(many) == len(few) <= 28, (len(few), len(many))
