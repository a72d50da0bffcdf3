"""The staff area's rules: patients, invitations, mandates, the clinic's access log.

Every change of a patient's data is written to the access log in the same transaction as the
change itself (`audit.record` before `db.session.commit()`). Rules that a request may break raise
`StaffRuleError` before anything is changed, so a refused request changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CompoundSelect, func, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from ..auth.services import create_invitation
from ..core import audit, audit_words
from ..core.access import decide, may_spot_check
from ..core.clock import local_day_bounds
from ..core.clock import today as clinic_today
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..core.words import mandate_kind_word
from ..extensions import db
from ..models import (
    AccessAction,
    AccessEvent,
    Clinic,
    Invitation,
    Mandate,
    MandateKind,
    MandateStatus,
    Patient,
    Profession,
    Role,
    Scope,
    SpotCheck,
    StaffMember,
    User,
    utcnow,
)
from ..qr import qr_svg

LOG_PAGE_SIZE = 50
_HEX_ID = re.compile(r"[0-9a-f]{32}")
MAX_PAGE = 100_000
MAX_EVENT_ID = 2**31 - 1
ENDED = (MandateStatus.REVOKED, MandateStatus.EXPIRED)

# The access log in staff words: the actions here, what they were about in app.core.audit_words.
ACTION_WORDS = {
    AccessAction.READ: _l("Läste"),
    AccessAction.CREATE: _l("Skapade"),
    AccessAction.UPDATE: _l("Ändrade"),
    AccessAction.DELETE: _l("Tog bort"),
    AccessAction.PRINT: _l("Skrev ut"),
    AccessAction.EXPORT: _l("Exporterade"),
}
ACTING_AS_WORDS = {
    "patient": _l("Patient"),
    "representative": _l("Företrädare"),
    "staff": _l("Personal"),
}
ROLE_WORDS = {
    Role.PATIENT: _l("patient"),
    Role.REPRESENTATIVE: _l("företrädare"),
    Role.STAFF: _l("personal"),
    Role.ADMIN: _l("administratör"),
}
LOGIN_WORDS = {
    "none": _l("Inget eget konto"),
    "invited": _l("Inbjuden, har inte loggat in än"),
    "active": _l("Har eget konto"),
    "inactive": _l("Kontot är avstängt"),
}


class StaffRuleError(RuleError):
    """A request that breaks a rule of the staff area."""


@dataclass(frozen=True)
class NewInvitation:
    """A link just made. The raw link exists only now: only its hash is stored."""

    link: str
    email: str
    name: str
    days: int
    for_representative: bool

    @property
    def qr(self):
        return qr_svg(self.link, _("QR-kod med inbjudningslänken för %(name)s", name=self.name))


# --- the clinic ---------------------------------------------------------------------------------


def clinic(clinic_id: int) -> Clinic:
    found = db.session.get(Clinic, clinic_id)
    if found is None:  # the clinic of a signed-in staff member: always there
        raise LookupError(f"no clinic {clinic_id}")
    return found


def vardlots_choices(clinic_id: int, current: StaffMember | None = None) -> list[SelectChoice]:
    """The clinic's vårdlotsar as choices for a select, "none" first.

    The patient's current vårdlots stays a choice even if their account has since been closed,
    so that editing the patient's name does not force a new vårdlots.
    """
    rows = list(
        db.session.scalars(
            select(StaffMember)
            .join(User, StaffMember.user_id == User.id)
            .where(
                StaffMember.clinic_id == clinic_id,
                StaffMember.profession == Profession.VARDLOTS,
                User.active.is_(True),
            )
            .options(selectinload(StaffMember.user))
        ).all()
    )
    if current is not None and current not in rows:
        rows.append(current)
    choices = sorted((SelectChoice(s.public_id, s.name) for s in rows), key=lambda c: c.label.casefold())
    return [SelectChoice("", _("Ingen vårdlots vald")), *choices]


def _vardlots(clinic_id: int, public_id: str, current: StaffMember | None = None) -> StaffMember | None:
    """The chosen vårdlots: an active vårdlots of this clinic, or the one the patient has."""
    if not public_id:
        return None
    if current is not None and current.public_id == public_id:
        return current
    staff = db.session.scalar(
        select(StaffMember)
        .join(User, StaffMember.user_id == User.id)
        .where(
            StaffMember.public_id == public_id,
            StaffMember.clinic_id == clinic_id,
            StaffMember.profession == Profession.VARDLOTS,
            User.active.is_(True),
        )
    )
    if staff is None:
        raise StaffRuleError(_("Välj en vårdlots i listan."), field="vardlots")
    return staff


# --- patients -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PatientRow:
    patient: Patient
    login: str
    active_representatives: int
    # The helpers whose names the search found (the patient's own name did not match).
    found_helpers: list[Mandate] = field(default_factory=list)


def login_status(patient: Patient) -> str:
    """The patient's own login: none, invited (no password yet), active, or inactive."""
    user = patient.user
    if user is None:
        return "none"
    if not user.active:
        return "inactive"
    return "active" if user.password_hash else "invited"


