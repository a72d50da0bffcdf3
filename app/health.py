"""Is the database there, and can it be written? For the readiness answer (`/halsa/redo`) and for
the error pages, which answer 503 rather than 500 when the database, not the code, is the problem.

Only errors that mean the database is unavailable or read-only count: a lost or refused
connection, a server shutting down, a read-only transaction or file, a full disk, a lock not
given in time. Everything else (a constraint, a missing table, SQL that is wrong) is a defect:
a 500, logged with its stack.
"""

from __future__ import annotations

import contextlib
import sqlite3

from sqlalchemy import Column, String, Table, insert, update
from sqlalchemy import exc as sa_exc

from .extensions import db
from .models.base import UTCDateTime, utcnow

# One row, updated by every readiness check: a committed write is the only proof that the
# database takes writes. A write that is rolled back proves less: SQLite in WAL mode keeps an
# uncommitted change in memory, and PostgreSQL flushes its log to disk only at a commit, so a
# full disk or a file system gone read-only would go unnoticed. A PostgreSQL that refuses writes
# (a read-only transaction default, a standby after a failover) refuses this UPDATE as well.
heartbeats = Table(
    "heartbeats",
    db.metadata,
    Column("name", String(40), primary_key=True),
    Column("beat_at", UTCDateTime(), nullable=False),
)
READINESS_ROW = "readiness"

# SQLite result codes (the primary code, the low byte of an extended one) that mean the file
# cannot be written or read now: busy or locked beyond the busy timeout, out of memory,
# read-only, an I/O error, a full disk, a file that cannot be opened, a locking protocol error.
SQLITE_UNAVAILABLE = {5, 6, 7, 8, 10, 13, 14, 15}

# PostgreSQL SQLSTATEs (whole classes end in "*"): connection exceptions, a read-only
# transaction, insufficient resources (disk full, out of memory, too many connections), the
# server shutting down or not yet accepting connections, the database dropped, system errors.
PG_UNAVAILABLE = ("08*", "25006", "53*", "57P01", "57P02", "57P03", "57P04", "57P05", "58*")


def _driver_error(error: BaseException) -> BaseException:
    return error.orig if isinstance(error, sa_exc.DBAPIError) and error.orig is not None else error


def _is_unavailable(error: BaseException) -> bool:
    if isinstance(error, sa_exc.TimeoutError):  # no pooled connection came free in time
        return True
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True  # SQLAlchemy saw a disconnect
    driver = _driver_error(error)
    if isinstance(driver, sqlite3.Error):
        code = getattr(driver, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in SQLITE_UNAVAILABLE
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    if isinstance(driver, psycopg.Error):
        state = driver.sqlstate
        if state is None:
            # No server answer at all: refused, closed or broken connections, timeouts.
            return isinstance(driver, psycopg.OperationalError)
        return any(
            state.startswith(code[:-1]) if code.endswith("*") else state == code for code in PG_UNAVAILABLE
        )
    return False


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` (or an error it was raised from) means the database cannot be used now."""
    seen = 0
    while error is not None and seen < 8:
        if _is_unavailable(error):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def describe(error: BaseException) -> str:
    """The driver's class and message, for the log: never the statement or its parameters."""
    driver = _driver_error(error)
    code = getattr(driver, "sqlstate", None) or getattr(driver, "sqlite_errorname", None)
    message = str(driver).strip().splitlines()[0] if str(driver).strip() else ""
    return (
        f"{type(driver).__module__}.{type(driver).__name__}"
        + (f" {code}" if code else "")
        + (f": {message}" if message else "")
    )


def check_database() -> str | None:
    """Write the heartbeat row and commit it (the request's own session: nothing else is in it).

    None when the database answered and took the write; otherwise a short reason for the log.
    """
    try:
        done = db.session.execute(
            update(heartbeats).where(heartbeats.c.name == READINESS_ROW).values(beat_at=utcnow())
        ).rowcount
        if not done:  # the row was removed by hand: the check puts it back
            db.session.execute(insert(heartbeats).values(name=READINESS_ROW, beat_at=utcnow()))
        db.session.commit()
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"; the caller logs it
        with contextlib.suppress(Exception):
            db.session.rollback()
        return describe(error)
    return None
