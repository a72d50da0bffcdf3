"""When the limits' storage (Redis, shared by the instances) cannot be reached, sign-in and pages
go on: each process counts in its own memory, the log says so, and no request fails.
scripts/load --instances 2 stops a real Redis in the middle of a run."""

from __future__ import annotations

import logging
import socket

import pytest
from limits import parse
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter

from app.extensions import hit_limit, limiter

FALLING_BACK = "Rate limit storage unreachable - falling back to in-memory storage"


@pytest.fixture
def redis_gone(app, monkeypatch):
    """The limiter's storage is a Redis on a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    storage = RedisStorage(f"redis://127.0.0.1:{port}/0", socket_connect_timeout=1)
    monkeypatch.setattr(limiter, "_storage", storage)
    monkeypatch.setattr(limiter, "_limiter", FixedWindowRateLimiter(storage))
    monkeypatch.setattr(limiter, "_storage_dead", False)
    limiter._fallback_storage.reset()
    yield
    limiter._fallback_storage.reset()


def test_sign_in_goes_on_and_the_limit_counts_in_memory(client, world, redis_gone, caplog):
    caplog.set_level(logging.INFO, logger="flask-limiter")
    email = world.patient_user.email
    for _ in range(5):
        response = client.post_form("/logga-in", {"email": email, "password": "fel fel fel fel"})
        assert response.status_code == 200
    assert client.post_form("/logga-in", {"email": email, "password": "fel"}).status_code == 429
    assert FALLING_BACK in caplog.text
    assert email not in caplog.text  # a limit reached is not logged: it names the account
    other = client.post_form(
        "/logga-in", {"email": world.god_man.email, "password": "rätt häst batteri häftklammer"}
    )
    assert other.status_code == 302
    assert client.get("/installningar").status_code == 200


def test_a_limit_counted_in_a_service_falls_back_too(app, redis_gone, caplog):
    caplog.set_level(logging.WARNING, logger="flask-limiter")
    with app.app_context():
        two = parse("2 per hour")
        assert [hit_limit(two, "test", "key") for _ in range(3)] == [True, True, False]
    assert FALLING_BACK in caplog.text
