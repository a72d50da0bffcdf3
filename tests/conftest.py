"""The fixtures every test may use, from tests/fixtures/: the app on a real database (a SQLite
file, or PostgreSQL when LOTSEN_TEST_DATABASE_URL says so) with each test rolled back, the
factories, and a small clinic world. Shared helpers (the page-checking client, e-mail, addresses,
visit data) are plain functions in tests/support/."""

pytest_plugins = ["tests.fixtures.app", "tests.fixtures.factories", "tests.fixtures.world"]
