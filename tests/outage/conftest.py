"""When the database cannot be used: each test module here gets the app on a database of its own
(a SQLite file, or a PostgreSQL database made for it), which the tests make read-only or
unreachable for real and whose connections they kill, never the database the other tests share.

A module runs on the database of the pass (SQLite, or PostgreSQL when LOTSEN_TEST_DATABASE_URL
says so) unless it sets DATABASE = "postgresql" (connections killed mid-request need a server).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from app import create_app
from app.config import TestConfig
from app.extensions import db, limiter
from tests.support.pages import PageCheckingClient

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_url() -> str:
    url = os.environ.get("LOTSEN_TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else os.environ.get("LOTSEN_TEST_POSTGRES_URL", PG_DEFAULT)


class Database:
    """A database of one test module, and the faults the tests give it."""

    def __init__(self, kind: str, folder: Path, name: str):
        self.kind = kind
        self.app = None
        if kind == "sqlite":
            self.folder = folder
            self.path = folder / "lotsen.sqlite"
            self.url = f"sqlite:///{self.path}"
            return
        base = make_url(_postgres_url())
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.name = f"{base.database}_{name}_{worker}".lower()
        assert self.name.replace("_", "").isalnum(), self.name
        self.url = base.set(database=self.name).render_as_string(hide_password=False)
        self.admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))

    # --- PostgreSQL ---------------------------------------------------------------------------
    def terminate(self, pid: int | None = None) -> int:
        """Kill the app's connections to this database (one backend, or all of them)."""
        with self.admin.connect() as conn:
            return conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid() "
                    "AND (CAST(:pid AS integer) IS NULL OR pid = CAST(:pid AS integer))"
                ),
                {"name": self.name, "pid": pid},
            ).scalar()

    def _alter(self, setting: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{self.name}" {setting}'))
        self.terminate()  # the app's pool then reconnects, and meets the new setting

    # --- faults --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def read_only(self):
        """The database refuses every write: PostgreSQL as a standby or a read-only default does;
        the SQLite file and its write-ahead log marked immutable (root cannot write them either;
        without root, write permission taken away and the pool emptied, so files open anew)."""
        if self.kind == "postgresql":
            self._alter("SET default_transaction_read_only = on")
            try:
                yield
            finally:
                self._alter("RESET default_transaction_read_only")
            return
        files = [p for p in (self.path, Path(f"{self.path}-wal")) if p.exists()]
        as_root = os.geteuid() == 0
        if as_root:
            subprocess.run(["chattr", "+i", *map(str, files)], check=True)
        else:
            for path in files:
                path.chmod(0o444)
            self._dispose()
        try:
            yield
        finally:
            if as_root:
                subprocess.run(["chattr", "-i", *map(str, files)], check=True)
            else:
                for path in files:
                    path.chmod(0o644)

    @contextlib.contextmanager
    def unreachable(self):
        """The database cannot be reached: PostgreSQL takes no connections to it; the SQLite
        file's folder is gone (moved away, and the pool emptied so that files open anew)."""
        if self.kind == "postgresql":
            self._alter("WITH ALLOW_CONNECTIONS false")
            try:
                yield
            finally:
                self._alter("WITH ALLOW_CONNECTIONS true")
            return
        moved = self.folder.with_name(self.folder.name + "-away")
        self._dispose()
        self.folder.rename(moved)
        try:
            yield
        finally:
            self._dispose()
            moved.rename(self.folder)

    def _dispose(self) -> None:
        with self.app.app_context():
            db.engine.dispose()

    def drop(self) -> None:
        if self.kind == "postgresql":
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self.admin.dispose()
        else:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def database(request, tmp_path_factory):
    kind = getattr(request.module, "DATABASE", None) or (
        "postgresql" if os.environ.get("LOTSEN_TEST_DATABASE_URL", "").startswith("postgresql") else "sqlite"
    )
    name = "outage_" + request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")[:20]
    found = Database(kind, tmp_path_factory.mktemp("outage-db"), name)
    outbox = tmp_path_factory.mktemp("outage-outbox")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = found.url
        MAIL_OUTBOX = outbox
        INSTANCE_DIR = tmp_path_factory.mktemp("outage-instance")

    found.app = create_app(Config)
    found.app.test_client_class = PageCheckingClient
    with found.app.app_context():
        upgrade(directory=str(Path(found.app.root_path) / "migrations"))
    yield found
    with found.app.app_context():
        db.engine.dispose()
    found.drop()


@pytest.fixture
def app(database):
    """This module's app (replacing the shared one, so the factories and clients use it)."""
    with database.app.app_context():
        limiter.reset()
    yield database.app
