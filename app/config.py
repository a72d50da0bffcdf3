"""Configuration classes, read from the environment (nothing secret lives in the repository)."""

from __future__ import annotations

import os
from pathlib import Path

from .core.clock import CLINIC_TIME_ZONE

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("LOTSEN_INSTANCE_DIR", BASE_DIR / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("LOTSEN_SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "LOTSEN_DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'lotsen.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    INSTANCE_DIR = INSTANCE_DIR
    # argon2id's parameters for passwords and PINs: None is the library's recommendation.
    PASSWORD_HASHING: dict[str, int] | None = None

    # Rate limits: memory on one machine, Redis when several instances share the work. While
    # Redis cannot be reached each process counts in its own memory (the log says so, and again
    # when Redis is back): pages and sign-in go on, the limits hold per process meanwhile. A limit
    # that cannot be counted never fails the request it is about.
    RATELIMIT_STORAGE_URI = os.environ.get("LOTSEN_REDIS_URL", "memory://")
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOTSEN_LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOTSEN_LOGIN_LIMIT_PER_ADDRESS", "20 per 15 minutes")
    # The e-mailed code of staff and admins, per account and kept in the database (so new codes,
    # sessions and addresses change nothing): wrong codes before the code step locks, how long
    # the first lock lasts (each further lock within a day twice as long, at most a day), and
    # how many codes may be sent (codes not used to sign in count).
    LOGIN_CODE_FAILURE_LIMIT = os.environ.get("LOTSEN_LOGIN_CODE_FAILURE_LIMIT", "10 per hour")
    LOGIN_CODE_LOCK_MINUTES = int(os.environ.get("LOTSEN_LOGIN_CODE_LOCK_MINUTES", "60"))
    LOGIN_CODE_SEND_LIMIT = os.environ.get("LOTSEN_LOGIN_CODE_SEND_LIMIT", "1 per minute; 5 per hour")

    # Mail: with no server set, each e-mail is written to the outbox folder and the log.
    # What patients are told about when the vårdlots answers (weekdays).
    CONTACT_ANSWER_DAYS = int(os.environ.get("LOTSEN_CONTACT_ANSWER_DAYS", "2"))
    MAIL_SERVER = os.environ.get("LOTSEN_MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("LOTSEN_MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("LOTSEN_MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("LOTSEN_MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("LOTSEN_MAIL_USE_TLS", False)
    MAIL_SENDER = os.environ.get("LOTSEN_MAIL_SENDER", "Lotsen <lotsen@localhost>")
    MAIL_OUTBOX = Path(os.environ.get("LOTSEN_MAIL_OUTBOX", INSTANCE_DIR / "outbox"))

    # Sessions: a server-side record behind every sign-in, ended at sign-out or when idle.
    IDLE_TIMEOUT_MINUTES = int(os.environ.get("LOTSEN_IDLE_TIMEOUT_MINUTES", "30"))
    IDLE_WARNING_MINUTES = int(os.environ.get("LOTSEN_IDLE_WARNING_MINUTES", "3"))
    SESSION_COOKIE_NAME = "lotsen_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("LOTSEN_SECURE_COOKIES", False)
    # Lotsen never asks Flask-Login to remember a user; should it ever, the cookie is as strict.
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session: no time limit on forms

    LOGIN_CODE_MINUTES = 10
    INVITATION_DAYS = 7
    # Ansök om SMO (app/apply/): applications not accepted are deleted this many days after the
    # decision (`flask apply purge`), and sending is limited per address.
    APPLICATION_RETENTION_DAYS = int(os.environ.get("LOTSEN_APPLICATION_RETENTION_DAYS", "90"))
    APPLY_SEND_LIMIT = os.environ.get("LOTSEN_APPLY_SEND_LIMIT", "5 per hour; 20 per day")
    # Where the form's answers wait until Skicka ("": the instance folder's application-drafts);
    # instances that share the work share one folder, as they share the speech cache.
    APPLICATION_DRAFT_DIR = os.environ.get("LOTSEN_APPLICATION_DRAFT_DIR", "")
    PASSWORD_RESET_MINUTES = 60

    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = CLINIC_TIME_ZONE
    LANGUAGES = {"sv": "Svenska", "en": "English", "ar": "العربية"}

    # The largest request: a photo for a picture schedule (8 MB) and the rest of its form.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024

    PUBLIC_URL = os.environ.get("LOTSEN_PUBLIC_URL", "http://127.0.0.1:5000")
    ALLOW_DEMO_DATA = True
    PROXY_FIX = _bool("LOTSEN_PROXY_FIX", False)

    # Speech (read-aloud, app/speech/): espeak-ng voices in a worker process, cached as MP3.
    # Cache folder, clips sharded by the first two hex characters of their key; None means
    # <INSTANCE_DIR>/speech-cache of the app's own config.
    SPEECH_CACHE_DIR: Path | None = Path(
        os.environ.get("LOTSEN_SPEECH_CACHE_DIR") or INSTANCE_DIR / "speech-cache"
    )
    # Seconds one clip may take, a worker start included; after that the worker is killed.
    SPEECH_TIMEOUT = float(os.environ.get("LOTSEN_SPEECH_TIMEOUT", "20"))
    # Per address: every clip request, and the ones that need a synthesis (not yet cached).
    SPEECH_LIMIT = os.environ.get("LOTSEN_SPEECH_LIMIT", "600 per minute")
    SPEECH_SYNTHESIS_LIMIT = os.environ.get("LOTSEN_SPEECH_SYNTHESIS_LIMIT", "60 per minute")
    # How long a browser may keep a private clip (words about one person), in seconds; 0: not at
    # all, as for the pages themselves, since tablets are often shared.
    SPEECH_PRIVATE_MAX_AGE = int(os.environ.get("LOTSEN_SPEECH_PRIVATE_MAX_AGE", "0"))
    SPEECH_MAX_CHARS = int(os.environ.get("LOTSEN_SPEECH_MAX_CHARS", "10000"))  # longer: no clip
    # The most the cache folder may hold ("2 GB", "500 MB", "1.5 GiB"; "0": no cap). Above it the
    # clips shown longest ago are removed, both their audio and their registered text.
    SPEECH_CACHE_MAX_SIZE = os.environ.get("LOTSEN_SPEECH_CACHE_MAX_SIZE", "2 GB")
    # Where espeak-ng finds its voices, when not where the package put them (None: its default).
    SPEECH_ESPEAK_DATA_PATH = os.environ.get("LOTSEN_SPEECH_ESPEAK_DATA_PATH") or None
    SPEECH_VOICES: dict[str, str] | None = None  # None: app.speech.service.VOICES

    # More pictogram sets (a region's licensed symbols, say): folders with their own
    # manifest.json, separated by the system's path separator; later sets override ids.
    EXTRA_PICTOGRAM_DIRS = [
        folder for folder in os.environ.get("LOTSEN_EXTRA_PICTOGRAM_DIRS", "").split(os.pathsep) if folder
    ]


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    ALLOW_DEMO_DATA = False
    HSTS = True

    def __init__(self) -> None:
        if os.environ.get("LOTSEN_SECRET_KEY") is None:
            raise RuntimeError("LOTSEN_SECRET_KEY must be set in production")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("LOTSEN_TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_SWALLOW_ERRORS = False  # a mistake in a limit fails its test instead of hiding in the log
    MAIL_SERVER = ""
    SERVER_NAME = None
    # Speech: under the per-session INSTANCE_DIR that tests/fixtures/app.py makes, never the real cache.
    SPEECH_CACHE_DIR = None
    SPEECH_ESPEAK_DATA_PATH = None
    # The suite signs in a few thousand times, and argon2id with the recommended parameters (64 MiB,
    # three passes) spends a tenth of a second of both cores on each: a sixth of the suite's time.
    # Here the cheapest argon2id there is; every other config has the recommended parameters
    # (PASSWORD_HASHING unset), and tests/test_passwords.py holds them to that.
    PASSWORD_HASHING = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


CONFIGS = {"development": Config, "production": ProductionConfig}


def config_from_environment() -> type[Config]:
    name = os.environ.get("LOTSEN_CONFIG", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"LOTSEN_CONFIG must be one of {sorted(CONFIGS)}")
    return CONFIGS[name]
