"""Who may see or change what, for which patient. The only module that decides.

Every route that touches patient data is wrapped in `patient_access` (the patient's id is in the
URL) or `acting_patient_access` (the patient is the signed-in patient, or the one a representative
has chosen to help). Both resolve the patient, ask `decide`, write the read to the access log and
hand the view a `Grant` that says on what terms the user acts.

Answers: nobody signed in -> the sign-in page; an id that does not exist, or a patient the user has
no tie to -> 404 (so ids cannot be probed); a tie without the needed right (missing scope, revoked
or expired mandate, admin) -> 403.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import select

from .extensions import db
from .models import Mandate, MandateStatus, Patient, Role, Scope, StaffMember, User

PUBLIC_ID = re.compile(r"[0-9a-f]{32}")


class Capability(enum.StrEnum):
    SEE = Scope.SEE.value
    PREPARE_VISITS = Scope.PREPARE_VISITS.value
    WRITE_TO_VARDLOTS = Scope.WRITE_TO_VARDLOTS.value
    CHANGE_NEEDS = Scope.CHANGE_NEEDS.value
    # Clinic work that only staff do: invitations, mandates, the patient record itself.
    MANAGE = "manage"


class ActingAs(enum.StrEnum):
    PATIENT = "patient"
    REPRESENTATIVE = "representative"
    STAFF = "staff"


@dataclass(frozen=True)
class Grant:
    """Permission for one user to do one thing for one patient, and in what capacity."""

    user: User
    patient: Patient
    capability: Capability
    acting_as: ActingAs
    mandate: Mandate | None = None
    staff_member: StaffMember | None = None


class AccessDenied(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def today() -> date:
    return date.today()


def active_mandate(user: User, patient: Patient, on: date | None = None) -> Mandate | None:
    on = on or today()
    for mandate in patient.mandates:
        if (
            mandate.representative_id == user.id
            and mandate.effective_status(on) is MandateStatus.ACTIVE
        ):
            return mandate
    return None


def decide(user: User, patient: Patient, capability: Capability) -> Grant:
    """Return the grant for `user` to do `capability` for `patient`, or raise AccessDenied."""
    if not user.is_authenticated or not user.active:
        raise AccessDenied(404)
    if user.role is Role.PATIENT:
        if patient.user_id == user.id and capability is not Capability.MANAGE:
            return Grant(user, patient, capability, ActingAs.PATIENT)
        raise AccessDenied(403 if patient.user_id == user.id else 404)
    if user.role is Role.REPRESENTATIVE:
        ties = [m for m in patient.mandates if m.representative_id == user.id]
        if not ties:
            raise AccessDenied(404)
        mandate = active_mandate(user, patient)
        if mandate is None or capability is Capability.MANAGE:
            raise AccessDenied(403)
        if Scope(capability.value) not in mandate.scopes:
            raise AccessDenied(403)
        return Grant(user, patient, capability, ActingAs.REPRESENTATIVE, mandate=mandate)
    if user.role is Role.STAFF:
        staff = user.staff_member
        if staff is None or staff.clinic_id != patient.clinic_id:
            raise AccessDenied(404)
        return Grant(user, patient, capability, ActingAs.STAFF, staff_member=staff)
    # Admins manage clinics and staff accounts; they see no patient data.
    raise AccessDenied(403)


def can(user: User, patient: Patient, capability: Capability) -> bool:
    try:
        decide(user, patient, capability)
    except AccessDenied:
        return False
    return True


def staff_clinic_id() -> int:
    """The clinic of the signed-in staff member; 403 for anyone else."""
    if not current_user.is_authenticated or current_user.role is not Role.STAFF:
        abort(403)
    staff = current_user.staff_member
    if staff is None:
        abort(403)
    return staff.clinic_id


def represented_patients(user: User) -> list[tuple[Patient, Mandate]]:
    """The patients a representative may act for today, with the mandate that allows it."""
    on = today()
    rows = db.session.scalars(
        select(Mandate).where(
            Mandate.representative_id == user.id, Mandate.status == MandateStatus.ACTIVE
        )
    ).all()
    pairs = [(m.patient, m) for m in rows if m.effective_status(on) is MandateStatus.ACTIVE]
    return sorted(pairs, key=lambda pair: pair[0].display_name.casefold())


ACTING_FOR_KEY = "acting_for"


def choose_patient(user: User, patient: Patient) -> None:
    """Remember whom a representative helps now; refuses a patient without an active mandate."""
    if active_mandate(user, patient) is None:
        raise AccessDenied(404)
    session[ACTING_FOR_KEY] = patient.public_id


def acting_patient() -> Patient | None:
    """The patient whose pages the signed-in user is on: themself, or whom they help now."""
    if "acting_patient" in g:
        return g.acting_patient
    patient: Patient | None = None
    if current_user.is_authenticated:
        if current_user.role is Role.PATIENT:
            patient = current_user.patient
        elif current_user.role is Role.REPRESENTATIVE:
            public_id = session.get(ACTING_FOR_KEY)
            if public_id:
                candidate = db.session.scalar(select(Patient).where(Patient.public_id == public_id))
                if candidate is not None and active_mandate(current_user, candidate):
                    patient = candidate
                else:
                    session.pop(ACTING_FOR_KEY, None)
            if patient is None:
                pairs = represented_patients(current_user)
                if len(pairs) == 1:  # someone who helps only one person need not choose
                    patient = pairs[0][0]
                    session[ACTING_FOR_KEY] = patient.public_id
    g.acting_patient = patient
    return patient


def _run_with_grant(view: Callable, grant: Grant, kwargs: dict):
    from . import audit

    g.grant = grant
    response = current_app.make_response(view(grant, **kwargs))
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        if not g.get("audit_wrote"):  # a print or an export is logged as that, not as a read
            audit.record(grant, audit.AccessAction.READ, request.endpoint or "page")
    elif request.method == "POST" and response.status_code == 200 and not g.get("audit_wrote"):
        # A form shown again with its errors still shows the patient's data.
        audit.record(grant, audit.AccessAction.READ, request.endpoint or "page")
    db.session.commit()
    return response


def patient_access(capability: Capability) -> Callable:
    """For routes with `<patient_id>` in the URL: resolve the patient and check the capability."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(patient_id: str, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not PUBLIC_ID.fullmatch(patient_id):
                abort(404)  # e.g. a NUL byte, which PostgreSQL refuses in a string
            patient = db.session.scalar(select(Patient).where(Patient.public_id == patient_id))
            if patient is None:
                abort(404)
            try:
                grant = decide(current_user, patient, capability)
            except AccessDenied as denied:
                abort(denied.status)
            return _run_with_grant(view, grant, kwargs)

        wrapper.required_capability = capability  # read by the access-matrix tests
        wrapper.patient_from = "url"
        return wrapper

    return decorator


def acting_patient_access(capability: Capability) -> Callable:
    """For the patient's own pages: the signed-in patient, or the patient a representative helps."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(**kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in (Role.PATIENT, Role.REPRESENTATIVE):
                abort(403)
            patient = acting_patient()
            if patient is None:
                if current_user.role is Role.REPRESENTATIVE:
                    return redirect(url_for("home.choose_patient", next=request.full_path))
                abort(403)
            try:
                grant = decide(current_user, patient, capability)
            except AccessDenied as denied:
                abort(denied.status)
            return _run_with_grant(view, grant, kwargs)

        wrapper.required_capability = capability
        wrapper.patient_from = "session"
        return wrapper

    return decorator