def login_word(patient: Patient) -> str:
    return str(LOGIN_WORDS[login_status(patient)])


def active_representatives(patient: Patient, on: date | None = None) -> list[Mandate]:
    on = on or clinic_today()
    return [m for m in patient.mandates if m.effective_status(on) is MandateStatus.ACTIVE]


# A search that is a personnummer, whole or in part, in any common written form: digits with
# dashes, plus signs or spaces between them ("19880412-1234", "880412 1234", "19880412").
NUMBER_SEARCH = re.compile(r"[0-9][0-9\s+-]*")


def _number_matches(personnummer: str, digits: str) -> bool:
    """Whether a 12-digit personnummer is what the digits say: the start of its 12-digit form
    (19880412, 198804121234) or of its 10-digit form (880412, 8804121234), or its last four."""
    if len(digits) < 4:
        return False
    return (
        personnummer.startswith(digits)
        or personnummer[2:].startswith(digits)
        or (len(digits) == 4 and personnummer.endswith(digits))
    )


def _helpers_found(patient: Patient, needle: str, on: date) -> list[Mandate]:
    return [m for m in active_representatives(patient, on) if needle in m.representative.name.casefold()]


def list_patients(clinic_id: int, search: str = "") -> list[PatientRow]:
    """The clinic's patients by name; `search` matches the name or preferred name, the name of an
    active helper (the row says which helper), or the personnummer, whole or in part.

    Matching is done here rather than in SQL so that å, ä and ö match either case on every
    database (SQLite's LIKE folds ASCII only); a clinic has at most a few thousand patients.
    """
    patients = db.session.scalars(
        select(Patient)
        .where(Patient.clinic_id == clinic_id)
        .options(
            selectinload(Patient.user),
            selectinload(Patient.vardlots).selectinload(StaffMember.user),
            selectinload(Patient.mandates).selectinload(Mandate.representative),
        )
    ).all()
    today = clinic_today()
    needle = search.casefold()
    rows = []
    for p in patients:
        helpers: list[Mandate] = []
        if NUMBER_SEARCH.fullmatch(needle):
            if not _number_matches(p.personnummer, re.sub(r"[^0-9]", "", needle)):
                continue
        elif needle and needle not in p.name.casefold() and needle not in p.preferred_name.casefold():
            helpers = _helpers_found(p, needle, today)
            if not helpers:
                continue
        rows.append(PatientRow(p, login_word(p), len(active_representatives(p, today)), helpers))
    return sorted(rows, key=lambda row: (row.patient.name.casefold(), row.patient.id))


def log_patient_list(user: User, clinic_id: int, patients: list[Patient]) -> None:
    """The list shows each patient's name, personnummer and needs: a read for each of them."""
    audit.log_list_read(user, clinic(clinic_id), patients, "staff.patients")


def log_events_read(user: User, clinic_id: int, events: list[AccessEvent], object_type: str) -> None:
    """A page of the log shows who read which patient's data: a read for each patient in it."""
    audit.record_patients(
        user,
        clinic(clinic_id),
        [e.patient_id for e in events if e.patient_id is not None],
        AccessAction.READ,
        object_type,
    )
    db.session.commit()


