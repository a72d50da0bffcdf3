"""The fixtures every test may use, from tests/fixtures/: the app on a real database (a SQLite
file, or PostgreSQL when LOTSEN_TEST_DATABASE_URL says so) with each test rolled back, the
factories, and a small clinic world. Shared helpers (the page-checking client, e-mail, addresses,
visit data) are plain functions in tests/support/."""

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


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.path.stem not in LONG_FIRST)  # stable: the rest keep their order
