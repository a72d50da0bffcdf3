"""Recent moments in words on the patients' pages ("i dag klockan 14:20"), in each language,
counted in Stockholm time: just after midnight there is already "i dag", not yesterday in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from app.templating import recently

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday, 10:00 in Stockholm


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (datetime(2026, 11, 25, 7, 5, tzinfo=UTC), "i dag klockan 08:05"),
        (datetime(2026, 11, 24, 23, 30, tzinfo=UTC), "i dag klockan 00:30"),  # after midnight locally
        (datetime(2026, 11, 24, 13, 20, tzinfo=UTC), "i går klockan 14:20"),
        (datetime(2026, 11, 23, 13, 20, tzinfo=UTC), "måndag klockan 14:20"),
        (datetime(2026, 11, 10, 13, 20, tzinfo=UTC), "10 november klockan 14:20"),
        (datetime(2025, 12, 30, 13, 20, tzinfo=UTC), "30 december 2025 klockan 14:20"),
    ],
)
def test_swedish(app, moment, words):
    with app.test_request_context(), force_locale("sv"):
        assert recently(moment, now=NOW) == words


def test_english_and_arabic(app):
    with app.test_request_context():
        with force_locale("en"):
            assert recently(datetime(2026, 11, 24, 13, 20, tzinfo=UTC), now=NOW) == ("yesterday at 14:20")
            assert recently(datetime(2026, 11, 23, 13, 20, tzinfo=UTC), now=NOW) == ("Monday at 14:20")
        with force_locale("ar"):
            assert recently(datetime(2026, 11, 25, 7, 5, tzinfo=UTC), now=NOW).startswith("اليوم")
