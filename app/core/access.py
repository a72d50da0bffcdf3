"""Who may see or change what, for which patient. The only module that decides.

Every route that touches patient data is wrapped in `patient_access` (staff pages, with
`<patient_id>` in the URL) or `acting_patient_access` (the pages under /min-sida/<patient id>/ for
the patient and the people who help them). Both resolve the patient from the URL, ask `decide`,
write the read to the access log and hand the view a `Grant` that says on what terms the user acts.

Answers: nobody signed in -> the sign-in page; an id that does not exist, or a patient the user has
no tie to -> 404 (so ids cannot be probed); a tie without the needed right (missing scope, revoked
or expired mandate, admin, a staff member whose duties do not include the staff right) -> 403, for
a helper as a page that names the person, keeps what they typed and says what to do.

A helper acts under a personal mandate or under the clinic's mandate to the group home they work
at (see "group homes" below); a home's manager gets the home's own pages (`home_manager_page`).

Staff rights (`StaffRight`, from the duties the admin sets per account) are decided here too: every
staff page needs `StaffRight.CARE` unless its view says otherwise, with `patient_access(capability,
*rights)` for pages about one patient and `staff_page(*rights)` for the others (`staff_page()`: a
page any staff member may open, such as their own photo). The staff area's guard
(`check_staff_page`) asks for every request; templates ask `may_open(endpoint)` before they show a
link or a button, so nobody is shown what they may not do.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable
from datetime import date

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    render_template,
    request,
    session,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.routing import BaseConverter

from ..extensions import db, login_manager
from ..models import (
    Duty,
    GroupHomeMember,
    HomeMandate,
    Mandate,
    MandateStatus,
    Patient,
    Role,
    Scope,
    StaffMember,
    User,
)
from . import audit
from .clock import today
from .forms import typed_texts
from .grants import ActingAs, Capability, Grant

PUBLIC_ID = re.compile(r"[0-9a-f]{32}")


class AccessDenied(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class StaffRight(enum.StrEnum):
    """What a staff member may do at their clinic, by their duties (`StaffMember.duties`, set by
    the admin per account)."""

    CARE = "care"  # patients, visits, answering messages and callbacks, booking
    MANDATES = "mandates"  # verify, revoke and add mandates
    INVITATIONS = "invitations"  # invite patients and helpers
    ASSIGN = "assign"  # give inbox work and visit requests to a colleague
    SPOT_CHECK = "spot_check"  # spot checks of the access log, never of one's own events


DUTY_RIGHTS: dict[Duty, frozenset[StaffRight]] = {
    Duty.COORDINATOR: frozenset(
        {StaffRight.CARE, StaffRight.MANDATES, StaffRight.INVITATIONS, StaffRight.ASSIGN}
    ),
    Duty.CLINICIAN: frozenset({StaffRight.CARE}),
    Duty.LOG_REVIEWER: frozenset({StaffRight.SPOT_CHECK}),
}


def staff_may(staff: StaffMember | None, right: StaffRight) -> bool:
    """Whether this staff member's duties include `right` (False for no staff member)."""
    if staff is None or not staff.user.active:
        return False
    known = {duty.value for duty in Duty}
    return any(right in DUTY_RIGHTS[Duty(duty)] for duty in staff.duties or [] if duty in known)


# What a staff page needs when its view says nothing: the work of caring for patients.
CARE_WORK = frozenset({StaffRight.CARE})


def may_assign(staff: StaffMember | None, current: StaffMember | None, new: StaffMember | None) -> bool:
    """Whether `staff` may move inbox work from `current` to `new` (None: nobody). Taking work
    nobody has, or letting go of one's own, is care work; giving it to a colleague, or taking it
    from one, is the coordinator's (`StaffRight.ASSIGN`)."""
    if staff is None:
        return False
    if staff_may(staff, StaffRight.ASSIGN):
        return True
    ids = {member.id for member in (current, new) if member is not None}
    return staff_may(staff, StaffRight.CARE) and ids <= {staff.id}


def may_spot_check(staff: StaffMember | None, event) -> bool:
    """Whether `staff` may spot-check this access event: a log reviewer of the event's clinic,
    never on an event of their own."""
    return (
        staff is not None
        and staff_may(staff, StaffRight.SPOT_CHECK)
        and event.clinic_id == staff.clinic_id
        and event.user_id != staff.user_id
    )


def active_mandate(user: User, patient: Patient, on: date | None = None) -> Mandate | None:
    on = on or today()
    for mandate in patient.mandates:
        if mandate.representative_id == user.id and mandate.effective_status(on) is MandateStatus.ACTIVE:
            return mandate
    return None


