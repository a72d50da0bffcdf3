from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.personnummer import InvalidPersonnummer, luhn_check_digit, mask, normalize

pytestmark = pytest.mark.one_database  # see pyproject.toml

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("19121212-1212", "191212121212"),
        ("191212121212", "191212121212"),
        ("121212-1212", "201212121212"),
        ("121212+1212", "191212121212"),
        (" 19121212 1212 ", "191212121212"),
    ],
)
def test_accepted_forms(value, expected):
    result = normalize(value, today=TODAY)
    if expected:
        assert result == expected
    else:
        assert len(result) == 12


@pytest.mark.parametrize(
    "value",
    [
        "",
        "abc",
        "19121212-1213",
        "19121312-1212",
        "20991212-1212",
        "1912121212",
        "19121232-1212",
        "19121212--1212",
        "١٩١٢١٢١٢١٢١٣",  # Arabic digits are read as 0-9 (below): this one's check digit is wrong
    ],
)
def test_refused(value):
    with pytest.raises(InvalidPersonnummer):
        normalize(value, today=TODAY)


def test_samordningsnummer_day_plus_sixty():
    digits = "19121272" + "121"  # born 1912-12-12, the day written as 72
    full = digits + str(luhn_check_digit(digits[2:]))
    assert normalize(full, today=TODAY) == full


def test_masked():
    assert mask("191212121212") == "19121212-****"


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY), st.integers(min_value=0, max_value=999))
def test_any_valid_number_round_trips(born, serial):
    digits = born.strftime("%Y%m%d") + f"{serial:03d}"
    full = digits + str(luhn_check_digit(digits[2:]))
    assert normalize(full, today=TODAY) == full
    assert normalize(f"{full[:8]}-{full[8:]}", today=TODAY) == full


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.integers(min_value=0, max_value=999),
    st.integers(min_value=2, max_value=11),
    st.integers(min_value=1, max_value=9),
)
def test_one_wrong_digit_is_always_caught(born, serial, position, delta):
    digits = born.strftime("%Y%m%d") + f"{serial:03d}"
    full = digits + str(luhn_check_digit(digits[2:]))
    wrong = full[:position] + str((int(full[position]) + delta) % 10) + full[position + 1 :]
    with pytest.raises(InvalidPersonnummer):
        normalize(wrong, today=TODAY)


def test_digits_from_an_arabic_or_persian_keyboard_are_read_as_0_to_9():
    assert normalize("١٩١٢١٢١٢-١٢١٢", today=TODAY) == "191212121212"
    assert normalize("۱۹۱۲۱۲۱۲۱۲۱۲", today=TODAY) == "191212121212"
    with pytest.raises(InvalidPersonnummer):
        normalize("١٩١٢١٢١٢-١٢١٣", today=TODAY)  # the check digit still counts
