"""The fixtures every test may use, from tests/fixtures/: the app on a real database (a SQLite
file, or PostgreSQL when LOTSEN_TEST_DATABASE_URL says so) with each test rolled back, the
factories, and a small clinic world. Shared helpers (the page-checking client, e-mail, addresses,
visit data) are plain functions in tests/support/."""

import pytest

pytest_plugins = ["tests.fixtures.app", "tests.fixtures.factories", "tests.fixtures.world"]


# The longest tests (walks over every route, as every role) start first. On two workers
# (scripts/test), a long test that starts last keeps its worker busy long after the other has
# finished; started first, the short tests fill in around it.
LONG_FIRST = {
    "test_xss",
    "test_csrf",
    "test_get_changes_nothing",
    "test_access_matrix",
    "test_fuzz_forms",
    "test_whom_a_page_is_for",
    "test_house_rules",
}


# The PostgreSQL pass (scripts/test) runs the tests where the database itself decides something;
# the SQLite pass runs them all. By what PostgreSQL does that SQLite does not, or does otherwise:
ON_EVERY_DATABASE = (
    # the schema, its migrations, and the access log's append-only rule kept by the database
    "tests/test_migrations_match_models.py",
    "tests/test_migration_clinic_words.py",
    "tests/test_access_log.py",
    # connections killed and a database that cannot be reached or written
    "tests/outage/",
    # counting, summing, grouping by the clinic's day, filtering, sorting and paging in SQL
    "tests/stats/",
    "tests/staff/test_access_log.py",
    "tests/contact/test_inbox",
    "tests/contact/test_todo.py",
    "tests/contact/test_callbacks.py",
    "tests/grouphome/test_home_log.py",
    # dates and months added in the database, rows locked while they are worked on (FOR UPDATE)
    "tests/checkup/test_due",
    "tests/visits/test_notices.py",
    "tests/visits/test_before_visit.py",
    "tests/visits/test_wizard_safety.py",
    "tests/tablet/test_tablet.py",
    "tests/auth/test_sessions.py",
    # unique names and numbers, versions, and other clinics' rows out of reach
    "tests/admin/test_clinics.py",
    "tests/staff/test_patients.py",
    "tests/staff/test_isolation.py",
    "tests/aftervisit/test_services.py",
    "tests/test_access_matrix.py",  # its actors who open every patient page (one_database: the rest)
    # odd input that PostgreSQL refuses and SQLite stores (a NUL byte, control characters, lengths)
    "tests/staff/test_robustness.py",
    "tests/tablet/test_tablet_forms.py",
    "tests/visits/test_wizard.py",
    "tests/contact/test_messages.py",
    "tests/aftervisit/test_staff_input.py",
    "tests/checkup/test_plan_input.py",
    "tests/test_smoke.py",
)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.path.stem not in LONG_FIRST)  # stable: the rest keep their order
    for item in items:
        if item.nodeid.startswith(ON_EVERY_DATABASE):
            item.add_marker(pytest.mark.every_database)
