"""The patient's side of Mina anpassningar: one page per category and per free section, the
history, old versions and Mitt vårdpass. Reading needs the "see" right; changing needs the
"change needs" right (the patient has it; a representative only if the mandate says so)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import SelectChoice

from ..contact import suggestions
from ..core import audit
from ..core.access import acting_patient_access, can
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from . import bp, services, usual
from .catalogue import (
    CATEGORIES,
    CATEGORIES_BY_SLUG,
    SECTIONS,
    SECTIONS_BY_SLUG,
    needs_in,
)
from .forms import OrderForm, SuggestForm, category_form, section_form
from .pages import helpers

bp.context_processor(helpers)


def _about(grant: Grant, own, for_helper) -> str:
    """A heading in the patient's own words, or, for a helper, naming the patient."""
    return str(own) if grant.is_self else str(for_helper) % {"name": grant.patient.display_name}


def _save_page(grant: Grant, form, **page) -> bool:
    """Validate and save one page; True when the person may move on."""
    if not form.validate_on_submit():
        if form.version_refused:  # a page too old or forged: the next try starts from now
            form.reset_version(services.current_profile(grant.patient).number)
        return False
    try:
        revision = services.save(grant, base=form.version.data, **page)
    except RuleError as problem:
        form.refuse(problem)
        form.reset_version(services.current_profile(grant.patient).number)
        return False
    flash(
        _("Nu är det sparat.") if revision else _("Du ändrade ingenting."), "success" if revision else "info"
    )
    return True


@bp.route("/")
@acting_patient_access(Capability.SEE)
def overview(grant: Grant):
    profile = services.current_profile(grant.patient)
    title = (
        _("Mina anpassningar")
        if grant.is_self
        else _("Anpassningar för %(name)s", name=grant.patient.display_name)
    )
    return render_template(
        "needs/overview.html",
        grant=grant,
        profile=profile,
        categories=CATEGORIES,
        sections=SECTIONS,
        can_change=can(grant.user, grant.patient, Capability.CHANGE_NEEDS),
        usual_filled=len(profile.usual),
        usual_all=len(usual.AREAS),
        last_review=services.last_review(grant.patient),
        page_title=title,
        about=lambda own, for_helper: _about(grant, own, for_helper),
    )


def print_fit(profile: services.Profile) -> str:
    """How much still fits on page 1 of the printed vårdpass, in easy words."""
    layout = services.layout(services.passport(profile))
    if layout.step:
        return _("Vårdpasset är mycket fullt. Texten på papperet blir mindre. Skriv kort, om du kan.")
    if layout.pages > 1:
        return _(
            "Vårdpasset har 2 sidor nu. Det som inte får plats på sidan 1 står på sidan 2. Inget tas bort."
        )
    if layout.lines_left < 2:
        return _("Sidan 1 av vårdpasset är full. Skriver du mer, kommer det på sidan 2.")
    return ngettext(
        "På sidan 1 av vårdpasset finns plats för ungefär %(num)d rad till.",
        "På sidan 1 av vårdpasset finns plats för ungefär %(num)d rader till.",
        layout.lines_left,
    )


def _edit_page(grant: Grant, form, template: str, save: dict, **context):
    """A page of the profile: shown with the current version, saved, back to the overview."""
    if request.method == "POST":
        if _save_page(grant, form, **save):
            return redirect(url_for("needs.overview"))
    profile = services.current_profile(grant.patient)
    if request.method != "POST":
        form.fill(profile.needs, profile.sections, profile.number)
    return render_template(template, grant=grant, form=form, fit=print_fit(profile), **context)


@bp.route("/behov/<slug>", methods=["GET", "POST"])
@acting_patient_access(Capability.CHANGE_NEEDS)
def category(grant: Grant, slug: str):
    category = CATEGORIES_BY_SLUG.get(slug) or abort(404)
    form = category_form(category)()
    return _edit_page(
        grant,
        form,
        "needs/category.html",
        {"need_codes": [n.code for n in needs_in(category)], "needs": form.chosen()},
        category=category,
        needs=needs_in(category),
        page_title=_about(grant, category.question, category.question_for),
    )


@bp.route("/om-mig/<slug>", methods=["GET", "POST"])
@acting_patient_access(Capability.CHANGE_NEEDS)
def section(grant: Grant, slug: str):
    section = SECTIONS_BY_SLUG.get(slug) or abort(404)
    form = section_form(section)()
    return _edit_page(
        grant,
        form,
        "needs/section.html",
        {"field_keys": [f.key for f in section.fields], "sections": form.texts()},
        section=section,
        page_title=_about(grant, section.title, section.title_for),
    )


GENERAL = "alla"  # "Vad gäller det?": the needs in general, not one category