def create_patient(
    user: User, clinic_id: int, *, name: str, preferred_name: str, personnummer: str, vardlots_id: str
) -> Patient:
    """Add a patient to the clinic. `personnummer` is already the checked 12-digit form."""
    duplicate = db.session.scalar(
        select(Patient.id).where(Patient.clinic_id == clinic_id, Patient.personnummer == personnummer)
    )
    if duplicate is not None:
        raise StaffRuleError(
            _("Det finns redan en patient med det personnumret på vårdcentralen."), field="personnummer"
        )
    vardlots = _vardlots(clinic_id, vardlots_id)
    patient = Patient(
        clinic_id=clinic_id,
        name=name,
        preferred_name=preferred_name,
        personnummer=personnummer,
        vardlots=vardlots,
    )
    db.session.add(patient)
    db.session.flush()
    grant = decide(user, patient, Capability.MANAGE)
    audit.record(grant, AccessAction.CREATE, "patient", patient.public_id)
    db.session.commit()
    return patient


def update_patient(grant: Grant, *, name: str, preferred_name: str, vardlots_id: str) -> None:
    """Change the patient's name, preferred name and vårdlots (and the name on their login)."""
    patient = grant.patient
    vardlots = _vardlots(patient.clinic_id, vardlots_id, current=patient.vardlots)
    patient.name = name
    patient.preferred_name = preferred_name
    patient.vardlots = vardlots
    if patient.user is not None:
        patient.user.name = name  # the name their e-mails greet them by
    audit.record(grant, AccessAction.UPDATE, "patient", patient.public_id)
    db.session.commit()


def open_invitations(patient: Patient) -> list[Invitation]:
    """Links for this patient that can still be used, newest first."""
    now = utcnow()
    rows = db.session.scalars(
        select(Invitation)
        .where(
            Invitation.patient_id == patient.id,
            Invitation.used_at.is_(None),
            Invitation.withdrawn_at.is_(None),
            Invitation.expires_at > now,
        )
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .options(selectinload(Invitation.user), selectinload(Invitation.mandate))
    ).all()
    return list(rows)


def mandates_of(patient: Patient) -> list[Mandate]:
    """The patient's mandates: those in force first, then newest first."""
    today = clinic_today()
    return sorted(
        patient.mandates, key=lambda m: (m.effective_status(today) in ENDED, -m.created_at.timestamp(), -m.id)
    )


# --- invitations --------------------------------------------------------------------------------


def _user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def _invitation_days() -> int:
    return int(current_app.config["INVITATION_DAYS"])


def _newest_invitation(user: User) -> Invitation:
    """The invitation just made for `user` (the callers have made one)."""
    found = db.session.scalars(
        select(Invitation).where(Invitation.user_id == user.id).order_by(Invitation.id.desc())
    ).first()
    if found is None:
        raise LookupError(f"no invitation for user {user.id}")
    return found


def invite_patient(
    grant: Grant, email: str, *, letter: tuple[str, str] | None = None, language: str | None = None
) -> NewInvitation:
    """Give the patient a login of their own: an account without password and a link to set one.

    An e-mail that belongs to someone else's account is refused. The patient's own account
    gets a new link (older ones are withdrawn); if it has never been used, a corrected e-mail
    replaces the old one.
    """
    patient = grant.patient
    email = email.strip().lower()
    owner = _user_by_email(email)
    user = patient.user
    if owner is not None and (user is None or owner.id != user.id):
        raise StaffRuleError(
            _("Det finns redan ett konto med den e-postadressen. Använd en annan e-postadress."),
            field="email",
        )
    if user is not None and not user.active:
        raise StaffRuleError(_("Patientens konto är avstängt. Kontakta administratören."), field="email")
    if user is not None and user.email != email:
        if user.password_hash:
            raise StaffRuleError(_("Patienten har redan ett konto med en annan e-postadress."), field="email")
        user.email = email  # the first link went to a mistyped address and was never used
    if user is None:
        user = User(email=email, name=patient.name, role=Role.PATIENT, password_hash=None)
        db.session.add(user)
        patient.user = user
        db.session.flush()
    link = create_invitation(
        user, patient.clinic_id, grant.user, patient=patient, letter=letter, language=language
    )
    audit.record(grant, AccessAction.CREATE, "invitation", _newest_invitation(user).public_id)
    db.session.commit()
    return NewInvitation(
        link=link, email=email, name=patient.name, days=_invitation_days(), for_representative=False
    )


