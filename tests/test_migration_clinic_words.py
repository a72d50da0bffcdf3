"""Migration 0015 keeps every Swedish text where it was and gives each row empty other forms."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.config import TestConfig
from app.extensions import db

VERSIONS = str(Path(__file__).resolve().parent.parent / "app" / "migrations")


def test_existing_swedish_texts_survive_the_upgrade_and_the_downgrade(tmp_path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'old.sqlite'}"
        INSTANCE_DIR = tmp_path
        MAIL_OUTBOX = tmp_path / "outbox"

    app = create_app(Config)
    with app.app_context():
        upgrade(directory=VERSIONS, revision="0014")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO clinics (id, public_id, name, county_part, phone, opening_hours, "
                    "vardlots_email, created_at) VALUES (1, 'c1', 'Kumla', 'Söder', '019-1', "
                    "'Måndag till fredag 8–17', 'v@exempel.se', '2026-01-01 00:00:00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO visit_types (id, public_id, clinic_id, name, pictogram, minutes, "
                    "active, created_at) VALUES (1, 't1', 1, 'Hälsokontroll', 'stethoscope', 60, 1, "
                    "'2026-01-01 00:00:00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO visit_steps (id, public_id, visit_type_id, position, text, "
                    "pictogram) VALUES (1, 's1', 1, 1, 'Du säger ditt namn i receptionen.', "
                    "'receptionist')"
                )
            )
        upgrade(directory=VERSIONS)
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT name, translations FROM visit_types")).one() == (
                "Hälsokontroll",
                "{}",
            )
            assert conn.execute(text("SELECT text, translations FROM visit_steps")).one() == (
                "Du säger ditt namn i receptionen.",
                "{}",
            )
            assert (
                conn.execute(text("SELECT opening_hours FROM clinics")).scalar_one()
                == "Måndag till fredag 8–17"
            )
            assert conn.execute(text("SELECT count(*) FROM visit_step_variants")).scalar_one() == 0
        downgrade(directory=VERSIONS, revision="0014")
        with db.engine.begin() as conn:
            assert (
                conn.execute(text("SELECT text FROM visit_steps")).scalar_one()
                == "Du säger ditt namn i receptionen."
            )
        db.engine.dispose()
