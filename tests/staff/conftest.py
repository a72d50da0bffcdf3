"""Fixtures for the staff area: small helpers to read the database and the pages.

`staff_client` and `events` are in tests/conftest.py (the needs tests use them too)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from app.models import StaffMember

LINK = re.compile(r'<p class="invitation-link"><code>([^<]+)</code></p>')


@pytest.fixture
def member(query):
    """The StaffMember row of a staff user (detached), for its id and public id."""

    def find(user):
        def run(session):
            staff = session.scalar(select(StaffMember).where(StaffMember.user_id == user.id))
            session.expunge(staff)
            return staff

        return query(run)

    return find


def invitation_path(html: str) -> str:
    """The path of the invitation link shown on the page (the host is the configured one)."""
    match = LINK.search(html)
    assert match, "no invitation link on the page"
    link = unescape(match.group(1))
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def text(response) -> str:
    return response.get_data(as_text=True)


def decode_qr(html: str) -> str:
    """Read the QR code on the page the way a tablet camera would (drawn pixel by pixel)."""
    import numpy
    import zxingcpp

    svg = re.search(r'<svg class="qr".*?</svg>', html, re.S).group(0)
    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    scale = 8
    image = numpy.full((size * scale, size * scale), 255, dtype=numpy.uint8)
    for x, y in re.findall(r"M(\d+),(\d+)H\d+V\d+H\d+z", svg):
        x, y = int(x), int(y)
        image[y * scale : (y + 1) * scale, x * scale : (x + 1) * scale] = 0
    results = zxingcpp.read_barcodes(image)
    assert results, "the QR code could not be read"
    return results[0].text


@pytest.fixture
def colleague(world, make_staff):
    """A doctor at world.clinic (a clinician): whose access events world.staff may spot-check."""
    from app.models import Profession

    return make_staff(world.clinic, Profession.LAKARE, name="Omar Haddad")
