"""Fixtures of the admin tests: a browser signed in as the administrator of `world`."""

import pytest


@pytest.fixture
def admin_client(client, world, sign_in):
    sign_in(client, world.admin)
    return client


def clinic_data(**changes) -> dict[str, str]:
    """A valid clinic form, with some fields changed."""
    data = {
        "name": "Askersunds vårdcentral",
        "county_part": "Norra länet",
        "phone": "0583-123 45",
        "opening_hours": "Måndag–fredag 8–17",
        "vardlots_email": "vardlots.askersund@exempel.se",
        "health_check_months": "12",
    }
    data.update(changes)
    return data


def staff_data(clinic, **changes) -> dict[str, str]:
    """A valid new-staff form, with some fields changed."""
    data = {
        "name": "Karin Nyström",
        "email": "karin.nystrom@exempel.se",
        "clinic": clinic.public_id,
        "profession": "sjukskoterska",
        "presentation": "Jag är sjuksköterska och tar blodprov.",
    }
    data.update(changes)
    return data
