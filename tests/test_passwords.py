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


def test_real_configs_hash_with_the_recommended_parameters():
    """Only the test config may hash cheaply; a clinic's Lotsen uses argon2's recommendation."""
    from argon2 import PasswordHasher

    from app.config import CONFIGS

    recommended = PasswordHasher()
    for config in CONFIGS.values():
        assert config.PASSWORD_HASHING is None, config.__name__
    hashed = hash_password("tre gröna äpplen")  # no app: the recommendation
    assert f"m={recommended.memory_cost},t={recommended.time_cost},p={recommended.parallelism}" in hashed


def test_the_test_config_hashes_cheaply_and_still_checks(app):
    from app.passwords import needs_rehash

    recommended = hash_password("tre gröna äpplen")  # no app: the recommendation
    with app.app_context():
        hashed = hash_password("tre gröna äpplen")
        assert hashed.startswith("$argon2id$") and "m=8,t=1,p=1" in hashed
        assert verify_password(hashed, "tre gröna äpplen")
        assert not verify_password(hashed, "tre gröna päron")
        assert not needs_rehash(hashed)
        # A hash made with other parameters is still checked, and marked for rehashing.
        assert verify_password(recommended, "tre gröna äpplen")
        assert needs_rehash(recommended)
