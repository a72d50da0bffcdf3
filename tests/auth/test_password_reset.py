from datetime import timedelta

from sqlalchemy import update

from app.models import PasswordReset, utcnow

from ..conftest import PASSWORD, latest_mail, patient_url


def _reset_path(app, email):
    body = latest_mail(app, email).get_content()
    return "/nytt-losenord/" + body.split("/nytt-losenord/", 1)[1].split()[0]


def test_reset_by_mail_link(client, make_client, app, world, sign_in):
    other_device = make_client()
    sign_in(other_device, world.patient_user)
    response = client.post_form("/glomt-losenord", {"email": world.patient_user.email})
    assert response.status_code == 302
    path = _reset_path(app, world.patient_user.email)
    assert client.post_form(path, {"password": "nya fina ord", "confirm": "nya fina ord"}
                            ).status_code == 302
    # The old password no longer works, the new one does; other sessions were ended.
    assert other_device.get(patient_url(world.patient)).status_code == 302
    bad = client.post_form("/logga-in", {"email": world.patient_user.email, "password": PASSWORD})
    assert bad.status_code == 200
    assert sign_in(client, world.patient_user, "nya fina ord").status_code == 302
    # Single use.
    assert client.get(path).status_code == 404


def test_reset_page_says_the_same_for_unknown_addresses(client):
    response = client.post_form("/glomt-losenord", {"email": "ingen@exempel.se"},
                                follow_redirects=True)
    assert "Om det finns ett konto" in response.get_data(as_text=True)


def test_reset_link_expires(client, app, world, query):
    client.post_form("/glomt-losenord", {"email": world.patient_user.email})
    path = _reset_path(app, world.patient_user.email)
    query(lambda s: (s.execute(update(PasswordReset).values(
        expires_at=utcnow() - timedelta(seconds=1))), s.commit()))
    assert client.get(path).status_code == 404


def test_bad_email_gets_a_field_error(client):
    page = client.post_form("/glomt-losenord", {"email": "inte en adress"})
    assert "Det ser inte ut som en e-post" in page.get_data(as_text=True)
