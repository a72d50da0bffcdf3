"""The demo's health checks: every status on Kumla's list, Erik reminded by `flask checkup
remind`, Maja's invitation with her booked time, Ali's "Ring mig" to call about."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.checkup import due_services as due
from app.checkup.due_services import DueStatus
from app.demo import DEMO_PASSWORD, load_demo
from app.extensions import db
from app.models import Clinic, HealthCheck, MailNotice, Patient, User


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo()
        db.session.commit()


def test_the_demo_has_every_status(app, demo):
    with app.app_context():
        kumla = db.session.scalar(select(Clinic).where(Clinic.name == "Kumla vårdcentral"))
        rows = {row.patient.name: row.status for row in due.due_rows(kumla)}
        assert rows["Erik Johansson"] is DueStatus.INVITED
        assert rows["Maja Andersson"] is DueStatus.BOOKED
        assert rows["Ali Hassan"] is DueStatus.INVITED
        assert rows["Lina Karlsson"] is DueStatus.NEVER
        assert set(rows.values()) == set(DueStatus)
        assert "Nils Berg" not in rows  # Lindesberg's
        calls = {check.patient.name for check in due.to_call(kumla.id)}
        assert calls == {"Ali Hassan", "Tove Nilsson"}
        # Att göra: to invite (Lina, Hugo, Sara, and Tove, who did not come) and to call (Ali, Tove).
        assert due.to_invite_count(kumla) == 4
        assert due.work_count(kumla.id) == 6


def test_the_reminder_finds_erik(app, demo):
    result = app.test_cli_runner().invoke(args=["checkup", "remind"])
    assert result.exit_code == 0 and "1 reminded" in result.output, result.output
    with app.app_context():
        erik = db.session.scalar(select(Patient).where(Patient.name == "Erik Johansson"))
        reminded = db.session.scalars(select(HealthCheck).where(HealthCheck.reminded_at.is_not(None))).all()
        assert [check.patient_id for check in reminded] == [erik.id]
        # Erik has no account: his god man and the group home get the reminder.
        to = {
            n.to
            for n in db.session.scalars(
                select(MailNotice).where(MailNotice.reason == "health_check_reminder")
            )
        }
        assert "birgitta.svensson@exempel.se" in to


def test_maja_sees_her_invitation(app, client, demo, sign_in):
    with app.app_context():
        maja = db.session.scalars(select(User).where(User.email == "maja.andersson@exempel.se")).one()
        db.session.expunge(maja)
    sign_in(client, maja, DEMO_PASSWORD)
    mine = client.get("/min-sida/").location
    home = client.get(mine).get_data(as_text=True)
    assert "Din hälsokontroll" in home
    page = client.get(mine + "halsokontroll/").get_data(as_text=True)
    assert "Din tid" in page and "Se besöket" in page and "Så här går det till" in page
