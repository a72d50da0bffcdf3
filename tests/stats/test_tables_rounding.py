"""Shares and hours are rounded as people round them (found by a persona walk: 1 of 8 showed 12 %)."""

import pytest

from app.stats.tables import Cell

pytestmark = pytest.mark.one_database  # see pyproject.toml


def test_a_half_rounds_up(app):
    with app.test_request_context():
        assert Cell(12.5, "share").text == "13 %"
        assert Cell(100 / 3, "share").text == "33 %"
        assert Cell(2.25, "hours").text == "2,3"
        assert Cell(0.5, "share").text == "1 %"
