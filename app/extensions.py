"""Extension singletons; create_app() binds them to an app."""

from __future__ import annotations

import logging

from flask.logging import default_handler
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from limits import RateLimitItem
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True)  # SQLite needs batch mode to alter tables
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
_limit_log = logging.getLogger("flask-limiter")  # the limiter's own logger


def _storage_news(record: logging.LogRecord) -> bool:
    """Its warnings, and news of its storage (Redis gone: the limits count in memory; Redis back),
    not each limit reached (that names the account, an e-mail address)."""
    return record.levelno >= logging.WARNING or record.getMessage().startswith("Rate limit storage")


# Into the app's log (Flask's handler, as app.logger's).
_limit_log.addHandler(default_handler)
_limit_log.addFilter(_storage_news)
_limit_log.setLevel(logging.INFO)


def hit_limit(limit: RateLimitItem, *identifiers: str) -> bool:
    """Count one hit of `limit` for `identifiers` in the limits' storage (Redis when several
    instances share the work); False once it is used up. When the storage cannot be reached this
    counts in the process's memory, as the route limits then do (RATELIMIT_IN_MEMORY_FALLBACK_
    ENABLED), and the log says so; the limiter looks for the storage again as requests come."""
    try:
        return limiter.limiter.hit(limit, *identifiers)
    except limiter.storage.base_exceptions:
        if not limiter._in_memory_fallback_enabled:
            raise
        _limit_log.warning("Rate limit storage unreachable - falling back to in-memory storage")
        limiter._storage_dead = True  # Flask-Limiter's own switch, used by its decorators too
        return limiter.limiter.hit(limit, *identifiers)
