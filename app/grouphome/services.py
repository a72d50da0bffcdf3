"""The group home's rules: the clinic makes homes and gives each resident's mandate to the home;
the home's manager says who works there. Every change about a patient goes through a grant from
app/core/access.py and lands in the access log; changes about the home alone (its name, its
staff) are kept on their rows (added_by, ended_by) instead, since they touch no patient's data."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..auth.services import create_invitation
from ..core import audit
from ..core.access import AccessDenied, decide
from ..core.audit_words import patient_line
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..extensions import db
from ..models import (
    AccessAction,
    AccessEvent,
    GroupHome,
    GroupHomeMember,
    HomeMandate,
    HomeRole,
    Invitation,
    MandateStatus,
    Patient,
    Role,
    Scope,
    User,
    utcnow,
)
from ..models.home import LOCK_MINUTES_MAX, LOCK_MINUTES_MIN
from ..staff.services import NewInvitation

# How many of the newest events "Vem gjorde vad" shows.
LOG_LIMIT = 300


class HomeRuleError(RuleError):
    """A request that breaks a rule of the group homes."""


# --- the clinic's side ---------------------------------------------------------------------------


def clinic_homes(clinic_id: int) -> list[GroupHome]:
    return list(
        db.session.scalars(
            select(GroupHome).where(GroupHome.clinic_id == clinic_id).order_by(func.lower(GroupHome.name))
        )
    )


def find_home(clinic_id: int, public_id: str) -> GroupHome | None:
    """The clinic's home with this id; None for another clinic's, or none."""
    return db.session.scalar(
        select(GroupHome).where(GroupHome.public_id == public_id, GroupHome.clinic_id == clinic_id)
    )


def save_home(
    home: GroupHome, by: User, *, name: str, municipality: str, address: str, phone: str, lock_minutes: int
):
    home.name, home.municipality, home.address, home.phone = name, municipality, address, phone
    db.session.add(home)
    db.session.commit()
    set_lock_minutes(home, lock_minutes, by)
    return home


# In the access log (audit.record_home): the manager set the home's lock time; the object id
# is the home's public id.
LOCK_TIME_OBJECT = "grouphome.lock_minutes"


def set_lock_minutes(home: GroupHome, minutes: int, by: User) -> bool:
    """The manager's (or the clinic's) lock time for the home's tablet, logged with who set it.
    False: it was that already (nothing changed, nothing logged)."""
    if not LOCK_MINUTES_MIN <= minutes <= LOCK_MINUTES_MAX:
        raise HomeRuleError(_("Välj en av tiderna i listan."))
    if home.lock_minutes == minutes:
        return False
    home.lock_minutes = minutes
    audit.record_home(by, home, AccessAction.UPDATE, LOCK_TIME_OBJECT, home.public_id)
    db.session.commit()
    return True


def lock_time_changed(home: GroupHome) -> AccessEvent | None:
    """The last change of the home's lock time (who, when), if the log has one."""
    return db.session.scalar(
        select(AccessEvent)
        .where(AccessEvent.object_type == LOCK_TIME_OBJECT, AccessEvent.object_id == home.public_id)
        .order_by(AccessEvent.id.desc())
        .limit(1)
    )


def current_home_mandate(patient: Patient) -> HomeMandate | None:
    """The home mandate in force for `patient` (at most one home helps a resident at a time)."""
    return next((m for m in patient.home_mandates if m.status is MandateStatus.ACTIVE), None)


def give_home_mandate(grant: Grant, home: GroupHome, scopes: set[Scope], note: str) -> HomeMandate:
    """Connect the patient to `home` and give the home its mandate, verified now with `note`
    (what the clinic checked). A mandate to another home in force is revoked: a person lives in
    one home at a time."""
    patient = grant.patient
    if home.clinic_id != patient.clinic_id:
        raise HomeRuleError(_("Välj ett av vårdcentralens boenden."), field="home")
    now = utcnow()
    for old in patient.home_mandates:
        if old.status is MandateStatus.ACTIVE:
            if old.home_id == home.id:
                raise HomeRuleError(
                    _("Boendet har redan behörighet för %(name)s.", name=patient.name), field="home"
                )
            old.status, old.revoked_at, old.revoked_by_id = MandateStatus.REVOKED, now, grant.staff.id
            old.revoke_reason = _("Flyttat till %(home)s.", home=home.name)
            audit.record(grant, AccessAction.UPDATE, "home_mandate", old.public_id)
    mandate = HomeMandate(
        home=home,
        patient=patient,
        status=MandateStatus.ACTIVE,
        verified_by_id=grant.staff.id,
        verified_at=now,
        verification_note=note,
    )
    mandate.set_scopes(set(scopes) | {Scope.SEE})
    patient.group_home_id = home.id
    db.session.add(mandate)
    db.session.flush()
    audit.record(grant, AccessAction.CREATE, "home_mandate", mandate.public_id)
    db.session.commit()
    return mandate


def find_home_mandate(patient: Patient, public_id: str) -> HomeMandate | None:
    return next((m for m in patient.home_mandates if m.public_id == public_id), None)


