"""The home manager's pages, "Vårt boende" (/boendet/...): the home's staff and those invited,
inviting (again), taking back an invitation, removing staff, and "Vem gjorde vad". Only a
manager of the home in the URL gets them (`home_manager_page` in app/core/access.py)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.access import home_manager_page, managed_membership
from ..models import GroupHome, GroupHomeMember, HomeRole
from ..staff.forms import ConfirmForm
from ..tablet.services import minutes_words
from ..templating import when
from . import bp, services
from . import log as home_log
from .forms import HomeLogFilterForm, LockTimeForm
from .pages import invitation_page, invite_page


@bp.get("/")
@login_required
def index():
    """The way in: the home the signed-in manager manages."""
    member = managed_membership(current_user)
    if member is None:
        abort(404)
    return redirect(url_for("grouphome.our_home", home_id=member.home.public_id))


@bp.get("/<home_id>/")
@home_manager_page
def our_home(member: GroupHomeMember):
    home = member.home
    return render_template(
        "grouphome/our_home.html",
        home=home,
        me=member,
        members=services.working_members(home),
        invited=services.invited_members(home),
        HomeRole=HomeRole,
        lock_words=minutes_words(home.lock_minutes),
        lock_changed=services.lock_time_changed(home),
        when=when,
        page_title=_("Vårt boende"),
    )


@bp.route("/<home_id>/surfplattan-lases", methods=["GET", "POST"])
@home_manager_page
def lock_time(member: GroupHomeMember):
    """The manager sets how long the home's tablet may lie untouched before it locks."""
    home = member.home
    form = LockTimeForm()
    form.offer(home.lock_minutes)
    if request.method == "GET":
        form.lock_minutes.data = home.lock_minutes
    if form.validate_on_submit():
        try:
            services.set_lock_minutes(home, form.lock_minutes.data, current_user)
        except services.HomeRuleError as problem:
            form.refuse(problem)
        else:
            flash(
                _("Klart. Surfplattan låses efter %(time)s.", time=minutes_words(home.lock_minutes)),
                "success",
            )
            return redirect(url_for("grouphome.our_home", home_id=home.public_id))
    return render_template(
        "grouphome/lock_time.html", form=form, home=home, page_title=_("När surfplattan låses")
    )


@bp.route("/<home_id>/personal/ny", methods=["GET", "POST"])
@home_manager_page
def staff_new(member: GroupHomeMember):
    home = member.home
    return invite_page(
        home,
        HomeRole.STAFF,
        back=url_for("grouphome.our_home", home_id=home.public_id),
        page_title=_("Lägg till personal"),
    )


def _other_or_404(home: GroupHome, member_id: str) -> GroupHomeMember:
    other = services.find_member(home, member_id)
    if other is None:
        abort(404)
    return other


@bp.route("/<home_id>/personal/<member_id>/skicka-igen", methods=["GET", "POST"])
@home_manager_page
def invitation_again(member: GroupHomeMember, member_id: str):
    """A new link for someone invited who has not accepted: asked first, then sent."""
    return _invitation_change(member, member_id, again=True)


@bp.route("/<home_id>/personal/<member_id>/ta-bort-inbjudan", methods=["GET", "POST"])
@home_manager_page
def invitation_withdraw(member: GroupHomeMember, member_id: str):
    """Take back an invitation that has not been accepted: asked first."""
    return _invitation_change(member, member_id, again=False)


def _invitation_change(member: GroupHomeMember, member_id: str, *, again: bool):
    home = member.home
    other = _other_or_404(home, member_id)
    back = url_for("grouphome.our_home", home_id=home.public_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            if again:
                return invitation_page(services.send_again(other, current_user), home, back=back, again=True)
            services.withdraw_invitation(other, current_user)
        except services.HomeRuleError as problem:
            form.refuse(problem)
        else:
            flash(
                _("Inbjudan till %(name)s är borttagen. Länken fungerar inte längre.", name=other.user.name),
                "success",
            )
            return redirect(back)
    return render_template(
        "grouphome/invitation_change.html",
        form=form,
        home=home,
        other=other,
        again=again,
        back=back,
        page_title=_("Skicka inbjudan igen") if again else _("Ta bort inbjudan"),
    )


@bp.route("/<home_id>/personal/<member_id>/ta-bort", methods=["GET", "POST"])
@home_manager_page
def staff_remove(member: GroupHomeMember, member_id: str):
    home = member.home
    other = _other_or_404(home, member_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.end_membership(other, current_user)
        except services.HomeRuleError as problem:
            form.refuse(problem)
        else:
            flash(_("%(name)s kan inte längre hjälpa någon på boendet.", name=other.user.name), "success")
            return redirect(url_for("grouphome.our_home", home_id=home.public_id))
    return render_template(
        "grouphome/staff_remove.html",
        form=form,
        home=home,
        other=other,
        page_title=_("Ta bort %(name)s", name=other.user.name),
    )


@bp.get("/<home_id>/vem-gjorde-vad")
@home_manager_page
def log(member: GroupHomeMember):
    """Filtered by resident (`boende`) or by person (`personal`), a page (`sida`) at a time. A
    choice that is not in the lists is refused in plain words, and the whole log is shown."""
    home = member.home
    grants = home_log.resident_grants(member)
    people = home_log.people(home)
    form = HomeLogFilterForm(formdata=request.args)
    form.boende.choices = [("", _("Alla"))] + [
        (g.patient.public_id, g.patient.display_name)
        for g in sorted(grants.values(), key=lambda g: g.patient.display_name.casefold())
    ]
    form.personal.choices = [("", _("Alla"))] + [(p.public_id, p.label) for p in people]
    patient_id, person = None, None
    if form.validate():
        patient_id = next((pid for pid, g in grants.items() if g.patient.public_id == form.boende.data), None)
        person = next((p for p in people if p.public_id == form.personal.data), None)
    page = request.args.get("sida", 1, type=int) or 1
    found = home_log.home_log(member, grants, patient_id=patient_id, person=person, page=page)
    # The filter the older and newer pages keep.
    args = {"boende": patient_id and form.boende.data, "personal": person and form.personal.data}
    return render_template(
        "grouphome/log.html",
        home=home,
        form=form,
        log=found,
        args=args,
        filtered=bool(patient_id or person),
        page_title=_("Vem gjorde vad"),
    )
