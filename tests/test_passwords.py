from app.passwords import hash_password, password_problem, verify_password


def test_argon2id_hash_and_verify():
    hashed = hash_password("tre gröna äpplen")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "tre gröna äpplen")
    assert not verify_password(hashed, "tre gröna päron")
    assert not verify_password(None, "vad som helst")
    assert not verify_password("inte en hash", "vad som helst")


def test_rules(app):
    with app.test_request_context():
        assert password_problem("kort") is not None
        assert password_problem("password") is not None
        assert password_problem("Qwerty123") is not None
        assert password_problem("Lösenord") is not None
        assert password_problem("aaaaaaaaaaaa") is not None
        assert password_problem("maja.andersson2", email="maja.andersson@exempel.se") is not None
        assert password_problem("hej Maja Andersson", name="Maja Andersson") is not None
        assert password_problem("x" * 257) is not None
        assert password_problem("tre gröna äpplen i en skål") is None
        assert password_problem("ett långt lösenord med många ord " * 5) is None