def invite_representative(
    grant: Grant,
    *,
    name: str,
    email: str,
    kind: MandateKind,
    kind_other: str,
    scopes: set[Scope],
    valid_until: date | None,
    letter: tuple[str, str] | None = None,
    language: str | None = None,
) -> NewInvitation:
    """Make a mandate (status INVITED) and a link for the representative (`letter`, `language`:
    see `create_invitation`).

    An existing account gets the new mandate if it is a representative's account and has no
    mandate in force for this patient already; a new address gets a new account.
    """
    patient = grant.patient
    email = email.strip().lower()
    user = _user_by_email(email)
    if user is not None:
        if user.role is not Role.REPRESENTATIVE:
            raise StaffRuleError(
                _(
                    "E-postadressen hör till ett konto som inte är en "
                    "företrädares. Använd en annan e-postadress."
                ),
                field="email",
            )
        if not user.active:
            raise StaffRuleError(
                _("Kontot med den e-postadressen är avstängt. Kontakta administratören."), field="email"
            )
        today = clinic_today()
        for existing in patient.mandates:
            if existing.representative_id == user.id and existing.effective_status(today) not in ENDED:
                raise StaffRuleError(
                    _(
                        "Den personen är redan företrädare för patienten, eller "
                        "är redan inbjuden. Ändra den behörigheten i stället."
                    ),
                    field="email",
                )
    else:
        user = User(email=email, name=name, role=Role.REPRESENTATIVE, password_hash=None)
        db.session.add(user)
    mandate = Mandate(
        patient=patient,
        representative=user,
        kind=kind,
        kind_other=kind_other if kind is MandateKind.OTHER else "",
        status=MandateStatus.INVITED,
        valid_until=valid_until,
    )
    mandate.set_scopes(set(scopes) | {Scope.SEE})
    db.session.add(mandate)
    db.session.flush()
    link = create_invitation(
        user,
        patient.clinic_id,
        grant.user,
        patient=patient,
        mandate=mandate,
        letter=letter,
        language=language,
    )
    audit.record(grant, AccessAction.CREATE, "mandate", mandate.public_id)
    db.session.commit()
    return NewInvitation(
        link=link, email=user.email, name=user.name, days=_invitation_days(), for_representative=True
    )


def can_renew(mandate: Mandate) -> bool:
    return mandate.effective_status(clinic_today()) is MandateStatus.INVITED


def renew_mandate_invitation(grant: Grant, mandate: Mandate) -> NewInvitation:
    """A new link for a mandate that has not been accepted yet; older links stop working."""
    if not can_renew(mandate):
        raise StaffRuleError(
            _("Inbjudan är redan mottagen, eller behörigheten gäller inte längre. Det behövs ingen ny länk.")
        )
    user = mandate.representative
    if not user.active:
        raise StaffRuleError(_("Företrädarens konto är avstängt. Kontakta administratören."))
    link = create_invitation(
        user, grant.patient.clinic_id, grant.user, patient=grant.patient, mandate=mandate
    )
    audit.record(grant, AccessAction.UPDATE, "mandate", mandate.public_id)
    db.session.commit()
    return NewInvitation(
        link=link, email=user.email, name=user.name, days=_invitation_days(), for_representative=True
    )


# --- mandates -----------------------------------------------------------------------------------


def find_mandate(patient: Patient, public_id: str) -> Mandate | None:
    """The mandate with this id, only if it belongs to this patient."""
    if not _HEX_ID.fullmatch(public_id):
        return None  # not an id we ever made (and no odd bytes sent on to the database)
    return db.session.scalar(
        select(Mandate).where(Mandate.public_id == public_id, Mandate.patient_id == patient.id)
    )


def mandate_kind_text(mandate: Mandate) -> str:
    if mandate.kind is MandateKind.OTHER and mandate.kind_other:
        return _("annan: %(what)s", what=mandate.kind_other)
    return mandate_kind_word(mandate.kind)


