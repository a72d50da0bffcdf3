"""Lotsen: the web app an SMO clinic gives its patients and the people who help them."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from . import errors, i18n, security
from .admin import bp as admin_bp
from .admin import routes as admin_routes
from .aftervisit import bp as aftervisit_bp
from .aftervisit import preview_routes as aftervisit_preview_routes
from .aftervisit import routes as aftervisit_routes
from .aftervisit import staff_bp as aftervisit_staff_bp
from .aftervisit import staff_routes as aftervisit_staff_routes
from .apply import bp as apply_bp
from .apply import routes as apply_routes
from .apply import staff_bp as apply_staff_bp
from .apply import staff_routes as apply_staff_routes
from .auth import bp as auth_bp
from .auth import routes as auth_routes
from .auth.services import init_login
from .checkup import change_routes as checkup_change_routes
from .checkup import change_staff_routes as checkup_change_staff_routes
from .checkup import due_routes as checkup_due_routes
from .checkup import due_staff_routes as checkup_due_staff_routes
from .checkup import plan_routes as checkup_plan_routes
from .checkup import plan_staff_routes as checkup_plan_staff_routes
from .checkup import question_routes as checkup_question_routes
from .checkup import question_staff_routes as checkup_question_staff_routes
from .checkup.change_blueprints import bp as changes_bp
from .checkup.change_blueprints import staff_bp as changes_staff_bp
from .checkup.due_blueprints import bp as checkup_bp
from .checkup.due_blueprints import staff_bp as checkup_staff_bp
from .checkup.plan_blueprints import bp as plan_bp
from .checkup.plan_blueprints import staff_bp as plan_staff_bp
from .checkup.question_blueprints import bp as questions_bp
from .checkup.question_blueprints import staff_bp as questions_staff_bp
from .cli import init_app as init_cli
from .clinic_words import init_app as init_clinic_words
from .config import Config
from .contact import routes as contact_routes
from .contact import staff_routes as contact_staff_routes
from .contact import template_routes as contact_template_routes
from .contact.blueprints import bp as contact_bp
from .contact.blueprints import staff_bp as contact_staff_bp
from .core import access
from .core.clock import clinic_date_of_stored
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .grouphome import bp as grouphome_bp
from .grouphome import routes as grouphome_routes
from .grouphome import staff_bp as grouphome_staff_bp
from .grouphome import staff_routes as grouphome_staff_routes
from .home import bp as home_bp
from .home import routes as home_routes
from .needs import bp as needs_bp
from .needs import routes as needs_routes
from .needs import staff_bp as needs_staff_bp
from .needs import staff_routes as needs_staff_routes
from .needs import usual_routes as needs_usual_routes
from .notices import init_app as init_notices
from .patient import bp as patient_bp
from .patient import routes as patient_routes
from .speakable import init_app as init_speakable
from .speech import init_app as init_speech
from .speech import routes as speech_routes
from .staff import bp as staff_bp
from .staff import routes as staff_routes
from .staff import team_routes as staff_team_routes
from .stats import routes as stats_routes
from .stats import staff_bp as stats_staff_bp
from .tablet import bp as tablet_bp
from .tablet import init_app as init_tablet
from .tablet import resident_bp
from .tablet import routes as tablet_routes
from .templating import init_app as init_templating
from .usage import init_app as init_usage
from .visits import bp as visits_bp
from .visits import photo_bp, prepare_bp
from .visits import prepare_routes as visits_prepare_routes
from .visits import routes as visits_routes
from .visits import staff_bp as visits_staff_bp
from .visits import staff_routes as visits_staff_routes

# Each area's routes attach themselves to its blueprints as they are imported, here and only here
# (no other module imports a routes module; `lint-imports` checks it).
ROUTES = (
    admin_routes,
    aftervisit_preview_routes,
    aftervisit_routes,
    aftervisit_staff_routes,
    apply_routes,
    apply_staff_routes,
    checkup_due_routes,
    checkup_due_staff_routes,
    checkup_change_routes,
    checkup_change_staff_routes,
    checkup_plan_routes,
    checkup_plan_staff_routes,
    checkup_question_routes,
    checkup_question_staff_routes,
    auth_routes,
    contact_routes,
    contact_staff_routes,
    contact_template_routes,
    grouphome_routes,
    grouphome_staff_routes,
    home_routes,
    needs_routes,
    needs_staff_routes,
    needs_usual_routes,
    patient_routes,
    speech_routes,
    staff_routes,
    staff_team_routes,
    stats_routes,
    tablet_routes,
    visits_prepare_routes,
    visits_routes,
    visits_staff_routes,
)


def create_app(config_class: type[Config] | Config = Config) -> Flask:
    app = Flask(__name__, instance_path=str(Config.INSTANCE_DIR))
    app.config.from_object(config_class() if isinstance(config_class, type) else config_class)
    app.config["INSTANCE_DIR"].mkdir(parents=True, exist_ok=True)

    if app.config.get("PROXY_FIX"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"))
    csrf.init_app(app)
    limiter.init_app(app)

    babel.init_app(app, locale_selector=i18n.select_locale, default_translation_directories="../translations")
    i18n.init_app(app, babel)

    init_login(app, login_manager)

    access.init_app(app)  # the <patient:...> converter, before the blueprints use it

    app.register_blueprint(home_bp)
    app.register_blueprint(grouphome_bp)
    app.register_blueprint(grouphome_staff_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(apply_bp)
    app.register_blueprint(apply_staff_bp)
    app.register_blueprint(patient_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(needs_bp)
    app.register_blueprint(needs_staff_bp)
    app.register_blueprint(visits_bp)
    app.register_blueprint(prepare_bp)
    app.register_blueprint(visits_staff_bp)
    app.register_blueprint(photo_bp)
    app.register_blueprint(contact_bp)
    app.register_blueprint(contact_staff_bp)
    app.register_blueprint(aftervisit_bp)
    app.register_blueprint(aftervisit_staff_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(plan_staff_bp)
    app.register_blueprint(checkup_bp)
    app.register_blueprint(checkup_staff_bp)
    app.register_blueprint(questions_bp)
    app.register_blueprint(questions_staff_bp)
    app.register_blueprint(changes_bp)
    app.register_blueprint(changes_staff_bp)
    app.register_blueprint(stats_staff_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(tablet_bp)
    app.register_blueprint(resident_bp)
    init_tablet(app)  # the lock: after the sign-in, before any view

    init_speech(app)
    init_usage(app)  # the server's own counts of read-aloud plays and easy-read pages

    errors.init_app(app)
    security.init_app(app)

    init_templating(app)
    init_speakable(app)
    init_clinic_words(app)

    init_cli(app)
    init_notices(app)

    if not app.debug and not app.testing:
        app.logger.setLevel(logging.INFO)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite as a server database: WAL, a busy timeout, durable commits, enforced foreign keys."""
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy, not the driver, open transactions (so savepoints and BEGIN IMMEDIATE work).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # The clinic's day of a stored moment, exactly (summer time included), as PostgreSQL's
    # AT TIME ZONE gives it (app/stats/figures.py).
    dbapi_connection.create_function("clinic_date", 1, clinic_date_of_stored, deterministic=True)


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    if connection.dialect.name == "sqlite":
        # Take the write lock at the start: a deferred transaction that reads and then writes
        # could fail at once with "database is locked" instead of waiting its turn.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
