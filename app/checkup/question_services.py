"""The questions before the health check (issue 20, section 3): one questionnaire per round of
the check (`HealthCheck`), answered while the round is open, one question a page, each answer
saved at once. A save made from a page shown before a newer save (another tab, the back button,
a replayed post) is refused: `revision` grows with each save. Sent, it stays readable and can be
changed and sent again until the check is done. Staff see it beside the answers of the round
before, with what changed. Every read and write is in the access log."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..core import audit
from ..core.access import PUBLIC_ID
from ..core.grants import ActingAs, Grant
from ..core.rules import RuleError
from ..extensions import db
from ..models import AccessAction, HealthCheck, Patient, utcnow
from ..models.health_questions import HealthQuestionnaire, QuestionnaireStatus
from ..personnummer import is_woman
from . import questions as catalogue

LOGGED = "health_questionnaire"


class StaleForm(RuleError):
    """The page was shown before a newer save: nothing is saved."""


# --- finding ------------------------------------------------------------------------------------


def open_round(patient: Patient) -> HealthCheck | None:
    """The patient's round under way (invited, neither done nor missed), the newest one."""
    return db.session.scalars(
        select(HealthCheck)
        .where(HealthCheck.patient_id == patient.id, HealthCheck.outcome.is_(None))
        .order_by(HealthCheck.id.desc())
        .limit(1)
    ).first()


def find_round(patient: Patient, public_id: str) -> HealthCheck | None:
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    return db.session.scalar(
        select(HealthCheck).where(HealthCheck.patient_id == patient.id, HealthCheck.public_id == public_id)
    )


def of_round(check: HealthCheck, for_update: bool = False) -> HealthQuestionnaire | None:
    query = select(HealthQuestionnaire).where(HealthQuestionnaire.health_check_id == check.id)
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def current(
    patient: Patient, for_update: bool = False
) -> tuple[HealthCheck | None, HealthQuestionnaire | None]:
    """The open round and its questionnaire (either may be None)."""
    check = open_round(patient)
    return check, (of_round(check, for_update) if check is not None else None)