def can_change(mandate: Mandate) -> bool:
    return mandate.effective_status(clinic_today()) not in ENDED


def can_revoke(mandate: Mandate) -> bool:
    return mandate.status is not MandateStatus.REVOKED


def verify_mandate(grant: Grant, mandate: Mandate, note: str) -> MandateStatus:
    """Record that staff checked the representative's right (a decision, a fullmakt, consent).

    Awaiting verification becomes active; a mandate still invited stays invited but becomes
    active as soon as the invitation is accepted. Revoked or expired mandates are refused.
    """
    if not can_change(mandate):
        raise StaffRuleError(
            _(
                "Behörigheten är återkallad eller har gått ut. Den kan inte "
                "bekräftas. Bjud in företrädaren på nytt i stället."
            )
        )
    mandate.verified_by_id = grant.staff.id
    mandate.verified_at = utcnow()
    mandate.verification_note = note
    if mandate.status is MandateStatus.AWAITING_VERIFICATION:
        mandate.status = MandateStatus.ACTIVE
    audit.record(grant, AccessAction.UPDATE, "mandate", mandate.public_id)
    db.session.commit()
    return mandate.status


def change_mandate(grant: Grant, mandate: Mandate, scopes: set[Scope], valid_until: date | None) -> None:
    """Change what the representative may do, and until when. SEE is always included."""
    if not can_change(mandate):
        raise StaffRuleError(
            _(
                "Behörigheten är återkallad eller har gått ut. Den kan inte "
                "ändras. Bjud in företrädaren på nytt i stället."
            )
        )
    mandate.set_scopes(set(scopes) | {Scope.SEE})
    mandate.valid_until = valid_until
    audit.record(grant, AccessAction.UPDATE, "mandate", mandate.public_id)
    db.session.commit()


def revoke_mandate(grant: Grant, mandate: Mandate, reason: str) -> None:
    """End the mandate for good; its open invitations stop working too."""
    if not can_revoke(mandate):
        raise StaffRuleError(_("Behörigheten är redan återkallad."))
    now = utcnow()
    mandate.status = MandateStatus.REVOKED
    mandate.revoked_by_id = grant.staff.id
    mandate.revoked_at = now
    mandate.revoke_reason = reason
    for invitation in db.session.scalars(
        select(Invitation).where(
            Invitation.mandate_id == mandate.id,
            Invitation.used_at.is_(None),
            Invitation.withdrawn_at.is_(None),
        )
    ):
        invitation.withdrawn_at = now
    audit.record(grant, AccessAction.UPDATE, "mandate", mandate.public_id)
    db.session.commit()


def scope_values(mandate: Mandate) -> list[str]:
    return [s.value for s in Scope if s in mandate.scopes and s is not Scope.SEE]


# --- the clinic's access log --------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilter:
    patient_id: str = ""
    user_id: str = ""
    date_from: date | None = None
    date_to: date | None = None
    # The newest event of the first page: the next pages stay where they were, although reading
    # the log writes new events at its top.
    upto: int | None = None

    def as_args(self) -> dict[str, str]:
        args = {
            "patient": self.patient_id,
            "user": self.user_id,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "upto": str(self.upto) if self.upto else "",
        }
        return {key: value for key, value in args.items() if value}


def log_patient_choices(clinic_id: int) -> list[SelectChoice]:
    rows = db.session.scalars(select(Patient).where(Patient.clinic_id == clinic_id)).all()
    choices = sorted(
        (SelectChoice(p.public_id, f"{p.name} ({p.masked_personnummer})") for p in rows),
        key=lambda c: c.label.casefold(),
    )
    return [SelectChoice("", _("Alla patienter")), *choices]


def _clinic_user_ids(clinic_id: int) -> CompoundSelect:
    """Everyone tied to the clinic: seen in its log, its staff, its patients, their helpers."""
    return (
        select(AccessEvent.user_id)
        .where(AccessEvent.clinic_id == clinic_id)
        .union(
            select(StaffMember.user_id).where(StaffMember.clinic_id == clinic_id),
            select(Patient.user_id).where(Patient.clinic_id == clinic_id, Patient.user_id.is_not(None)),
            select(Mandate.representative_id)
            .join(Patient, Mandate.patient_id == Patient.id)
            .where(Patient.clinic_id == clinic_id),
        )
    )