@bp.route("/foresla", methods=["GET", "POST"])
@acting_patient_access(Capability.SEE)
def suggest(grant: Grant):
    """A helper who may see the needs but not change them suggests a change: to the vårdlots,
    and to those who may change the needs (app/contact/suggestions.py). The overview offers it to
    them only; anyone who may see the needs may send one."""
    form = SuggestForm()
    if request.method == "GET" and not form.restored_from_draft:
        form.about.data = request.args.get("om", GENERAL)  # from a category's own button
    form.about.choices = [SelectChoice(GENERAL, _("Anpassningarna i stort"))] + [
        SelectChoice(c.key, c.title) for c in CATEGORIES
    ]
    if form.validate_on_submit():
        try:
            conversation = suggestions.suggest_needs_change(
                grant, "" if form.about.data == GENERAL else form.about.data, form.text.data
            )
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Tack! Vårdlotsen har fått ditt förslag."), "success")
            return redirect(url_for("contact.conversation", conversation_id=conversation.public_id))
    return render_template(
        "needs/suggest.html",
        grant=grant,
        form=form,
        can_change=can(grant.user, grant.patient, Capability.CHANGE_NEEDS),
        changers=[p.name for p in suggestions.needs_changers(grant.patient, but=grant.user)],
        page_title=_("Föreslå en ändring för %(name)s", name=grant.patient.display_name),
    )


@bp.route("/historik")
@acting_patient_access(Capability.SEE)
def history(grant: Grant):
    page = request.args.get("sida", 1, type=int) or 1
    entries, more = services.history(grant.patient, page)
    return render_template(
        "needs/history.html",
        grant=grant,
        entries=entries,
        more=more,
        page=page,
        version_endpoint="needs.version",
        url_args={},
        page_title=_("Vem har ändrat?")
        if grant.is_self
        else _("Vem har ändrat anpassningarna för %(name)s?", name=grant.patient.display_name),
    )


@bp.route("/historik/<int(min=1, max=2000000000):number>")
@acting_patient_access(Capability.SEE)
def version(grant: Grant, number: int):
    profile = services.profile_at(grant.patient, number) or abort(404)
    return render_template(
        "needs/version.html",
        grant=grant,
        profile=profile,
        back=url_for("needs.history"),
        page_title=_("Så här såg det ut förut")
        if grant.is_self
        else _("Så här såg det ut förut för %(name)s", name=grant.patient.display_name),
    )


@bp.route("/vardpass")
@acting_patient_access(Capability.SEE)
def passport(grant: Grant):
    profile = services.current_profile(grant.patient)
    return render_template(
        "needs/passport.html",
        grant=grant,
        profile=profile,
        parts=services.passport(profile),
        fit=print_fit(profile),
        contact=services.contact(profile),
        can_change=can(grant.user, grant.patient, Capability.CHANGE_NEEDS),
        print_url=url_for("needs.passport_print"),
        page_title=_("Mitt vårdpass")
        if grant.is_self
        else _("Vårdpass för %(name)s", name=grant.patient.display_name),
    )


@bp.route("/vardpass/utskrift")
@acting_patient_access(Capability.SEE)
def passport_print(grant: Grant):
    profile = services.current_profile(grant.patient)
    # Opening the print version is a read of it: only the browser knows whether it was printed.
    audit.record_page_read(grant, "needs.passport_print", str(profile.number))
    return render_template(
        "needs/passport_print.html",
        sheet=services.print_sheet(grant, profile),
        page_title=_("Mitt vårdpass"),
        back=url_for("needs.passport"),
    )


@bp.route("/vardpass/ordna", methods=["GET", "POST"])
@acting_patient_access(Capability.CHANGE_NEEDS)
def passport_order(grant: Grant):
    """Choose what goes under "Det här måste ni veta om mig", and in which order: one button per
    move (works without the script, by touch)."""
    form = OrderForm()
    if request.method == "POST":
        if form.validate_on_submit():
            move, _sep, key = form.move.data.partition(" ")
            try:
                revision = services.place(grant, base=form.version.data, key=key, move=move)
            except RuleError as problem:
                form.refuse(problem)
            else:
                flash(
                    _("Nu är det sparat.") if revision else _("Du ändrade ingenting."),
                    "success" if revision else "info",
                )
                return redirect(url_for("needs.passport_order") + "#" + services.item_anchor(key))
    profile = services.current_profile(grant.patient)
    form.reset_version(profile.number)
    parts = services.passport(profile)
    return render_template(
        "needs/passport_order.html",
        grant=grant,
        form=form,
        profile=profile,
        parts=parts,
        fit=print_fit(profile),
        anchor=services.item_anchor,
        page_title=_about(
            grant,
            _("Det här ska stå först i vårdpasset"),
            _("Det här ska stå först i vårdpasset för %(name)s"),
        ),
    )
