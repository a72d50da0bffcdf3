"""Sign-in attempts are limited per account and per address, with an easy message."""


def _attempt(client, email, password="fel fel fel fel"):
    return client.post_form("/logga-in", {"email": email, "password": password})


def test_too_many_failures_for_one_account(client, world):
    for _ in range(5):
        assert _attempt(client, world.patient_user.email).status_code == 200
    blocked = _attempt(client, world.patient_user.email)
    assert blocked.status_code == 429
    assert "Du har försökt för många gånger" in blocked.get_data(as_text=True)
    # Even the right password waits now.
    assert _attempt(client, world.patient_user.email, "rätt häst batteri häftklammer").status_code == 429
    # Another account from the same address is not blocked by this one.
    assert _attempt(client, world.god_man.email, "rätt häst batteri häftklammer").status_code == 302


def test_too_many_failures_from_one_address(client):
    for n in range(20):
        assert _attempt(client, f"person{n}@exempel.se").status_code == 200
    assert _attempt(client, "person99@exempel.se").status_code == 429


def test_successful_sign_ins_do_not_count(client, world, sign_in):
    for _ in range(7):
        sign_in(client, world.patient_user)
        client.post_form("/logga-ut")
