"""Ansök om SMO: what a sent application holds, sending it, and the vårdlots team's decision.

Sending stores the application for its clinic, and only then: the answers before it are a draft
outside the database (`drafts`). The decision is written to the access log: yes for the patient
it makes (or finds), no for the clinic (there is no patient). Applications not accepted are
deleted `APPLICATION_RETENTION_DAYS` after the decision (`purge`); undecided ones are kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from .. import notices
from ..core import audit
from ..core.access import decide
from ..core.clock import CLINIC_ZONE
from ..core.grants import Capability
from ..core.urls import external_url
from ..extensions import db
from ..models import (
    AccessAction,
    Application,
    ApplicationStatus,
    Clinic,
    GroupHome,
    MandateKind,
    Patient,
    Scope,
    User,
    utcnow,
)
from ..needs import catalogue as needs_catalogue
from ..needs import services as needs_services
from ..personnummer import formatted, mask
from ..staff import services as staff_services
from ..staff.services import StaffRuleError
from . import catalogue as c
from . import drafts

# How the one who applied is invited, by who they are.
APPLICANT_MANDATE = {
    "god_man": (MandateKind.GOD_MAN, ""),
    "anhorig": (MandateKind.RELATIVE_CONSENT, ""),
    "boende": (MandateKind.GROUP_HOME_STAFF, ""),
    "habilitering": (MandateKind.OTHER, "Habiliteringen"),
    "vardcentral": (MandateKind.OTHER, "Annan vårdcentral"),
}
APPLICANT_SCOPES = {Scope.SEE, Scope.PREPARE_VISITS, Scope.WRITE_TO_VARDLOTS}


# --- the form's choices -----------------------------------------------------------------------


def clinics() -> list[Clinic]:
    return list(db.session.scalars(select(Clinic).order_by(Clinic.name, Clinic.id)))


def clinic_count() -> int:
    return int(db.session.scalar(select(func.count(Clinic.id))) or 0)


def homes() -> list[GroupHome]:
    return list(db.session.scalars(select(GroupHome).order_by(GroupHome.name, GroupHome.id)))


def home_by_public_id(public_id: str) -> GroupHome | None:
    if not public_id:
        return None
    return db.session.scalar(select(GroupHome).where(GroupHome.public_id == public_id))


def clinic_by_public_id(public_id: str) -> Clinic | None:
    if not public_id:
        return None
    return db.session.scalar(select(Clinic).where(Clinic.public_id == public_id))


def target_clinic(answers: dict) -> Clinic | None:
    """The clinic the application goes to: the group home's, the one chosen, or the only one."""
    home = home_by_public_id(answers.get("bostad", {}).get("home", ""))
    if home is not None:
        return home.clinic
    chosen = clinic_by_public_id(answers.get("vardcentral", {}).get("clinic", ""))
    if chosen is not None:
        return chosen
    every = clinics()
    return every[0] if len(every) == 1 else None


# --- the summary ------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    question: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (text, pictogram): fixed texts
    typed: list[str] = field(default_factory=list)  # what the applicant wrote


def _chosen(choices, values) -> list[tuple[str, str]]:
    by_value = {choice.value: choice for choice in choices}
    return [(str(by_value[v].text), by_value[v].pictogram) for v in values if v in by_value]


def summary(answers: dict) -> list[Row]:
    """Every step asked, with its answer: for Kontrollera, the print and the staff."""
    rows = []
    for step in c.applicable(answers, clinic_count()):
        answer = answers.get(step.key, {})
        row = Row(step.key, c.question(step, answers))
        if step.key == "vem":
            row.items = _chosen(c.WHO, [answer.get("who", "")])
        elif step.key == "namn":
            row.typed = [answer.get("name", "")]
        elif step.key == "personnummer":
            row.typed = [formatted(answer["personnummer"])] if answer.get("personnummer") else []
        elif step.key == "bostad":
            home = home_by_public_id(answer.get("home", ""))
            row.typed = [home.name] if home is not None else []
            row.typed += [answer.get("address", "")]
        elif step.key == "vardcentral":
            clinic = clinic_by_public_id(answer.get("clinic", ""))
            row.typed = [clinic.name] if clinic is not None else []
        elif step.key == "kontakt":
            row.typed = [answer.get(k, "") for k in ("applicant", "organisation", "phone", "email", "post")]
        elif step.key == "varfor":
            row.items = _chosen(c.REASONS, answer.get("reasons", []))
            row.typed = [answer.get("text", "")]
        elif step.key == "stod":
            row.items = [
                (str(c.need_text(code, answers)), needs_catalogue.NEEDS_BY_CODE[code].pictogram)
                for code in answer.get("needs", [])
                if code in needs_catalogue.NEEDS_BY_CODE
            ]
        elif step.key == "samtycke":
            row.items = _chosen(c.CONSENT, answer.get("consent", [])) + _chosen(
                c.GROUNDS, [answer.get("grounds", "")]
            )
            row.typed = [answer.get("text", "")]
        row.typed = [text for text in row.typed if text]
        rows.append(row)
    return rows


