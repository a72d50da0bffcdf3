"""The page, not the session, says whom a helper acts for.

Birgitta is god man for Maja (the world's patient, "Erik" of the review) and for Lina. Every form
under /min-sida/<patient id>/ is found on Maja's pages by following links, as a person would,
and checked against the URL map, so a new form is checked as soon as it exists:

- posted while Lina is chosen in another tab, it lands with Maja, and nothing about Lina changes;
- posted after Birgitta's right to help Maja has ended, it saves nothing, and the page names
  Maja, shows what was typed and says what to do;
- kept after a timeout, it comes back only in Maja's form, never in Lina's;
- a helper's form names the person it is for in its heading.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import func, select, update

from app.models import (
    AccessEvent,
    AuthSession,
    CallbackRequest,
    Conversation,
    Mandate,
    MandateStatus,
    NeedRevision,
    User,
    utcnow,
)
from tests.support.crawl import crawl
from tests.support.forms import changes, forms_on, snapshot
from tests.support.pages import norm, words
from tests.support.people import patient_url
from tests.support.visit_data import add_visit_data

from .security.conftest import session_bookkeeping
from .test_access_matrix import url_values

TYPED = "Skrivet för Maja i en flik"


def patient_side_posts(app) -> dict[str, object]:
    """endpoint → rule of every form target under /min-sida/<patient id>/."""
    found = {}
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if "POST" in rule.methods and getattr(view, "patient_from", None) == "for_patient":
            found[rule.endpoint] = rule
    return found


def endpoint_of(app, path: str) -> str:
    adapter = app.url_map.bind("localhost")
    return adapter.match(urlsplit(path).path, method="POST")[0]


@pytest.fixture
def two(app, world, make_patient, make_mandate, give_needs, query):
    """Maja with visits, a preparation, a message and a call; Lina, sensitive to sound; both
    helped by Birgitta with every right."""
    lina = make_patient(world.clinic, name="Lina Karlsson")
    make_mandate(lina, world.god_man)
    give_needs(lina, {"sound_sensitive": "Hörselkåpor"})
    world.visit_ids = query(lambda s: add_visit_data(s, world))
    return world, lina


@pytest.fixture
def birgitta(make_client, two, sign_in):
    client = make_client()
    sign_in(client, two[0].god_man)
    return client


def maja_forms(app, client, world):
    """Every post form on Maja's pages (one per target): from every page of hers the URL map
    has (with real ids), and the pages their links lead to."""
    maja = world.patient
    seeds = [patient_url(maja)]
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if "GET" in rule.methods and getattr(view, "patient_from", None) == "for_patient":
            with app.test_request_context():
                seeds.append(url_for(rule.endpoint, **url_values(rule, world)))
    pages = crawl(client, seeds, limit=200)
    forms = {}
    for path, html in pages.items():
        for form in forms_on(html, path):
            if form.method == "post" and form.action.startswith(patient_url(maja)):
                forms.setdefault(endpoint_of(app, form.action), form)
    return forms


def about(patient_id: int, found) -> list:
    """The changes that touch the patient `patient_id`."""
    return [
        c
        for c in found
        if c.row.get("patient_id") == patient_id or (c.table == "patients" and c.key == (patient_id,))
    ]


def test_every_form_under_min_sida_is_found_and_names_the_person(app, birgitta, two):
    world, _lina = two
    forms = maja_forms(app, birgitta, world)
    assert set(forms) == set(patient_side_posts(app)), (
        f"forms not found by following links: {sorted(set(patient_side_posts(app)) - set(forms))}"
    )
    for endpoint, form in forms.items():
        page = birgitta.get(form.page)
        h1 = norm(re.search(r"<h1[^>]*>(.*?)</h1>", page.get_data(as_text=True), re.S).group(1))
        assert world.patient.display_name in h1 or endpoint in ("prepare.start", "prepare.reopen"), (
            f"{form.page}: the heading {h1!r} names nobody"
        )


def test_a_form_posted_for_maja_lands_with_maja_whoever_is_chosen(app, birgitta, two, query):
    world, lina = two
    forms = maja_forms(app, birgitta, world)
    assert birgitta.get(patient_url(lina)).status_code == 200  # Lina chosen in another tab
    for endpoint, form in sorted(forms.items()):
        before = query(snapshot)
        typed = dict.fromkeys(form.text_fields, TYPED)
        response = birgitta.post(form.action, data=form.data(**typed))
        assert response.status_code < 500, endpoint
        found = [c for c in changes(before, query(snapshot)) if not session_bookkeeping(c)]
        assert not about(lina.id, found), f"{endpoint} changed Lina's data: {found}"
    # Nothing was read or written for Lina by these posts, and Maja got the change.
    assert (
        query(
            lambda s: s.scalar(
                select(func.count())
                .select_from(AccessEvent)
                .where(AccessEvent.patient_id == lina.id, AccessEvent.action != "read")
            )
        )
        == 0
    )


def test_two_tabs_needs_and_a_call_for_the_right_person(app, birgitta, two, query):
    """The review's case: Anpassningar for one person open in one tab, the other person chosen
    in another; Spara saves for the first, and her "Känslig för ljud" stays with Lina."""
    world, lina = two
    page = patient_url(world.patient, "/anpassningar/behov/sinnen")
    form = next(f for f in forms_on(birgitta.get(page).get_data(as_text=True), page) if f.action == page)
    call = patient_url(world.patient, "/kontakt/ring-upp-mig")
    call_form = next(f for f in forms_on(birgitta.get(call).get_data(as_text=True), call) if f.action == call)
    home = words(birgitta.get(patient_url(lina)))  # the other tab
    assert "Du hjälper:" in home and "Lina Karlsson" in home
    saved = birgitta.post(page, data=form.data(need_light_sensitive="y"))
    assert saved.status_code == 302 and saved.location == patient_url(world.patient, "/anpassningar/")
    asked = birgitta.post(
        call,
        data={
            **call_form.data(phone="070-123 45 67"),
            "days": ["mon"],
            "times": ["morning"],
            "topics": ["time"],
        },
    )
    assert asked.status_code == 302 and asked.location.startswith(patient_url(world.patient))

    def needs_of(patient):
        return query(
            lambda s: s.scalars(
                select(NeedRevision.needs)
                .where(NeedRevision.patient_id == patient.id)
                .order_by(NeedRevision.number.desc())
            ).first()
        )

    assert needs_of(lina) == {"sound_sensitive": "Hörselkåpor"}
    assert "light_sensitive" in needs_of(world.patient)
    assert query(
        lambda s: s.scalars(
            select(CallbackRequest.patient_id).where(CallbackRequest.acting_as == "representative")
        ).all()
    ) == [world.patient.id]
    # Back in the first tab, the page says whom it is for.
    back = words(birgitta.get(patient_url(world.patient, "/anpassningar/")))
    assert "Nu hjälper du Maja." in back


def test_a_form_posted_after_the_right_ended_saves_nothing_and_gives_back_the_text(app, birgitta, two, query):
    world, _lina = two
    forms = maja_forms(app, birgitta, world)
    query(
        lambda s: (
            s.execute(
                update(Mandate).where(Mandate.id == world.mandate.id).values(status=MandateStatus.REVOKED)
            ),
            s.commit(),
        )
    )
    for endpoint, form in sorted(forms.items()):
        before = query(snapshot)
        typed = {name: f"{TYPED} ({name})" for name in form.text_fields}
        response = birgitta.post(form.action, data=form.data(**typed))
        page = words(response)
        assert response.status_code == 403, endpoint
        assert "Du kan inte hjälpa Maja i Lotsen nu" in page, endpoint
        assert "Du får inte längre hjälpa Maja i Lotsen." in page, endpoint
        assert "Därför har vi inte sparat det du skickade." in page, endpoint
        for text in typed.values():
            assert text in page, f"{endpoint}: {text!r} is not given back"
        found = [c for c in changes(before, query(snapshot)) if not session_bookkeeping(c)]
        assert found == [], f"{endpoint} changed {found}"
    # Opening a page of hers says the same, with no form to lose.
    page = words(birgitta.get(patient_url(world.patient, "/kontakt/")))
    assert "Du kan inte hjälpa Maja i Lotsen nu" in page and "Ring Kumla vårdcentral" in page


def test_an_expired_right_and_a_missing_right_are_named_too(app, birgitta, two, query):
    world, _lina = two
    query(
        lambda s: (
            s.execute(
                update(Mandate)
                .where(Mandate.id == world.mandate.id)
                .values(valid_until=date.today() - timedelta(days=1))
            ),
            s.commit(),
        )
    )
    expired = words(birgitta.get(patient_url(world.patient)))
    assert "Du kan inte hjälpa Maja" in expired and "Din rätt att hjälpa Maja har gått ut." in expired
    query(
        lambda s: (
            s.execute(
                update(Mandate)
                .where(Mandate.id == world.mandate.id)
                .values(valid_until=None, scope_write_to_vardlots=False)
            ),
            s.commit(),
        )
    )
    refused = birgitta.get(patient_url(world.patient, "/kontakt/skriv"))
    assert refused.status_code == 403
    assert "Du får inte göra det här för Maja" in words(refused)


def test_a_draft_kept_after_a_timeout_comes_back_only_in_that_persons_form(
    app, birgitta, two, query, sign_in
):
    world, lina = two
    forms = maja_forms(app, birgitta, world)
    # Forms with text on a page of their own, which Lina has too (no ids of Maja's things).
    own_page = {
        e: f
        for e, f in forms.items()
        if f.text_fields
        and f.page == f.action
        and world.patient.public_id in f.page
        and not re.search(r"/[0-9a-f]{32}", f.page.replace(patient_url(world.patient), "/"))
    }
    assert {"contact.write", "contact.callback_new", "needs.section"} <= set(own_page)
    for endpoint, form in sorted(own_page.items()):
        page = birgitta.get(form.page).get_data(as_text=True)  # this session's form
        form = next(f for f in forms_on(page, form.page) if f.action == form.action)
        query(
            lambda s: (
                s.execute(update(AuthSession).values(last_seen=utcnow() - timedelta(minutes=45))),
                s.commit(),
            )
        )
        typed = {name: f"Utkast för Maja ({endpoint} {name})" for name in form.text_fields}
        late = birgitta.post(form.action, data=form.data(**typed))
        assert late.status_code == 302 and "/logga-in" in late.location, endpoint
        sign_in(birgitta, world.god_man)
        lina_page = form.page.replace(world.patient.public_id, lina.public_id)
        assert not any(text in birgitta.get(lina_page).get_data(as_text=True) for text in typed.values()), (
            f"{endpoint}: Maja's draft in Lina's form"
        )
        mine = birgitta.get(form.page).get_data(as_text=True)
        assert all(text in mine for text in typed.values()), f"{endpoint}: draft not given back"


def test_a_link_about_maja_opens_for_maja_while_lina_is_chosen(
    app, birgitta, two, make_client, sign_in, make_user, query
):
    world, lina = two
    assert "Lina Karlsson" in birgitta.get(patient_url(lina)).get_data(as_text=True)
    conversation = query(lambda s: s.scalar(select(Conversation.public_id)))
    link = patient_url(world.patient, f"/kontakt/{conversation}")
    page = words(birgitta.get(link))
    assert "Du hjälper: Maja" in page and "Nu hjälper du Maja." in page
    assert "Slut på tabletter" in page
    # Someone who does not help Maja gets the easy 404, and learns nothing.
    from app.models import Role

    other = make_user(Role.REPRESENTATIVE, name="Olle Annan")
    stranger = make_client()
    sign_in(stranger, other)
    refused = stranger.get(link)
    assert refused.status_code == 404 and "Slut på tabletter" not in refused.get_data(as_text=True)
    # An old address without the id opens the page of the person chosen last.
    assert birgitta.get("/min-sida/kontakt/").location == patient_url(world.patient, "/kontakt/")
    assert birgitta.post("/min-sida/kontakt/skriv", data={}).status_code in (404, 405)
    assert query(lambda s: s.get(User, world.god_man.id).active)


def test_hem_on_a_page_about_someone_leads_to_their_start_page(birgitta, two):
    """Erik's message open in one tab, Lina opened in another: Hem in the first tab is Erik's."""
    world, lina = two
    erik_page = birgitta.get(patient_url(world.patient, "/kontakt/")).get_data(as_text=True)
    birgitta.get(patient_url(lina))  # the other tab
    assert f'class="button button-secondary home-button" href="{patient_url(world.patient)}"' in erik_page
    assert f'class="brand" href="{patient_url(world.patient)}"' in erik_page
    settings = birgitta.get("/installningar").get_data(as_text=True)  # about nobody: the last one
    assert f'href="{patient_url(lina)}"' in settings


def test_a_refused_post_gives_back_what_was_typed_but_not_to_another_site(birgitta, two, make_patient, query):
    """A reply to a conversation that is not there (another patient's id, or gone), a stale form
    and a form sent to an address that moved: the easy page shows what was typed. A form on
    another site gets its words shown under Lotsen's name never."""
    world, _lina = two
    missing = patient_url(world.patient, f"/kontakt/{'0' * 32}/svara")
    typed = "Det här skrev jag för hand."
    refused = birgitta.post_form(missing, {"text": typed})
    assert refused.status_code == 404 and typed in words(refused)
    stale = birgitta.post(
        patient_url(world.patient, "/kontakt/skriv"), data={"csrf_token": "gammal", "text": typed}
    )
    assert stale.status_code == 400 and typed in words(stale)
    moved = birgitta.post_form("/min-sida/kontakt/skriv", {"text": typed})
    assert moved.status_code == 405 and typed in words(moved)
    forged = birgitta.post(
        patient_url(world.patient, "/kontakt/skriv"),
        data={"text": "Ring 0900-123 nu!"},
        headers={"Origin": "https://ond.example"},
    )
    assert forged.status_code == 400 and "0900-123" not in words(forged)


def test_an_old_address_before_anyone_is_chosen_asks_whom(
    make_client, two, sign_in, make_patient, make_mandate
):
    world, _lina = two
    helper = make_client()
    sign_in(helper, world.god_man)  # helps two: nobody is chosen until one is opened
    assert helper.get("/min-sida/kontakt/").location == "/vem-hjalper-du"
