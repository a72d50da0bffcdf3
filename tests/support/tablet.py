"""A group home with its tablet, for the house tests that need a real device id (and a home
worker): `add_tablet` adds them in the caller's session and returns the device's public id and
the browser's token."""

from __future__ import annotations

from app.models import GroupHome, GroupHomeMember, HomeDevice, HomeRole
from app.tokens import hash_token, new_link_token


def add_tablet(session, clinic_id: int, worker_id: int) -> tuple[str, str]:
    """A home at the clinic where `worker_id` works, and its tablet, marked by them."""
    home = GroupHome(clinic_id=clinic_id, name="Solgläntan")
    session.add(home)
    session.flush()
    session.add(GroupHomeMember(home_id=home.id, user_id=worker_id, role=HomeRole.STAFF))
    token = new_link_token()
    device = HomeDevice(
        home_id=home.id, name="Surfplattan i köket", token_hash=hash_token(token), created_by_id=worker_id
    )
    session.add(device)
    session.flush()
    return device.public_id, token