def revoke_home_mandate(grant: Grant, mandate: HomeMandate, reason: str) -> None:
    """End the home's right to help the resident, at once for everyone who works there."""
    if mandate.status is not MandateStatus.ACTIVE:
        raise HomeRuleError(_("Behörigheten är redan återkallad."))
    mandate.status, mandate.revoked_at, mandate.revoked_by_id = (
        MandateStatus.REVOKED,
        utcnow(),
        grant.staff.id,
    )
    mandate.revoke_reason = reason
    audit.record(grant, AccessAction.UPDATE, "home_mandate", mandate.public_id)
    db.session.commit()


# --- the home's people ------------------------------------------------------------------------------


def invite_member(
    home: GroupHome, *, name: str, email: str, role: HomeRole, invited_by: User
) -> NewInvitation:
    """Make `email` a member of `home` (a new account if the address is new) and mail them a
    link. An account that is not a helper's (staff, admin, a patient's) cannot work at a home."""
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is not None:
        if user.role is not Role.REPRESENTATIVE:
            raise HomeRuleError(
                _("E-postadressen hör till ett annat slags konto. Använd en annan e-postadress."),
                field="email",
            )
        if not user.active:
            raise HomeRuleError(_("Kontot med den e-postadressen är avstängt."), field="email")
        if any(m.home_id == home.id for m in _active_memberships(user)):
            raise HomeRuleError(_("%(name)s arbetar redan på boendet.", name=user.name), field="email")
    else:
        user = User(email=email, name=name, role=Role.REPRESENTATIVE, password_hash=None)
        db.session.add(user)
    member = GroupHomeMember(home=home, user=user, role=role, added_by_id=invited_by.id, added_at=utcnow())
    db.session.add(member)
    db.session.flush()
    link = create_invitation(user, home.clinic_id, invited_by)
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.user_id == user.id).order_by(Invitation.id.desc())
    )
    if invitation is not None:
        invitation.home_member_id = member.id
    db.session.commit()
    return NewInvitation(
        link=link,
        email=user.email,
        name=user.name,
        days=int(current_app.config["INVITATION_DAYS"]),
        for_representative=False,
    )


def _active_memberships(user: User) -> list[GroupHomeMember]:
    return list(
        db.session.scalars(
            select(GroupHomeMember).where(
                GroupHomeMember.user_id == user.id, GroupHomeMember.ended_at.is_(None)
            )
        )
    )


def find_member(home: GroupHome, public_id: str) -> GroupHomeMember | None:
    return next((m for m in home.members if m.public_id == public_id), None)


def end_membership(member: GroupHomeMember, by: User) -> None:
    """The person no longer works at the home: their access to its residents ends at once (the
    access module asks on every request), and their open invitation to the home stops working."""
    if member.ended_at is not None:
        raise HomeRuleError(_("%(name)s arbetar inte längre på boendet.", name=member.user.name))
    if member.user_id == by.id:
        raise HomeRuleError(_("Du kan inte ta bort dig själv. Ring vårdcentralen."))
    now = utcnow()
    member.ended_at, member.ended_by_id = now, by.id
    for invitation in db.session.scalars(
        select(Invitation).where(
            Invitation.home_member_id == member.id,
            Invitation.used_at.is_(None),
            Invitation.withdrawn_at.is_(None),
        )
    ):
        invitation.withdrawn_at = now
    db.session.commit()


# --- "Vem gjorde vad" ----------------------------------------------------------------------------------


@dataclass
class PersonLog:
    name: str
    current: bool
    lines: list[tuple[AccessEvent, str]]


def home_log(member: GroupHomeMember) -> list[PersonLog]:
    """What the home's people did for its residents under the home's mandate, newest first, by
    person, in the patient log's words (but for the manager's own reads). Only residents the
    manager may see today are shown, and reading it is logged for each of them."""
    home, viewer = member.home, member.user
    grants: dict[int, Grant] = {}
    for mandate in home.mandates:
        if mandate.patient_id in grants:
            continue
        try:
            grants[mandate.patient_id] = decide(viewer, mandate.patient, Capability.SEE)
        except AccessDenied:
            continue
    if not grants:
        return []
    events = db.session.scalars(
        select(AccessEvent)
        .join(HomeMandate, AccessEvent.home_mandate_id == HomeMandate.id)
        .where(HomeMandate.home_id == home.id, AccessEvent.patient_id.in_(list(grants)))
        # As the patient's log: not the viewer's own reads (they know what they looked at).
        .where(~((AccessEvent.user_id == viewer.id) & (AccessEvent.action == AccessAction.READ)))
        .order_by(AccessEvent.at.desc(), AccessEvent.id.desc())
        .limit(LOG_LIMIT)
    ).all()
    working = {m.user_id for m in home.members if m.ended_at is None}
    people: OrderedDict[int, PersonLog] = OrderedDict()
    for event in events:
        user = event.user
        if user is None:
            continue
        person = people.setdefault(user.id, PersonLog(user.name, user.id in working, []))
        person.lines.append((event, patient_line(event, grants[event.patient_id].patient, viewer)))
    for grant in grants.values():
        audit.record(grant, AccessAction.READ, "grouphome.log")
    db.session.commit()
    return sorted(people.values(), key=lambda p: p.name.casefold())
