"""The admin area: clinics and staff accounts. Administrators (region IT) see no patient data.

Each service checks its rules before it changes anything, and raises `AdminRuleError` (with the
field the problem belongs to) when a rule refuses; then nothing is changed. Otherwise it commits.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from .. import photos
from ..auth.services import create_invitation, end_all_sessions
from ..clinic_words import set_forms
from ..core.access import PUBLIC_ID
from ..core.rules import RuleError
from ..extensions import db
from ..models import (
    Clinic,
    Duty,
    Gender,
    Invitation,
    LoginCode,
    PasswordReset,
    Patient,
    Profession,
    Role,
    StaffMember,
    User,
    usual_duties,
    utcnow,
)


class AdminRuleError(RuleError):
    """A rule of the admin area refused the change."""


# --- the overview -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClinicSummary:
    clinic: Clinic
    active_staff: int
    waiting_for_password: int


def clinic_summaries() -> list[ClinicSummary]:
    """Every clinic, by name, with how many active staff accounts it has and how many of those
    have not chosen a password yet. Nothing about patients."""
    counts = db.session.execute(
        select(StaffMember.clinic_id, func.count(), func.count(User.password_hash))
        .join(User, StaffMember.user_id == User.id)
        .where(User.active.is_(True))
        .group_by(StaffMember.clinic_id)
    ).all()
    by_clinic = {clinic_id: (total, with_password) for clinic_id, total, with_password in counts}
    summaries = []
    for clinic in all_clinics():
        total, with_password = by_clinic.get(clinic.id, (0, 0))
        summaries.append(ClinicSummary(clinic, total, total - with_password))
    return summaries


# --- clinics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClinicDetails:
    name: str
    county_part: str
    phone: str
    opening_hours: str
    vardlots_email: str
    # Months between a patient's health checks (Hälsokontrollen).
    health_check_months: int = 12
    # Where the clinic is, for the kallelse before a visit.
    address: str = ""
    # Easy Swedish, English and Arabic forms of the opening hours (app/clinic_words.py).
    opening_hours_forms: dict | None = None


def mask_address(address: str) -> str:
    """An e-mail address shown to the admin only as much as needed to tell notices apart: the
    admin sees no patients, and the address could say who one is."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}…@{domain}" if domain else "…"


def all_clinics() -> list[Clinic]:
    """Every clinic, sorted by name as people read it (Å, Ä, Ö after Z is close enough)."""
    clinics = db.session.scalars(select(Clinic)).all()
    return sorted(clinics, key=lambda c: c.name.casefold())


def find_clinic(public_id: str) -> Clinic | None:
    """The clinic with this public id, or None (also for ids that cannot be one)."""
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    return db.session.scalar(select(Clinic).where(Clinic.public_id == public_id))


def clinic_choices(first: str | None = None) -> list[SelectChoice]:
    """The clinics as choices for a select (public id and name), after `first` if given."""
    choices = [SelectChoice(c.public_id, c.name) for c in all_clinics()]
    return [SelectChoice("", first), *choices] if first is not None else choices


def _name_key(name: str) -> str:
    """What makes two clinic names the same: case, spacing and Unicode form do not count."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _check_clinic_name_free(name: str, clinic: Clinic | None) -> None:
    # Compared in Python: SQLite's lower() leaves Å, Ä and Ö alone. There are only a few clinics.
    wanted = _name_key(name)
    for other in db.session.scalars(select(Clinic)):
        if other is not clinic and _name_key(other.name) == wanted:
            raise AdminRuleError(
                _("Det finns redan en vårdcentral med det namnet. Välj ett annat namn."), field="name"
            )


def create_clinic(details: ClinicDetails) -> Clinic:
    """Add a clinic; its name must differ from every other clinic's (ignoring upper/lower case)."""
    _check_clinic_name_free(details.name, None)
    clinic = Clinic(
        name=details.name,
        county_part=details.county_part,
        phone=details.phone,
        opening_hours=details.opening_hours,
        vardlots_email=details.vardlots_email,
        health_check_months=details.health_check_months,
        address=details.address,
        translations={},
    )
    set_forms(clinic, "opening_hours", details.opening_hours_forms or {})
    db.session.add(clinic)
    db.session.commit()
    return clinic