def log_user_choices(clinic_id: int) -> list[SelectChoice]:
    ids = db.session.scalars(_clinic_user_ids(clinic_id)).all()
    users = db.session.scalars(
        select(User)
        .where(User.id.in_([i for i in ids if i is not None]))
        .options(selectinload(User.staff_member))
    ).all()

    def label(user: User) -> str:
        if user.role is Role.STAFF and user.staff_member is not None:
            role = audit.PROFESSION_WORDS[user.staff_member.profession]
        else:
            role = ROLE_WORDS[user.role]
        return f"{user.name} ({role}, {user.email})"

    choices = sorted((SelectChoice(u.public_id, label(u)) for u in users), key=lambda c: c.label.casefold())
    return [SelectChoice("", _("Alla")), *choices]


def _local_midnight(day: date) -> datetime:
    return local_day_bounds(day)[0].astimezone(UTC)


def access_events(clinic_id: int, filters: LogFilter, page: int) -> tuple[list[AccessEvent], bool]:
    """One page of the clinic's access log, newest first, and whether there are more."""
    page = max(1, min(page, MAX_PAGE))
    query = select(AccessEvent).where(AccessEvent.clinic_id == clinic_id)
    if filters.patient_id:
        query = query.join(Patient, AccessEvent.patient_id == Patient.id).where(
            Patient.public_id == filters.patient_id, Patient.clinic_id == clinic_id
        )
    if filters.user_id:
        query = query.join(User, AccessEvent.user_id == User.id).where(User.public_id == filters.user_id)
    if filters.date_from:
        query = query.where(AccessEvent.at >= _local_midnight(filters.date_from))
    if filters.date_to:
        query = query.where(AccessEvent.at < _local_midnight(filters.date_to + timedelta(days=1)))
    if filters.upto:
        query = query.where(AccessEvent.id <= filters.upto)
    rows = db.session.scalars(
        query.order_by(AccessEvent.at.desc(), AccessEvent.id.desc())
        .offset((page - 1) * LOG_PAGE_SIZE)
        .limit(LOG_PAGE_SIZE + 1)
        .options(
            selectinload(AccessEvent.user).selectinload(User.staff_member),
            selectinload(AccessEvent.patient),
            selectinload(AccessEvent.mandate),
            selectinload(AccessEvent.spot_checks)
            .selectinload(SpotCheck.checked_by)
            .selectinload(StaffMember.user),
        )
    ).all()
    return list(rows[:LOG_PAGE_SIZE]), len(rows) > LOG_PAGE_SIZE


def find_event(clinic_id: int, event_id: int) -> AccessEvent | None:
    """An event of this clinic's log; another clinic's event is as good as missing."""
    return db.session.scalar(
        select(AccessEvent).where(AccessEvent.id == event_id, AccessEvent.clinic_id == clinic_id)
    )


def add_spot_check(staff: StaffMember, event: AccessEvent, note: str) -> SpotCheck:
    """Note that an event was looked into, by a log reviewer who did not do it. The event itself
    is never changed."""
    if event.clinic_id != staff.clinic_id:
        raise StaffRuleError(_("Händelsen hör till en annan vårdcentral."))
    if event.user_id == staff.user_id:
        raise StaffRuleError(_("Du kan inte göra stickprov på din egen händelse"))
    if not may_spot_check(staff, event):
        raise StaffRuleError(_("Du får inte göra stickprov i loggen."))
    check = SpotCheck(event_id=event.id, checked_by_id=staff.id, note=note)
    db.session.add(check)
    db.session.commit()
    return check


def describe_action(event: AccessEvent) -> str:
    return str(ACTION_WORDS.get(event.action, event.action.value))


def describe_object(event: AccessEvent) -> str:
    return audit_words.staff_object(event.object_type)


def describe_acting_as(event: AccessEvent) -> str:
    word = ACTING_AS_WORDS.get(event.acting_as)
    return str(word) if word is not None else event.acting_as