# --- sending ----------------------------------------------------------------------------------


def too_big(answers: dict) -> bool:
    return len(json.dumps(answers, ensure_ascii=False).encode()) > c.ANSWERS_MAX_BYTES


def missing_step(answers: dict) -> str | None:
    """The first step without an answer (every step needs one; the needs may be none chosen)."""
    for step in c.applicable(answers, clinic_count()):
        if step.key not in answers:
            return step.key
    if target_clinic(answers) is None:  # the home or the clinic chosen is gone
        return "bostad"
    return None


def send(answers: dict) -> Application:
    """Store the application for its clinic and tell the clinic's vårdlots address (a notice with
    no personal data: only that there is a new one, and where)."""
    clinic = target_clinic(answers)
    if clinic is None:
        raise LookupError("no clinic")
    # The language it was filled in: the staff see it (to phone with an interpreter, or to answer
    # in that language).
    answers = {**answers, LANGUAGE: str(get_locale() or "sv")}
    application = Application(
        clinic_id=clinic.id,
        answers=answers,
        name=answers["namn"]["name"],
        personnummer=answers["personnummer"]["personnummer"],
    )
    db.session.add(application)
    with force_locale("sv"):
        body = _(
            "Hej!\n\nDet har kommit en ny ansökan till SMO i Lotsen.\n"
            "Logga in och titta under Ansökningar:\n%(link)s\n\nLotsen",
            link=external_url("apply_staff.applications"),
        )
        notices.queue(clinic.vardlots_email, _("Ny ansökan till SMO"), body, "application", clinic.id)
    sent_at = utcnow()
    email = answers.get("kontakt", {}).get("email", "")
    if email:
        # The receipt, in the applicant's language: no personnummer, nothing they did not know.
        notices.queue(
            email,
            _("Vi har fått din ansökan till SMO"),
            receipt_text(answers, clinic, sent_at),
            "application",
            clinic.id,
        )
    db.session.commit()
    drafts.save({**answers, drafts.SENT: {"at": sent_at.isoformat(), "clinic": clinic.public_id}})
    return application


LANGUAGE = "_language"  # in the answers kept: the language the form was filled in

# Each language's name in Swedish, for the staff (the names the language menu shows are each in
# its own language).
LANGUAGE_NAMES = {"en": _l("engelska"), "ar": _l("arabiska")}


def locale_of(application: Application) -> str:
    """The code of the language the application was filled in ("sv", "en", "ar"): the answer,
    yes or no, is written in it."""
    code = str(application.answers.get(LANGUAGE, "sv"))
    return code if code in LANGUAGE_NAMES else "sv"


def language_of(application: Application) -> str:
    """The language the application was filled in, named for the staff; "" for Swedish."""
    code = str(application.answers.get(LANGUAGE, "sv"))
    return str(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else ""


def receipt_text(answers: dict, clinic: Clinic, sent_at) -> str:
    about = (
        _("Du har sökt till SMO för dig själv.")
        if c.applies_for_self(answers)
        else _("Du har sökt till SMO för %(person)s.", person=answers.get("namn", {}).get("name", ""))
    )
    return _(
        "Hej!\n\nTack för din ansökan. %(clinic)s har fått den %(day)s.\n%(about)s\n\n"
        "%(next)s\n\nFrågor? Ring %(clinic)s på %(phone)s.\n\nHälsningar\n%(clinic)s",
        clinic=clinic.name,
        day=format_date(sent_at.astimezone(CLINIC_ZONE).date(), "long"),
        about=about,
        next=what_next(),
        phone=clinic.phone,
    )


def what_next() -> str:
    return _("Vårdlotsen läser ansökan. Sen ringer vi eller skickar e-post. Det tar oftast några veckor.")


def sent_receipt(answers: dict):
    """The receipt kept after Skicka, or None: (when, the clinic, the summary, personnummer
    masked)."""
    sent = answers.get(drafts.SENT)
    if not isinstance(sent, dict):
        return None
    clinic = clinic_by_public_id(str(sent.get("clinic", "")))
    try:
        at = datetime.fromisoformat(str(sent.get("at", "")))
    except ValueError:
        return None
    if clinic is None or at.tzinfo is None:
        return None
    rows = summary(answers)
    pnr = answers.get("personnummer", {}).get("personnummer", "")
    for row in rows:
        if row.key == "personnummer" and pnr:
            row.typed = [mask(pnr)]
    return Receipt(format_date(at.astimezone(CLINIC_ZONE).date(), "long"), clinic, rows)


@dataclass
class Receipt:
    day: str
    clinic: Clinic
    rows: list


# --- the vårdlots team's side ------------------------------------------------------------------


def new_count(clinic_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count(Application.id)).where(
                Application.clinic_id == clinic_id, Application.status == ApplicationStatus.NEW
            )
        )
        or 0
    )


