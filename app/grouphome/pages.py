"""What the clinic's and the manager's pages about a home's people share: inviting someone to
work at the home (the clinic invites the manager, the manager their staff) is one flow, the form,
the refusal in plain words, and the page with the new link."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..models import GroupHome, HomeRole
from . import services
from .forms import MemberForm


def invite_page(home: GroupHome, role: HomeRole, *, back: str, page_title: str):
    """The invitation form for `role` at `home`; when sent, the page with the link (`back`: where
    "Tillbaka" and "Avbryt" go)."""
    form = MemberForm()
    if form.validate_on_submit():
        try:
            invitation = services.invite_member(
                home, name=form.name.data, email=form.email.data, role=role, invited_by=current_user
            )
        except services.HomeRuleError as problem:
            form.refuse(problem)
        else:
            return invitation_page(invitation, home, back=back)
    return render_template(
        "grouphome/invite_member.html",
        form=form,
        home=home,
        manager=role is HomeRole.MANAGER,
        back=back,
        page_title=page_title,
    )


def invitation_page(invitation: services.NewInvitation, home: GroupHome, *, back: str, again: bool = False):
    """The link just made (shown only now), as text and as a QR code."""
    return render_template(
        "grouphome/invitation_created.html", invitation=invitation, home=home, back=back, again=again
    )
