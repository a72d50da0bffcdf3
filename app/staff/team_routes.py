"""Vem jobbar här? on the staff side: the clinic's team as patients see it, its order (the
vårdlots's: `StaffRight.TEAM`), and each staff member's own presentation. Clinic data, not
patient data: nothing here is written to the access log, and only one's own clinic is shown."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.access import StaffRight, staff_clinic_id, staff_page
from ..core.rules import RuleError
from . import bp, team
from .forms import MoveForm, PresentationForm


@bp.route("/vem-jobbar-har")
@staff_page()  # the clinic's own team: any staff member
def team_page():
    """The team in the order patients see it; those who chose not to be on the page are shown
    to staff too (marked), so that the vårdlots can still put them in order."""
    return render_template(
        "team/staff_team.html",
        places=team.places(staff_clinic_id()),
        move_form=MoveForm(formdata=None),
        me=current_user.staff_member,
        page_title=_("Vem jobbar här?"),
        **team.team_helpers(),
    )


@bp.route("/vem-jobbar-har/<member_id>/flytta", methods=["POST"])
@staff_page(StaffRight.TEAM)
def team_move(member_id: str):
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        moved = team.move(staff_clinic_id(), member_id, form.direction.data)
    except RuleError as problem:
        flash(problem.message, "error")
        return redirect(url_for("staff.team_page"))
    flash(_("Klart. Ordningen är ändrad."), "success")
    return redirect(url_for("staff.team_page", _anchor=f"person-{moved.public_id}"))


@bp.route("/min-presentation", methods=["GET", "POST"])
@staff_page()  # one's own presentation: any staff member
def my_presentation():
    """What patients read about the staff member on Vem jobbar här?, in easy Swedish (with its
    LIX) and, if they want, in English and Arabic; and whether they are on the page at all."""
    me = current_user.staff_member
    form = PresentationForm(
        data={
            "presentation": me.presentation,
            "presentation_en": me.presentation_en,
            "presentation_ar": me.presentation_ar,
            "on_team_page": me.on_team_page,
        }
    )
    if form.validate_on_submit():
        try:
            team.save_presentation(
                me,
                team.Presentation(
                    swedish=form.presentation.data or "",
                    english=form.presentation_en.data or "",
                    arabic=form.presentation_ar.data or "",
                    on_page=bool(form.on_team_page.data),
                    still_same=frozenset(
                        language
                        for language, field in (("en", form.still_en), ("ar", form.still_ar))
                        if field.data
                    ),
                ),
            )
        except RuleError as problem:
            form.refuse(problem)
        else:
            if team.out_of_date(me):
                # Back to the form, where the translations to look at are marked (found by a
                # persona walk: the warning was there only for one who came back to the form).
                flash(
                    _(
                        "Vi har sparat din presentation. Titta nu på texten på engelska eller "
                        "arabiska: säger den samma sak som den svenska?"
                    ),
                    "warning",
                )
                return redirect(url_for("staff.my_presentation"))
            flash(_("Klart. Vi har sparat din presentation."), "success")
            return redirect(url_for("staff.team_page", _anchor=f"person-{me.public_id}"))
    return render_template(
        "team/my_presentation.html",
        form=form,
        me=me,
        out_of_date=team.out_of_date(me),
        lix_limit=team.PRESENTATION_LIX,
        page_title=_("Min presentation"),
    )