def log_list_read(user: User, clinic_id: int) -> None:
    """The list was shown: one read for the clinic (the applications are nobody's patient data
    yet), committed here, after the page is rendered."""
    audit.record_clinic(user, staff_services.clinic(clinic_id), AccessAction.READ, "apply_staff.applications")
    db.session.commit()


def clinic_applications(clinic_id: int) -> list[Application]:
    """Undecided first (oldest first: they have waited longest), then the decided, newest first."""
    rows = db.session.scalars(select(Application).where(Application.clinic_id == clinic_id)).all()
    new = sorted((a for a in rows if a.status is ApplicationStatus.NEW), key=lambda a: a.created_at)
    done = sorted(
        (a for a in rows if a.status is not ApplicationStatus.NEW),
        key=lambda a: a.decided_at or a.created_at,
        reverse=True,
    )
    return new + done


def patient_with_personnummer(application: Application) -> Patient | None:
    """A patient of the clinic with the personnummer applied for, if there is one."""
    return db.session.scalar(
        select(Patient).where(
            Patient.clinic_id == application.clinic_id, Patient.personnummer == application.personnummer
        )
    )


def applicant_email(application: Application) -> str:
    return application.answers.get("kontakt", {}).get("email", "")


def person_email(application: Application) -> str:
    """The person's own e-mail: given when they applied themself."""
    return applicant_email(application) if c.applies_for_self(application.answers) else ""


def _decided(application: Application, user: User) -> None:
    application.decided_at = utcnow()
    application.decided_by = user.staff_member


def accept(
    user: User, application: Application, *, vardlots_id: str, person_email: str, invite_applicant: bool
) -> tuple[Patient, list[str]]:
    """Yes: make the patient with the needs picked (or take the patient the personnummer already
    is), then invite the person and the one who applied. The patient, the needs and the decision
    are one commit; each invitation is its own (as on the patient's page), and one that is
    refused is returned in words, so the staff can invite from the patient's page instead."""
    if application.status is not ApplicationStatus.NEW:
        raise StaffRuleError(_("Ansökan är redan besvarad."))
    answers = application.answers
    patient = patient_with_personnummer(application)
    found = patient is not None
    application.status = ApplicationStatus.ACCEPTED
    _decided(application, user)
    if patient is None:
        # create_patient commits: the decision above goes with the new patient.
        patient = staff_services.create_patient(
            user,
            application.clinic_id,
            name=application.name,
            preferred_name="",
            personnummer=application.personnummer,
            vardlots_id=vardlots_id,
        )
        home = home_by_public_id(answers.get("bostad", {}).get("home", ""))
        if home is not None and home.clinic_id == patient.clinic_id:
            patient.group_home_id = home.id
    application.patient_id = patient.id
    grant = decide(user, patient, Capability.MANAGE)
    known = needs_catalogue.NEEDS_BY_CODE
    codes = [code for code in answers.get("stod", {}).get("needs", []) if code in known]
    if codes and not found:
        needs_services.save(grant, base=0, need_codes=codes, needs=dict.fromkeys(codes, ""))
    audit.record(grant, AccessAction.CREATE, "application.accept", application.public_id)
    db.session.commit()
    problems = []
    email = applicant_email(application)
    language = locale_of(application)
    with force_locale(language):
        letter = yes_letter(application)
    told = False  # the one who applied has been told yes
    if person_email:
        # The yes goes only to the address the application gave: one the staff typed gets the
        # plain invitation, which says nothing about an application.
        ours = person_email.strip().lower() == email
        try:
            staff_services.invite_patient(
                grant, person_email, letter=letter if ours else None, language=language if ours else None
            )
            told = told or ours
        except StaffRuleError as problem:
            db.session.rollback()
            problems.append(problem.message)
    who = answers.get("vem", {}).get("who", c.SELF)
    if invite_applicant and who in APPLICANT_MANDATE and email:
        kind, kind_other = APPLICANT_MANDATE[who]
        try:
            staff_services.invite_representative(
                grant,
                name=answers.get("kontakt", {}).get("applicant", "") or email,
                email=email,
                kind=kind,
                kind_other=kind_other,
                scopes=APPLICANT_SCOPES,
                valid_until=None,
                letter=letter,
                language=language,
            )
            told = True
        except StaffRuleError as problem:
            db.session.rollback()
            problems.append(problem.message)
    if email and not told:
        # Not invited (or the invitation was refused): the yes all the same, without a link.
        subject, opening = letter
        with force_locale(language):
            ending = yes_ending(application)
        notices.queue(email, subject, opening + ending, "application", application.clinic_id)
        db.session.commit()
    return patient, problems