# --- group homes -----------------------------------------------------------------------------------
#
# A group home's staff and manager act for the home's residents under the clinic's mandate to the
# home (`HomeMandate`, app/models/home.py), each signed in as themself, while their membership
# lasts: it is asked on every request, so leaving the home ends access at once, also in a session
# already open. A person with a personal mandate too gets the union of the two: the personal
# mandate is asked first (the log then names its kind, "god man"), and the home's mandate when the
# personal one does not cover what they do (the log then names the home, "Jonas Lund (Solgläntan)").
# A former worker of a home with a mandate for the patient has a tie that ended (403, as a revoked
# mandate); staff of another home have none (404).


def home_memberships(user: User, *, active_only: bool = True) -> list[GroupHomeMember]:
    """The user's work at group homes (only what lasts today unless `active_only` is False)."""
    query = select(GroupHomeMember).where(GroupHomeMember.user_id == user.id)
    if active_only:
        query = query.where(GroupHomeMember.ended_at.is_(None))
    rows = db.session.scalars(query.order_by(GroupHomeMember.id)).all()
    # Only invited, not yet accepted: no work there yet (`GroupHomeMember.active`).
    return [m for m in rows if m.active] if active_only else list(rows)


def managed_membership(user: User, home_public_id: str | None = None) -> GroupHomeMember | None:
    """The user's active manager membership (of the home `home_public_id` names, else the first)."""
    if not user.is_authenticated or user.role is not Role.REPRESENTATIVE:
        return None
    for member in home_memberships(user):
        if member.is_manager and (home_public_id is None or member.home.public_id == home_public_id):
            return member
    return None


def active_home_mandate(user: User, patient: Patient) -> HomeMandate | None:
    """The mandate in force of a home the user works at today, for `patient`."""
    homes = {m.home_id for m in home_memberships(user)}
    for mandate in patient.home_mandates:
        if mandate.home_id in homes and mandate.status is MandateStatus.ACTIVE:
            return mandate
    return None


def _home_tie(user: User, patient: Patient) -> bool:
    """Whether the user works or worked at a home that has or had a mandate for `patient`."""
    homes = {m.home_id for m in home_memberships(user, active_only=False)}
    return any(mandate.home_id in homes for mandate in patient.home_mandates)


def may_help(user: User, patient: Patient) -> bool:
    """Whether a helper may act for `patient` today, under a personal or a home mandate."""
    return active_mandate(user, patient) is not None or active_home_mandate(user, patient) is not None


