"""The group home's rules: the clinic makes homes and gives each resident's mandate to the home;
the home's manager says who works there. Every change about a patient goes through a grant from
app/core/access.py and lands in the access log; changes about the home's staff and tablet touch
no patient's data and go in the home's own log instead (app/core/home_log.py). "Vem gjorde vad"
shows the two together (app/grouphome/log.py)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..auth.services import create_invitation
from ..core import audit
from ..core.grants import Grant
from ..core.home_log import HomeEventKind, record_home_event
from ..core.rules import RuleError
from ..extensions import db
from ..models import (
    AccessAction,
    GroupHome,
    GroupHomeMember,
    HomeEvent,
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
    home: GroupHome,
    *,
    name: str,
    municipality: str,
    address: str,
    phone: str,
    lock_minutes: int,
    by: User | None = None,
):
    """Save the home's details; a changed lock time of a home that exists goes in its log
    (set_lock_minutes)."""
    new = home.id is None
    home.name, home.municipality, home.address, home.phone = name, municipality, address, phone
    if new:
        home.lock_minutes = lock_minutes
    db.session.add(home)
    db.session.commit()
    if not new:
        set_lock_minutes(home, lock_minutes, by)
    return home


def set_lock_minutes(home: GroupHome, minutes: int, by: User | None) -> bool:
    """The manager's (or the clinic's) lock time for the home's tablet, in the home's own log
    with who set it and the old and new time. False: it was that already (nothing changed,
    nothing logged)."""
    if not LOCK_MINUTES_MIN <= minutes <= LOCK_MINUTES_MAX:
        raise HomeRuleError(_("Välj en av tiderna i listan."))
    if home.lock_minutes == minutes:
        return False
    old, home.lock_minutes = home.lock_minutes, minutes
    record_home_event(home, by, HomeEventKind.LOCK_TIME_CHANGED, detail=f"{old}->{minutes}")
    db.session.commit()
    return True


def lock_time_changed(home: GroupHome) -> HomeEvent | None:
    """The last change of the home's lock time (who, when), if the home's log has one."""
    return db.session.scalar(
        select(HomeEvent)
        .where(HomeEvent.home_id == home.id, HomeEvent.kind == HomeEventKind.LOCK_TIME_CHANGED)
        .order_by(HomeEvent.id.desc())
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
    """Invite `email` to work at `home` (a new account if the address is new) and mail them a
    link; they work there once they have accepted it. An account that is not a helper's (staff,
    admin, a patient's) cannot work at a home. Someone who works there already, or is invited
    already, is told so: an invitation is sent again from the list (`send_again`)."""
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
        current = next((m for m in home.members if m.user_id == user.id and m.ended_at is None), None)
        if current is not None and current.invited_only:
            raise HomeRuleError(
                _(
                    "%(name)s är redan inbjuden men har inte tackat ja än. "
                    "Du kan skicka inbjudan igen i listan Inbjudna.",
                    name=user.name,
                ),
                field="email",
            )
        if current is not None:
            raise HomeRuleError(_("%(name)s arbetar redan på boendet.", name=user.name), field="email")
    else:
        user = User(email=email, name=name, role=Role.REPRESENTATIVE, password_hash=None)
        db.session.add(user)
    member = GroupHomeMember(home=home, user=user, role=role, added_by_id=invited_by.id, added_at=utcnow())
    db.session.add(member)
    db.session.flush()
    record_home_event(home, invited_by, HomeEventKind.MEMBER_INVITED, member=member)
    return _send_invitation(member, invited_by)


def _send_invitation(member: GroupHomeMember, by: User) -> NewInvitation:
    """A new link for `member` (older open ones stop working), mailed; commits."""
    user = member.user
    link = create_invitation(user, member.home.clinic_id, by)
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.user_id == user.id).order_by(Invitation.id.desc())
    )
    if invitation is not None:
        invitation.home_member_id = member.id
    db.session.commit()
    db.session.expire(member, ["invitations"])
    return NewInvitation(
        link=link,
        email=user.email,
        name=user.name,
        days=int(current_app.config["INVITATION_DAYS"]),
        for_representative=False,
    )


def _still_invited(member: GroupHomeMember) -> None:
    """Refuse unless `member` is invited and has not accepted (nor been removed)."""
    if member.ended_at is not None:
        raise HomeRuleError(_("Inbjudan till %(name)s är redan borttagen.", name=member.user.name))
    if not member.invited_only:
        raise HomeRuleError(_("%(name)s har redan tackat ja och arbetar här.", name=member.user.name))


def send_again(member: GroupHomeMember, by: User) -> NewInvitation:
    """A new link for someone invited who has not accepted (it was lost, or ran out)."""
    _still_invited(member)
    record_home_event(member.home, by, HomeEventKind.INVITATION_SENT_AGAIN, member=member)
    return _send_invitation(member, by)


def withdraw_invitation(member: GroupHomeMember, by: User) -> None:
    """Take back the invitation of someone who has not accepted: the link stops working."""
    _still_invited(member)
    _end(member, by)
    record_home_event(member.home, by, HomeEventKind.INVITATION_WITHDRAWN, member=member)
    db.session.commit()


def find_member(home: GroupHome, public_id: str) -> GroupHomeMember | None:
    return next((m for m in home.members if m.public_id == public_id), None)


def working_members(home: GroupHome) -> list[GroupHomeMember]:
    """Those who work at the home now (they have accepted), by name."""
    return sorted(home.active_members, key=lambda m: m.user.name.casefold())


def invited_members(home: GroupHome) -> list[GroupHomeMember]:
    """Those invited to the home who have not accepted yet, the newest invitation first."""
    found = [m for m in home.members if m.ended_at is None and m.invited_only]
    return sorted(found, key=lambda m: m.added_at, reverse=True)


def end_membership(member: GroupHomeMember, by: User) -> None:
    """The person no longer works at the home: their access to its residents ends at once (the
    access module asks on every request), and their open invitation to the home stops working."""
    if member.ended_at is not None:
        raise HomeRuleError(_("%(name)s arbetar inte längre på boendet.", name=member.user.name))
    if member.user_id == by.id:
        raise HomeRuleError(_("Du kan inte ta bort dig själv. Ring vårdcentralen."))
    _end(member, by)
    record_home_event(member.home, by, HomeEventKind.MEMBER_REMOVED, member=member)
    db.session.commit()


def _end(member: GroupHomeMember, by: User) -> None:
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
