"""The demo of Något har ändrats: Jonas sees Lina's two notes (the fall urgent), Anna sees them in
the inbox (the fall first, urgent) and on Lina's notes page with the chart, and Maja's and Lina's
measurements draw a line."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.demo import DEMO_PASSWORD, load_demo
from app.extensions import db
from app.models import ChangeNote, Measurement, Patient, User


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo()
        db.session.commit()


def _get(app, model, **where):
    with app.app_context():
        row = db.session.scalars(select(model).filter_by(**where)).first()
        db.session.expunge(row)
        return row


def test_the_demo_notes_and_measurements(app, client, make_client, demo, sign_in, query):
    lina = _get(app, Patient, name="Lina Karlsson")
    maja = _get(app, Patient, name="Maja Andersson")
    lina_notes = query(lambda s: s.scalars(select(ChangeNote).where(ChangeNote.patient_id == lina.id)).all())
    assert sorted((n.area, n.urgent) for n in lina_notes) == [("fall", True), ("sleep", False)]
    assert all(n.conversation_id for n in lina_notes)
    for patient in (lina, maja):
        kinds = query(
            lambda s, p=patient: [
                m.kind.value for m in s.scalars(select(Measurement).filter_by(patient_id=p.id))
            ]
        )
        assert kinds.count("weight_kg") >= 3 and kinds.count("blood_pressure") >= 3

    sign_in(client, _get(app, User, email="jonas.lund@exempel.se"), DEMO_PASSWORD)
    html = client.get(f"/min-sida/{lina.public_id}/nagot-har-andrats/").get_data(as_text=True)
    assert "Har ramlat" in html and "Sömn" in html and "Jonas Lund" in html

    client = make_client()
    sign_in(client, _get(app, User, email="anna.lindqvist@exempel.se"), DEMO_PASSWORD)
    inbox = client.get("/personal/inkorg?bradskande=1").get_data(as_text=True)
    assert "Något har ändrats" in inbox and "Lina Karlsson" in inbox
    notes = client.get(f"/personal/patienter/{lina.public_id}/forandringar/").get_data(as_text=True)
    assert 'data-chart="andringar"' in notes and 'data-series="fall"' in notes
    measured = client.get(f"/personal/patienter/{maja.public_id}/matvarden").get_data(as_text=True)
    assert 'data-chart="vikt"' in measured and 'data-chart="blodtryck"' in measured
    assert "<polyline" in measured