def previous_sent(check: HealthCheck) -> tuple[HealthCheck | None, HealthQuestionnaire | None]:
    """The round before `check` whose questionnaire was sent, and that questionnaire."""
    row = db.session.execute(
        select(HealthCheck, HealthQuestionnaire)
        .join(HealthQuestionnaire, HealthQuestionnaire.health_check_id == HealthCheck.id)
        .where(
            HealthCheck.patient_id == check.patient_id,
            HealthCheck.id < check.id,
            HealthQuestionnaire.sent_at.is_not(None),
        )
        .order_by(HealthCheck.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else (None, None)


def newest_answered_round(patient: Patient) -> HealthCheck | None:
    """The newest round whose questions were begun (staff's way in from the patient card)."""
    return db.session.scalars(
        select(HealthCheck)
        .join(HealthQuestionnaire, HealthQuestionnaire.health_check_id == HealthCheck.id)
        .where(HealthCheck.patient_id == patient.id)
        .order_by(HealthCheck.id.desc())
        .limit(1)
    ).first()


def woman(patient: Patient) -> bool:
    return is_woman(patient.personnummer)


def questions_for(questionnaire: HealthQuestionnaire | None, patient: Patient) -> list[catalogue.Question]:
    return catalogue.applicable((questionnaire.answers if questionnaire else None) or {}, woman(patient))


def waiting(patient: Patient) -> tuple[HealthCheck | None, HealthQuestionnaire | None]:
    """For Hem: the open round and its questionnaire when it is not sent yet (else Nones)."""
    check, questionnaire = current(patient)
    if check is None or (questionnaire is not None and questionnaire.sent):
        return None, None
    return check, questionnaire


# --- writing ------------------------------------------------------------------------------------


def _who_default(grant: Grant) -> str:
    return "patient" if grant.acting_as is ActingAs.PATIENT else "helper"


def start(grant: Grant, check: HealthCheck, who: str) -> HealthQuestionnaire:
    """Begin (or go on with) the questionnaire of the open round, saying who answers."""
    allowed = {c.value for c in (catalogue.WHO if grant.is_self else catalogue.WHO_FOR_HELPER)}
    if who not in allowed:
        raise RuleError(_("Välj vem som svarar."), "who")
    # The round's row is locked first, so two first starts at once make one questionnaire.
    db.session.execute(select(HealthCheck.id).where(HealthCheck.id == check.id).with_for_update())
    questionnaire = of_round(check, for_update=True)
    if questionnaire is None:
        questionnaire = HealthQuestionnaire(
            health_check_id=check.id,
            patient_id=grant.patient.id,
            answers={},
            step=catalogue.applicable({}, woman(grant.patient))[0].key,
            who=who,
            revision=1,
            times_sent=0,
            **grant.who_acted(),
        )
        db.session.add(questionnaire)
        db.session.flush()
        audit.record(grant, AccessAction.CREATE, LOGGED, questionnaire.public_id)
        return questionnaire
    if questionnaire.who != who:
        questionnaire.who = who
        _touch(grant, questionnaire)
        audit.record(grant, AccessAction.UPDATE, LOGGED, questionnaire.public_id)
    return questionnaire


def _touch(grant: Grant, questionnaire: HealthQuestionnaire) -> None:
    questionnaire.revision += 1
    questionnaire.updated_at = utcnow()
    for column, value in grant.who_acted().items():
        setattr(questionnaire, column, value)


def _check_fresh(questionnaire: HealthQuestionnaire, revision: int | None) -> None:
    if revision != questionnaire.revision:
        raise StaleForm(
            _(
                "Svaren har ändrats sedan sidan öppnades. Kanske på en annan skärm. "
                "Ditt svar är inte sparat. Titta på det och tryck igen."
            )
        )


def save_answer(
    grant: Grant, questionnaire: HealthQuestionnaire, key: str, answer: dict, go_to: str, revision: int | None
) -> None:
    """Keep one question's answer and the question to come back to, at once on the server."""
    if questionnaire.sent:
        raise RuleError(_("Svaren är redan skickade. Tryck på Ändra om du vill ändra något."))
    _check_fresh(questionnaire, revision)
    answers = dict(questionnaire.answers or {})
    answers[key] = answer
    questionnaire.answers = answers
    questionnaire.step = go_to
    _touch(grant, questionnaire)
    audit.record(grant, AccessAction.UPDATE, LOGGED, questionnaire.public_id)


def send(grant: Grant, questionnaire: HealthQuestionnaire, revision: int | None) -> None:
    if questionnaire.sent:
        raise RuleError(_("Svaren är redan skickade."))
    _check_fresh(questionnaire, revision)
    answers = questionnaire.answers or {}
    if all(catalogue.is_empty(answers.get(q.key)) for q in questions_for(questionnaire, grant.patient)):
        raise RuleError(_("Du har inte svarat på något än. Svara på någon fråga först."))
    questionnaire.status = QuestionnaireStatus.SENT.value
    questionnaire.sent_at = utcnow()
    questionnaire.sent_by_id = grant.user.id
    questionnaire.times_sent += 1
    questionnaire.step = catalogue.REVIEW
    _touch(grant, questionnaire)
    audit.record(grant, AccessAction.UPDATE, "health_questionnaire.send", questionnaire.public_id)


def reopen(
    grant: Grant, check: HealthCheck, questionnaire: HealthQuestionnaire, revision: int | None
) -> None:
    """ "Ändra" after sending: a draft again until it is sent again; only while the round is open."""
    if not check.open:
        raise RuleError(_("Hälsokontrollen är klar. Svaren kan inte ändras nu."))
    if not questionnaire.sent:  # open to change already: nothing to do but look at it
        audit.record(grant, AccessAction.READ, LOGGED, questionnaire.public_id)
        return
    _check_fresh(questionnaire, revision)
    questionnaire.status = QuestionnaireStatus.DRAFT.value
    questionnaire.step = catalogue.REVIEW
    _touch(grant, questionnaire)
    audit.record(grant, AccessAction.UPDATE, "health_questionnaire.reopen", questionnaire.public_id)


# --- showing ------------------------------------------------------------------------------------


@dataclass
class AnswerRow:
    """One question with its answer, as the `answers` macro (components/visits.html) shows it."""

    step_key: str
    question: str
    pictogram: str
    items: list[tuple[str, str]]  # (text, pictogram)
    text: str


def _items(question: catalogue.Question, answer: dict | None) -> list[tuple[str, str]]:
    from .. import bodymap
    from ..bodymap import BODY_PARTS

    parts = {p.value: p for p in BODY_PARTS}
    items = []
    for value in catalogue.chosen(answer):
        if value in parts:
            items.append((str(parts[value].text), bodymap.pictogram_id(parts[value])))
            continue
        choice = next((c for c in question.choices if c.value == value), None)
        if choice is not None:
            items.append((str(choice.text), choice.pictogram))
    return items


def _asked(question: catalogue.Question, representative: bool, name: str) -> str:
    return str(question.question_for if representative else question.question) % {"name": name}


def answer_rows(answers: dict, patient: Patient, representative: bool) -> list[AnswerRow]:
    """Every question that applies, with its answer, in order (for Kontrollera and the sent page)."""
    name = patient.display_name
    return [
        AnswerRow(
            q.key,
            _asked(q, representative, name),
            q.pictogram,
            _items(q, answers.get(q.key)),
            (answers.get(q.key) or {}).get("text", ""),
        )
        for q in catalogue.applicable(answers, woman(patient))
    ]


def who_words(questionnaire: HealthQuestionnaire) -> str:
    words = catalogue.WHO_WORDS.get(questionnaire.who or "")
    if words is None:
        return ""
    helper = questionnaire.answered_by.name if questionnaire.answered_by is not None else ""
    if questionnaire.who != "patient" and questionnaire.acting_as == ActingAs.PATIENT.value:
        helper = _("någon som hjälper")
    return str(words) % {"patient": questionnaire.patient.display_name, "helper": helper}


# The comparison with the round before, for staff: each state in words (and a mark beside them).
SAME, CHANGED, NEW, GONE, FIRST = "same", "changed", "new", "gone", "first"


@dataclass
class CompareRow:
    key: str
    question: str
    pictogram: str
    now: list[tuple[str, str]]
    now_text: str
    before: list[tuple[str, str]]
    before_text: str
    state: str


def comparison(
    questionnaire: HealthQuestionnaire | None, previous: HealthQuestionnaire | None, patient: Patient
) -> list[CompareRow]:
    """Each question answered now or before (or asked now), the two answers side by side and
    whether the answer changed: the same cards, other cards, an answer only now, only before, or
    no round before to compare with. "Jag vet inte" and "Vill inte svara" are shown, and count
    as answers like the others."""
    now = (questionnaire.answers if questionnaire else None) or {}
    before = (previous.answers if previous else None) or {}
    # An answer to a question that no longer applies (where it hurt, after "Inte ont" came
    # later) is not an answer.
    asked = {q.key for q in catalogue.applicable(now, woman(patient))}
    asked_before = {q.key for q in catalogue.applicable(before, woman(patient))}
    rows = []
    for q in catalogue.QUESTIONS:
        a = now.get(q.key) if q.key in asked else None
        b = before.get(q.key) if q.key in asked_before else None
        if q.key not in asked and catalogue.is_empty(a) and catalogue.is_empty(b):
            continue
        if previous is None:
            state = FIRST
        elif catalogue.is_empty(b):
            state = SAME if catalogue.is_empty(a) else NEW
        elif catalogue.is_empty(a):
            state = GONE
        elif q.kind == "text":
            state = (
                SAME if (a or {}).get("text", "").strip() == (b or {}).get("text", "").strip() else CHANGED
            )
        else:
            state = SAME if set(catalogue.chosen(a)) == set(catalogue.chosen(b)) else CHANGED
        rows.append(
            CompareRow(
                q.key,
                str(q.question_for) % {"name": patient.display_name},
                q.pictogram,
                _items(q, a),
                (a or {}).get("text", ""),
                _items(q, b),
                (b or {}).get("text", ""),
                state,
            )
        )
    return rows
