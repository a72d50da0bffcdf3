from datetime import timedelta

from sqlalchemy import update

from app.models import PasswordReset, utcnow
from tests.support.accounts import PASSWORD, latest_mail
from tests.support.people import patient_url


def _reset_path(app, email):
    body = latest_mail(app, email).get_content()
    return "/nytt-losenord/" + body.split("/nytt-losenord/", 1)[1].split()[0]


def test_reset_by_mail_link(client, make_client, app, world, sign_in):
    other_device = make_client()
    sign_in(other_device, world.patient_user)
    response = client.post_form("/glomt-losenord", {"email": world.patient_user.email})
    assert response.status_code == 302
    path = _reset_path(app, world.patient_user.email)
    assert client.post_form(path, {"password": "nya fina ord", "confirm": "nya fina ord"}).status_code == 302
    # The old password no longer works, the new one does; other sessions were ended.
    assert other_device.get(patient_url(world.patient)).status_code == 302
    bad = client.post_form("/logga-in", {"email": world.patient_user.email, "password": PASSWORD})
    assert bad.status_code == 200
    assert sign_in(client, world.patient_user, "nya fina ord").status_code == 302
    # Single use.
    assert client.get(path).status_code == 404


def test_reset_page_says_the_same_for_unknown_addresses(client):
    response = client.post_form("/glomt-losenord", {"email": "ingen@exempel.se"}, follow_redirects=True)
    assert "Om det finns ett konto" in response.get_data(as_text=True)


def test_reset_link_expires(client, app, world, query):
    client.post_form("/glomt-losenord", {"email": world.patient_user.email})
    path = _reset_path(app, world.patient_user.email)
    query(
        lambda s: (
            s.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1))),
            s.commit(),
        )
    )
    assert client.get(path).status_code == 404


def test_bad_email_gets_a_field_error(client):
    page = client.post_form("/glomt-losenord", {"email": "inte en adress"})
    assert "Det ser inte ut som en e-post" in page.get_data(as_text=True)


# --- a new password ends every older link ----------------------------------------------------


def _ask_for_link(client, app, email):
    assert client.post_form("/glomt-losenord", {"email": email}).status_code == 302
    return _reset_path(app, email)


def test_using_one_link_ends_every_other_open_link(client, app, world, sign_in):
    email = world.patient_user.email
    first, second, third = (_ask_for_link(client, app, email) for _ in range(3))
    assert len({first, second, third}) == 3
    assert client.get(second).status_code == 200
    assert (
        client.post_form(second, {"password": "nya fina ord", "confirm": "nya fina ord"}).status_code == 302
    )
    for old in (first, third, second):
        assert client.get(old).status_code == 404, old
        response = client.post_form(old, {"password": "andra ord nu", "confirm": "andra ord nu"})
        assert response.status_code == 404, old
        assert "Länken fungerar inte" in response.get_data(as_text=True)
    # The password is the one chosen through the second link, not one sent to an old link.
    assert client.post_form("/logga-in", {"email": email, "password": "andra ord nu"}).status_code == 200
    assert sign_in(client, world.patient_user, "nya fina ord").status_code == 302


def test_a_password_set_any_other_way_ends_open_links(client, app, world, query, sign_in):
    """Not only the reset page sets passwords (invitations do, a rehash at sign-in does, an
    administrator's script might): a link issued under the old password never works after."""
    from app.models import User
    from app.passwords import hash_password

    path = _ask_for_link(client, app, world.patient_user.email)
    assert client.get(path).status_code == 200
    query(
        lambda s: (
            setattr(s.get(User, world.patient_user.id), "password_hash", hash_password("ett annat sätt")),
            s.commit(),
        )
    )
    assert client.get(path).status_code == 404
    assert client.post_form(path, {"password": "nya fina ord", "confirm": "nya fina ord"}).status_code == 404
    assert sign_in(client, world.patient_user, "ett annat sätt").status_code == 302


def test_a_link_mailed_to_an_old_address_stops_working_when_it_changes(client, app, world, query):
    from app.models import User

    path = _ask_for_link(client, app, world.patient_user.email)
    query(lambda s: (setattr(s.get(User, world.patient_user.id), "email", "maja.ny@exempel.se"), s.commit()))
    assert client.get(path).status_code == 404


def test_a_link_stops_working_when_the_account_is_deactivated(client, app, world, query):
    from app.models import User

    path = _ask_for_link(client, app, world.patient_user.email)
    query(lambda s: (setattr(s.get(User, world.patient_user.id), "active", False), s.commit()))
    assert client.get(path).status_code == 404
    assert client.post_form(path, {"password": "nya fina ord", "confirm": "nya fina ord"}).status_code == 404
