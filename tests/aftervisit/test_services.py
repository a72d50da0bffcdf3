"""The summary's life, at the service level: a draft, sent as version 1, corrected as version 2
with why, its next steps kept as rows (done marks survive a correction, a removed step goes),
and the read marks per person on the patient's side."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_login import login_user
from sqlalchemy import select

from app.aftervisit import content as shape
from app.aftervisit import services
from app.core.access import decide
from app.core.clock import today
from app.core.grants import Capability
from app.core.rules import RuleError
from app.extensions import db
from app.models import AfterVisitStep, MailNotice, Patient, User, Visit


def _grant(user_id: int, patient_id: int, capability=Capability.MANAGE):
    user = db.session.get(User, user_id)
    login_user(user)
    return decide(user, db.session.get(Patient, patient_id), capability)


def _document(day) -> dict:
    return {
        "did": ["talk", "blood_test", "nonsense"],
        "found": {"sv": "Blodtrycket är bra.", "xx": "dropped"},
        "steps": [
            {
                "key": "s1",
                "kind": "blood_test",
                "who": "clinic",
                "on": day.isoformat(),
                "text": {"sv": "Fastande"},
            },
            {
                "key": "s2",
                "kind": "exercise",
                "who": "patient",
                "on": "",
                "text": {"sv": "Gå en promenad varje dag."},
            },
        ],
        "medicines": [
            {
                "key": "m1",
                "change": "new",
                "name": "Alvedon",
                "for": {"sv": "Mot ont"},
                "times": ["evening", "morning", "x"],
            }
        ],
        "calls": {"112": {"sv": "Om du får svårt att andas."}},
    }


def test_draft_send_correct_and_the_steps_follow(app, world, past):
    with app.test_request_context():
        staff = _grant(world.staff.id, world.patient.id)
        visit = db.session.get(Visit, past.visit.id)
        summary = services.start(staff, visit)
        assert not summary.sent and shape.is_empty(summary.content)
        with pytest.raises(RuleError):
            services.send(staff, summary)  # nothing written
        day = today() + timedelta(days=10)
        assert services.save(staff, summary, _document(day))
        cleaned = summary.content
        assert cleaned["did"] == ["talk", "blood_test"] and cleaned["found"] == {"sv": "Blodtrycket är bra."}
        assert cleaned["medicines"][0]["times"] == ["morning", "evening"]
        services.send(staff, summary)
        db.session.commit()
        assert summary.version == 1
        assert db.session.scalar(select(MailNotice).where(MailNotice.reason == "after_visit")) is not None
        steps = services.open_steps(db.session.get(Patient, world.patient.id))
        assert [s.key for s in steps] == ["s1", "s2"] and steps[0].due_on == day

        # The patient ticks their own step; the clinic's step is not theirs to tick.
        patient = _grant(world.patient_user.id, world.patient.id, Capability.SEE)
        own = next(s for s in steps if s.key == "s2")
        clinics = next(s for s in steps if s.key == "s1")
        assert services.set_step_done(patient, own, True)
        with pytest.raises(RuleError):
            services.set_step_done(patient, clinics, True)
        services.mark_opened(patient, summary)
        assert services.unread_for(patient.user, patient.patient) == []
        db.session.commit()

        # A correction needs a why; a past day for a new step is refused; sending the same twice too.
        staff = _grant(world.staff.id, world.patient.id)
        with pytest.raises(RuleError):
            services.send(staff, summary)  # unchanged
        corrected = _document(day + timedelta(days=1))
        corrected["steps"] = corrected["steps"][1:] + [
            {"key": "s3", "kind": "visit", "who": "clinic", "on": (today() - timedelta(days=1)).isoformat()}
        ]
        with pytest.raises(RuleError):
            services.save(staff, summary, corrected)
        corrected["steps"][1]["on"] = (today() + timedelta(days=3)).isoformat()
        assert services.save(staff, summary, corrected)
        assert services.changed_since_sent(summary)
        with pytest.raises(RuleError):
            services.send(staff, summary)  # no why
        services.send(staff, summary, {"sv": "Blodprovet behövs inte."})
        db.session.commit()
        assert summary.version == 2 and sorted(v.number for v in summary.versions) == [1, 2]
        assert services.latest(summary).why == {"sv": "Blodprovet behövs inte."}
        rows = {r.key: r for r in db.session.scalars(select(AfterVisitStep))}
        assert rows["s1"].removed_at is not None and rows["s2"].done and rows["s3"].due_on is not None
        # The correction is new to the patient again.
        patient = _grant(world.patient_user.id, world.patient.id, Capability.SEE)
        assert [s.id for s in services.unread_for(patient.user, patient.patient)] == [summary.id]
        marks = services.read_marks(summary)
        # The patient, the god man, and the manager of the patient's group home (its mandate).
        assert {m.reader.user.id for m in marks} == {
            world.patient_user.id,
            world.god_man.id,
            world.home_manager.id,
        }
        assert not any(m.read_latest for m in marks)


def test_texts_and_with_text_write_other_languages_by_path():
    document = shape.clean(_document(today()))
    paths = [t.path for t in shape.texts(document)]
    assert paths == ["found", "steps.s1.text", "steps.s2.text", "medicines.m1.for", "calls.112"]
    changed = shape.with_text(document, "steps.s2.text", "ar", "امشِ كل يوم.")
    assert changed["steps"][1]["text"]["ar"] == "امشِ كل يوم."
    assert shape.with_text(document, "steps.zz.text", "ar", "x") == document
    assert shape.with_text(document, "found", "de", "x") == document
    assert shape.clean({"steps": "bad", "did": None, "calls": []}) == shape.empty()


def test_the_demo_summaries_are_in_the_shape_pages_expect(app):
    """The demo writes its summaries as stored documents: each must be what `clean` keeps."""
    from app.demo import load_demo
    from app.models import AfterVisit, AfterVisitStep

    with app.app_context():
        load_demo()
        summaries = db.session.scalars(select(AfterVisit)).all()
        assert len(summaries) == 2
        for summary in summaries:
            assert shape.clean(summary.content) == summary.content
            assert [v.content for v in summary.versions] == [summary.content]
        steps = db.session.scalars(select(AfterVisitStep)).all()
        assert sorted(s.key for s in steps) == ["besok", "blodprov", "droppar", "promenad", "tandlakare"]