def update_clinic(clinic: Clinic, details: ClinicDetails) -> None:
    """Change a clinic's details; the name must still differ from every other clinic's."""
    _check_clinic_name_free(details.name, clinic)
    clinic.name = details.name
    clinic.county_part = details.county_part
    clinic.phone = details.phone
    clinic.opening_hours = details.opening_hours
    set_forms(clinic, "opening_hours", details.opening_hours_forms or {})
    clinic.vardlots_email = details.vardlots_email
    clinic.health_check_months = details.health_check_months
    clinic.address = details.address
    db.session.commit()


def set_entrance_photo(clinic: Clinic, admin: User, data: bytes) -> None:
    """The photo of the clinic's entrance (cleaned as every photo, app/photos.py); the old one
    is deleted. An empty `data` removes it."""
    old = clinic.entrance_photo
    clinic.entrance_photo = photos.store(clinic.id, admin.id, data) if data else None
    if old is not None:
        db.session.delete(old)
    db.session.commit()


# --- staff accounts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffDetails:
    name: str
    clinic_id: str  # the clinic's public id, as chosen in the form
    profession: str
    presentation: str
    gender: str = "unspecified"
    # Duty values; on a new account, none chosen means those its profession usually has.
    duties: list[str] | None = None


def staff_members(clinic: Clinic | None = None) -> list[StaffMember]:
    """Staff accounts, of one clinic or of all, sorted by clinic and then by name."""
    query = select(StaffMember).options(selectinload(StaffMember.user), selectinload(StaffMember.clinic))
    if clinic is not None:
        query = query.where(StaffMember.clinic_id == clinic.id)
    rows = db.session.scalars(query).all()
    return sorted(rows, key=lambda s: (s.clinic.name.casefold(), s.user.name.casefold()))


def find_staff(public_id: str) -> StaffMember | None:
    """The staff member with this public id, or None (also for ids that cannot be one)."""
    if not PUBLIC_ID.fullmatch(public_id or ""):
        return None
    return db.session.scalar(select(StaffMember).where(StaffMember.public_id == public_id))


def _chosen_clinic(public_id: str) -> Clinic:
    clinic = find_clinic(public_id)
    if clinic is None:
        raise AdminRuleError(_("Välj en vårdcentral i listan."), field="clinic")
    return clinic


def _chosen_profession(value: str) -> Profession:
    try:
        return Profession(value)
    except ValueError:
        raise AdminRuleError(_("Välj ett yrke i listan."), field="profession") from None


def _chosen_gender(value: str) -> Gender:
    try:
        return Gender(value)
    except ValueError:
        raise AdminRuleError(_("Välj ett av alternativen i listan."), field="gender") from None


def _chosen_duties(values: list[str]) -> list[str]:
    """Duty values as stored: known ones only (else nothing changes), in the order of `Duty`."""
    known = {duty.value for duty in Duty}
    if any(value not in known for value in values):
        raise AdminRuleError(_("Välj bara bland uppdragen i listan."), field="duties")
    return [duty.value for duty in Duty if duty.value in values]


def _email_taken(email: str) -> bool:
    return (
        db.session.scalar(select(User.id).where(func.lower(User.email) == email.lower()).limit(1)) is not None
    )


def create_staff(details: StaffDetails, email: str, by: User) -> tuple[StaffMember, str]:
    """Create a staff account without a password and invite the person to choose one.

    Makes a User (role staff, no password) and its StaffMember, then a single-use invitation
    link that is mailed to them. Returns the staff member and the link, so the page can show it
    at once (also as a QR code); the link itself is never stored.
    """
    email = email.strip().lower()
    clinic = _chosen_clinic(details.clinic_id)
    profession = _chosen_profession(details.profession)
    if _email_taken(email):
        raise AdminRuleError(
            _("Det finns redan ett konto med den e-postadressen. Skriv en annan e-postadress."), field="email"
        )
    duties = _chosen_duties(details.duties or []) or usual_duties(profession)
    user = User(email=email, name=details.name, role=Role.STAFF, password_hash=None, active=True)
    staff = StaffMember(
        user=user,
        clinic=clinic,
        profession=profession,
        presentation=details.presentation,
        gender=_chosen_gender(details.gender),
        duties=duties,
    )
    db.session.add_all([user, staff])
    try:
        # Written before the mail goes out, so that a lost race never mails a dead link.
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AdminRuleError(
            _("Det finns redan ett konto med den e-postadressen. Skriv en annan e-postadress."), field="email"
        ) from None
    link = create_invitation(user, clinic.id, by)
    db.session.commit()
    current_app.logger.info(
        "Admin %s created staff account %s with duties %s", by.public_id, user.public_id, ",".join(duties)
    )
    return staff, link


