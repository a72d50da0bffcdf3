"""The home manager's pages, "Vårt boende" (/boendet/...): the home's staff, inviting and
removing them, and "Vem gjorde vad". Only a manager of the home in the URL gets them
(`home_manager_page` in app/core/access.py)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.access import home_manager_page, managed_membership
from ..models import GroupHomeMember, HomeRole
from ..staff.forms import ConfirmForm
from ..tablet.services import minutes_words
from ..templating import when
from . import bp, services
from .forms import LockTimeForm, MemberForm


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
        members=home.active_members,
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
    form = MemberForm()
    if form.validate_on_submit():
        try:
            invitation = services.invite_member(
                home, name=form.name.data, email=form.email.data, role=HomeRole.STAFF, invited_by=current_user
            )
        except services.HomeRuleError as problem:
            form.refuse(problem)
        else:
            back = url_for("grouphome.our_home", home_id=home.public_id)
            return render_template(
                "grouphome/invitation_created.html", invitation=invitation, home=home, back=back
            )
    return render_template(
        "grouphome/invite_member.html",
        form=form,
        home=home,
        manager=False,
        page_title=_("Lägg till personal"),
    )


@bp.route("/<home_id>/personal/<member_id>/ta-bort", methods=["GET", "POST"])
@home_manager_page
def staff_remove(member: GroupHomeMember, member_id: str):
    home = member.home
    other = services.find_member(home, member_id)
    if other is None:
        abort(404)
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
    people = services.home_log(member)
    return render_template(
        "grouphome/log.html", home=member.home, people=people, page_title=_("Vem gjorde vad")
    )