def _applicant_name(application: Application) -> str:
    answers = application.answers
    if c.applies_for_self(answers):
        return application.name
    return answers.get("kontakt", {}).get("applicant", "") or ""


def yes_letter(application: Application) -> tuple[str, str]:
    """The answer yes in easy words, for the one who applied: whom it is about and what happens
    next (the invitation's link, or `yes_ending`, follows it)."""
    clinic = application.clinic
    name = _applicant_name(application)
    greeting = _("Hej %(name)s!", name=name) if name else _("Hej!")
    if c.applies_for_self(application.answers):
        about = _(
            "Du har sökt till SMO på %(clinic)s.\nSvaret är ja.\nDu är patient hos oss nu.",
            clinic=clinic.name,
        )
    else:
        about = _(
            "Du har sökt till SMO på %(clinic)s för %(person)s.\nSvaret är ja.\n"
            "%(person)s är patient hos oss nu.",
            clinic=clinic.name,
            person=application.name,
        )
    then = _("Vårdlotsen hör av sig snart. Då bokar vi det första besöket.")
    return _("Svar på ansökan till SMO: ja"), f"{greeting}\n\n{about}\n\n{then}"


def yes_ending(application: Application) -> str:
    clinic = application.clinic
    return _(
        "\n\nFrågor? Ring %(clinic)s på %(phone)s.\n\nHälsningar\n%(clinic)s",
        clinic=clinic.name,
        phone=clinic.phone,
    )


def decline(user: User, application: Application, *, reason: str, answer: str) -> None:
    """No: keep why and the answer, log it for the clinic, and e-mail the answer to the one who
    applied when they gave an address (otherwise the staff print it or read it on the phone)."""
    if application.status is not ApplicationStatus.NEW:
        raise StaffRuleError(_("Ansökan är redan besvarad."))
    application.status = ApplicationStatus.DECLINED
    application.reason = reason
    application.answer = answer
    _decided(application, user)
    audit.record_clinic(
        user, application.clinic, AccessAction.UPDATE, "application.decline", application.public_id
    )
    email = applicant_email(application)
    if email:
        with force_locale(locale_of(application)):
            subject = _("Svar på ansökan till SMO")
        notices.queue(email, subject, answer, "application", application.clinic_id)
    db.session.commit()


@dataclass
class Recipient:
    """Whom the printed answer is posted to, as the application gave it."""

    name: str
    lines: list[str]  # the address, one line each (none when the application has none)


def recipient(application: Application) -> Recipient:
    """The one who applied, at the address they gave; the person themself at their home or
    address when they applied themself, or when the one who applied gave no address (the letter
    is then about them, to them)."""
    answers = application.answers
    contact = answers.get("kontakt", {})
    if not c.applies_for_self(answers) and contact.get("post"):
        lines = [contact.get("organisation", ""), *contact["post"].splitlines()]
        return Recipient(contact.get("applicant", ""), [line.strip() for line in lines if line.strip()])
    where = answers.get("bostad", {})
    home = home_by_public_id(where.get("home", ""))
    lines = [home.name, *home.address.splitlines()] if home is not None else []
    lines += where.get("address", "").splitlines()
    return Recipient(application.name, [line.strip() for line in lines if line.strip()])


def default_answer(application: Application) -> str:
    """The easy-read answer offered when the answer is no, in the language the application was
    filled in (the page says which); the staff may change it."""
    clinic = application.clinic
    with force_locale(locale_of(application)):
        return _(
            "Hej!\n\nTack för din ansökan till SMO på %(clinic)s.\n"
            "Vi har läst den noga.\nSvaret är nej.\n"
            "Vi tror att en vanlig vårdcentral passar bättre.\n\n"
            "Har du frågor? Ring oss på %(phone)s.\n\nHälsningar\n%(clinic)s",
            clinic=clinic.name,
            phone=clinic.phone,
        )


# --- retention --------------------------------------------------------------------------------


def retention_days() -> int:
    return int(current_app.config["APPLICATION_RETENTION_DAYS"])


def purge() -> int:
    """Delete applications not accepted, `retention_days` after the decision, and drafts nobody
    has touched for a day. Undecided applications stay. Returns how many applications went."""
    limit = utcnow() - timedelta(days=retention_days())
    result = db.session.execute(
        delete(Application).where(
            Application.status == ApplicationStatus.DECLINED,
            Application.decided_at.is_not(None),
            Application.decided_at < limit,
        )
    )
    db.session.commit()
    drafts.forget_stale()
    return int(getattr(result, "rowcount", 0) or 0)