def _is_vardlots_for_patients(staff: StaffMember) -> bool:
    # Only whether any patient has them as vårdlots: nothing about who.
    return db.session.scalar(select(Patient.id).where(Patient.vardlots_id == staff.id).limit(1)) is not None


def update_staff(staff: StaffMember, details: StaffDetails, by: User) -> None:
    """Change name, clinic, profession, duties and presentation of a staff account (duties may
    be none: the person then signs in but sees no patient data).

    A vårdlots whom patients have as their vårdlots keeps their clinic and profession until the
    clinic has chosen another vårdlots for those patients (a patient's vårdlots is always a
    vårdlots at the patient's own clinic).
    """
    clinic = _chosen_clinic(details.clinic_id)
    profession = _chosen_profession(details.profession)
    duties = _chosen_duties(details.duties or [])
    moves = clinic.id != staff.clinic_id
    stops_being_vardlots = staff.profession is Profession.VARDLOTS and profession is not Profession.VARDLOTS
    if (moves or stops_being_vardlots) and _is_vardlots_for_patients(staff):
        raise AdminRuleError(
            _(
                "Personen är vårdlots för patienter på sin vårdcentral. Be vårdcentralen välja "
                "en ny vårdlots åt dem först. Sedan kan du byta vårdcentral eller yrke."
            ),
            field="clinic" if moves else "profession",
        )
    staff.user.name = details.name
    staff.clinic = clinic
    if staff.photo is not None:  # the photo is shown to the patients of the new clinic
        staff.photo.clinic_id = clinic.id
    staff.profession = profession
    staff.presentation = details.presentation
    staff.gender = _chosen_gender(details.gender)
    before = list(staff.duties or [])
    staff.duties = duties
    db.session.commit()
    if before != duties:
        current_app.logger.info(
            "Admin %s changed the duties of staff account %s from %s to %s",
            by.public_id,
            staff.user.public_id,
            ",".join(before) or "none",
            ",".join(duties) or "none",
        )


def deactivate_staff(staff: StaffMember, by: User) -> None:
    """Stop the account: no more sign-ins, and every open session ends now.

    Open invitations, sign-in codes and password-reset links stop working too, so that
    reactivating the account later does not bring an old link back to life.
    """
    user = staff.user
    if user.id == by.id:
        raise AdminRuleError(_("Du kan inte inaktivera ditt eget konto."))
    now = utcnow()
    user.active = False
    end_all_sessions(user, "deactivated")
    for invitation in db.session.scalars(
        select(Invitation).where(
            Invitation.user_id == user.id, Invitation.used_at.is_(None), Invitation.withdrawn_at.is_(None)
        )
    ):
        invitation.withdrawn_at = now
    for code in db.session.scalars(
        select(LoginCode).where(LoginCode.user_id == user.id, LoginCode.used_at.is_(None))
    ):
        code.used_at = now
    for reset in db.session.scalars(
        select(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
    ):
        reset.used_at = now
    db.session.commit()
    current_app.logger.info("Admin %s deactivated account %s", by.public_id, user.public_id)


def reactivate_staff(staff: StaffMember, by: User) -> None:
    """Let the account sign in again (with the password it had; or after a new invitation)."""
    staff.user.active = True
    db.session.commit()
    current_app.logger.info("Admin %s reactivated account %s", by.public_id, staff.user.public_id)


def reinvite_staff(staff: StaffMember, by: User) -> str:
    """A new invitation link for an active account that has no password yet; older ones stop
    working. Returns the link (mailed too), so the page can show it at once."""
    user = staff.user
    if not user.active:
        raise AdminRuleError(
            _("Kontot är inaktiverat. Aktivera det först. Sedan kan du skicka en ny inbjudan.")
        )
    if user.password_hash:
        raise AdminRuleError(
            _(
                "Personen har redan valt ett lösenord. Har hen glömt det? "
                "Då kan hen välja Glömt lösenordet på sidan Logga in."
            )
        )
    link = create_invitation(user, staff.clinic_id, by)
    db.session.commit()
    return link