def home_manager_page(view: Callable) -> Callable:
    """For the manager's pages about one home (`<home_id>` in the URL): the signed-in user must
    manage that home today; anyone else gets 404 (so homes cannot be probed), nobody signed in
    the sign-in page. The view gets the manager's membership."""

    @functools.wraps(view)
    def wrapper(home_id: str, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        member = managed_membership(current_user, home_id) if PUBLIC_ID.fullmatch(home_id) else None
        if member is None:
            abort(404)
        return view(member, **kwargs)

    vars(wrapper).update(home_from="url")
    return wrapper


def decide(
    user: User, patient: Patient, capability: Capability, rights: frozenset[StaffRight] = CARE_WORK
) -> Grant:
    """Return the grant for `user` to do `capability` for `patient`, or raise AccessDenied.
    Staff of the patient's clinic also need every one of `rights`."""
    if not user.is_authenticated or not user.active:
        raise AccessDenied(404)
    if user.role is Role.PATIENT:
        if patient.user_id == user.id and capability is not Capability.MANAGE:
            return Grant(user, patient, capability, ActingAs.PATIENT)
        raise AccessDenied(403 if patient.user_id == user.id else 404)
    if user.role is Role.REPRESENTATIVE:
        ties = [m for m in patient.mandates if m.representative_id == user.id]
        if not ties and not _home_tie(user, patient):
            raise AccessDenied(404)
        if capability is Capability.MANAGE:
            raise AccessDenied(403)
        mandate = active_mandate(user, patient)
        if mandate is not None and Scope(capability.value) in mandate.scopes:
            return Grant(user, patient, capability, ActingAs.REPRESENTATIVE, mandate=mandate)
        home_mandate = active_home_mandate(user, patient)
        if home_mandate is not None and Scope(capability.value) in home_mandate.scopes:
            return Grant(user, patient, capability, ActingAs.REPRESENTATIVE, home_mandate=home_mandate)
        raise AccessDenied(403)
    if user.role is Role.STAFF:
        staff = user.staff_member
        if staff is None or staff.clinic_id != patient.clinic_id:
            raise AccessDenied(404)
        if not all(staff_may(staff, right) for right in rights):
            raise AccessDenied(403)
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


def _signed_in_staff() -> StaffMember | None:
    if not current_user.is_authenticated or current_user.role is not Role.STAFF:
        return None
    return current_user.staff_member


def rights_of_view(view: Callable | None) -> frozenset[StaffRight]:
    """The staff rights a staff page's view needs (care work unless it says otherwise)."""
    return getattr(view, "required_staff_rights", CARE_WORK)


def may_open(endpoint: str) -> bool:
    """Whether the signed-in staff member's duties let them open the page at `endpoint`: for
    templates, which show a link or a button only to those who may use it."""
    staff = _signed_in_staff()
    rights = rights_of_view(current_app.view_functions.get(endpoint))
    return staff is not None and all(staff_may(staff, right) for right in rights)


def may(right: StaffRight) -> bool:
    """Whether the signed-in staff member has `right` (for what a page shows in part)."""
    return staff_may(_signed_in_staff(), right)


def check_staff_page() -> None:
    """The staff area's guard, after `staff_clinic_id`: 403 for a page the signed-in staff
    member's duties do not allow. Pages about one patient decide in `patient_access` (another
    clinic's patient is 404 there, whatever one's duties)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or getattr(view, "patient_from", None):
        return
    if not may_open(request.endpoint or ""):
        abort(403)


def staff_page(*rights: StaffRight) -> Callable:
    """For staff pages about no one patient: the staff rights they need (none: any staff member)."""
    needed = frozenset(rights)

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            staff = _signed_in_staff()
            if staff is None or not all(staff_may(staff, right) for right in needed):
                abort(403)
            return view(*args, **kwargs)

        vars(wrapper).update(required_staff_rights=needed)
        return wrapper

    return decorator


def represented_patients(user: User) -> list[tuple[Patient, Mandate | HomeMandate]]:
    """The patients a representative may act for today, with the mandate that allows it: their
    personal mandates, then the residents of the homes they work at (once each)."""
    on = today()
    rows = db.session.scalars(
        select(Mandate).where(Mandate.representative_id == user.id, Mandate.status == MandateStatus.ACTIVE)
    ).all()
    pairs: list[tuple[Patient, Mandate | HomeMandate]] = [
        (m.patient, m) for m in rows if m.effective_status(on) is MandateStatus.ACTIVE
    ]
    homes = [m.home_id for m in home_memberships(user)]
    if homes:
        seen = {patient.id for patient, _m in pairs}
        for home_mandate in db.session.scalars(
            select(HomeMandate)
            .where(HomeMandate.home_id.in_(homes), HomeMandate.status == MandateStatus.ACTIVE)
            .order_by(HomeMandate.id)
        ):
            if home_mandate.patient_id not in seen:
                seen.add(home_mandate.patient_id)
                pairs.append((home_mandate.patient, home_mandate))
    return sorted(pairs, key=lambda pair: pair[0].display_name.casefold())


# --- whom a patient-side page is for ------------------------------------------------------------
#
# Every page under /min-sida/ carries the public id of the patient it is for
# (/min-sida/<id>/kontakt/ ...): the page, not the session, says whom a helper acts for. Two tabs
# for two people both work, the back button is safe, and a link about Erik opens for Erik. The
# session only remembers whom a helper chose last, for the way in (/min-sida/) and for the links
# on pages that are about nobody in particular (Inställningar, say).

PATIENT_IN_URL = "for_patient"  # the URL variable; the app's url_value_preprocessor takes it out
ACTING_FOR_KEY = "acting_for"


class PatientIdConverter(BaseConverter):
    """`<patient:for_patient>`: a patient's public id, and nothing else."""

    regex = PUBLIC_ID.pattern


def init_app(app: Flask) -> None:
    """Register the converter (before the blueprints) and the URL hooks that carry the patient."""
    app.url_map.converters["patient"] = PatientIdConverter
    app.add_template_global(may_open)
    app.add_template_global(may)
    app.add_template_global(StaffRight)

    @app.url_value_preprocessor
    def take_patient_from_url(endpoint: str | None, values: dict | None) -> None:
        if values and PATIENT_IN_URL in values:
            g.patient_in_url = values.pop(PATIENT_IN_URL)

    @app.url_defaults
    def add_patient_to_url(endpoint: str, values: dict) -> None:
        if PATIENT_IN_URL in values or not app.url_map.is_endpoint_expecting(endpoint, PATIENT_IN_URL):
            return
        patient = acting_patient()
        if patient is not None:
            values[PATIENT_IN_URL] = patient.public_id


def patient_by_public_id(public_id: str) -> Patient | None:
    """The patient a URL names, with what nearly every page about them shows (their clinic in
    the header, their vårdlots) loaded in the same query."""
    return db.session.scalar(
        select(Patient)
        .options(
            joinedload(Patient.clinic),
            joinedload(Patient.vardlots).joinedload(StaffMember.user),
        )
        .where(Patient.public_id == public_id)
    )


def chosen_patient(user: User) -> Patient | None:
    """Whom a representative chose last (if they still may help them), else the only person
    they help; None when they must choose. Only a way in: it never decides what a form is for."""
    public_id = session.get(ACTING_FOR_KEY)
    if public_id:
        candidate = db.session.scalar(select(Patient).where(Patient.public_id == public_id))
        if candidate is not None and may_help(user, candidate):
            return candidate
        session.pop(ACTING_FOR_KEY, None)
    pairs = represented_patients(user)
    return pairs[0][0] if len(pairs) == 1 else None


def acting_patient() -> Patient | None:
    """The patient a page is for: the one its URL names (once access to them was granted);
    on other pages the signed-in patient, or whom a representative chose last."""
    if "acting_patient" in g:
        return g.acting_patient
    patient: Patient | None = None
    if current_user.is_authenticated:
        if current_user.role is Role.PATIENT:
            patient = current_user.patient
        elif current_user.role is Role.REPRESENTATIVE:
            patient = chosen_patient(current_user)
    g.acting_patient = patient
    return patient


def _now_helping(patient: Patient) -> None:
    """A helper opened a page for `patient`: remember it, and say so when it is someone new."""
    before = session.get(ACTING_FOR_KEY)
    if before != patient.public_id:
        session[ACTING_FOR_KEY] = patient.public_id
        if before:
            flash(_("Nu hjälper du %(name)s.", name=patient.display_name), "info")


def _refused_helper(patient: Patient):
    """The page for a helper whose right to act for `patient` has ended (or does not cover this):
    it names the person, says that nothing was saved, shows what was typed, and what to do."""
    if not may_help(current_user, patient):
        title = _("Du kan inte hjälpa %(name)s i Lotsen nu", name=patient.display_name)
        # Why, in the words the choose page uses: ended for good, run out, or not yet begun
        # (a former worker of the resident's home: ended).
        on = today()
        ties = sorted(
            (m for m in patient.mandates if m.representative_id == current_user.id), key=lambda m: m.id
        )
        status = ties[-1].effective_status(on) if ties else MandateStatus.REVOKED
    else:
        title = _("Du får inte göra det här för %(name)s", name=patient.display_name)
        status = MandateStatus.ACTIVE
    others = [p for p, _m in represented_patients(current_user) if p.id != patient.id]
    g.acting_patient = None  # the banner would name someone else: this page is about `patient`
    posted = request.method == "POST"
    html = render_template(
        "errors/not_helping.html",
        page_title=title,
        patient=patient,
        status=status,
        MandateStatus=MandateStatus,
        posted=posted,
        others=others,
        typed=typed_texts() if posted else [],
    )
    return current_app.make_response((html, 403))


def _run_with_grant(view: Callable, grant: Grant, kwargs: dict):
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


def patient_access(capability: Capability, *rights: StaffRight) -> Callable:
    """For routes with `<patient_id>` in the URL: resolve the patient and check the capability,
    and that the staff member's duties give every one of `rights` (care work when none is named)."""
    needed = frozenset(rights) or CARE_WORK

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(patient_id: str, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not PUBLIC_ID.fullmatch(patient_id):
                abort(404)  # e.g. a NUL byte, which PostgreSQL refuses in a string
            patient = patient_by_public_id(patient_id)
            if patient is None:
                abort(404)
            try:
                grant = decide(current_user, patient, capability, needed)
            except AccessDenied as denied:
                abort(denied.status)
            return _run_with_grant(view, grant, kwargs)

        # Read by the access-matrix tests, and by `may_open`.
        vars(wrapper).update(required_capability=capability, patient_from="url", required_staff_rights=needed)
        return wrapper

    return decorator


def acting_patient_access(capability: Capability) -> Callable:
    """For the pages under /min-sida/<patient id>/: the signed-in patient's own, or those of the
    patient a representative helps. The URL names the patient; the session never decides."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(**kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in (Role.PATIENT, Role.REPRESENTATIVE):
                abort(403)
            public_id = g.get("patient_in_url", "")
            patient = patient_by_public_id(public_id) if PUBLIC_ID.fullmatch(public_id) else None
            if patient is None:
                abort(404)
            try:
                grant = decide(current_user, patient, capability)
            except AccessDenied as denied:
                if denied.status == 403 and current_user.role is Role.REPRESENTATIVE:
                    return _refused_helper(patient)
                abort(denied.status)
            g.acting_patient = patient
            if grant.acting_as is ActingAs.REPRESENTATIVE:
                _now_helping(patient)
            return _run_with_grant(view, grant, kwargs)

        vars(wrapper).update(required_capability=capability, patient_from="for_patient")
        return wrapper

    return decorator
