"""The vårdlots team's side: one inbox for messages, callbacks, sent preparations and visit
requests; a conversation with the patient's needs at a glance, assigning, answering with LIX and
the team's easy templates, and marking done; the callback queue with planned calls and each
attempt. The templates' own pages are in template_routes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ..aftervisit import services as aftervisit
from ..auth.services import safe_next
from ..clinic_words import FORM_NAMES, FORMS, OTHER_FORMS, forms_of, said
from ..core import audit
from ..core.access import StaffRight, may, may_assign, patient_access, staff_clinic_id, staff_may
from ..core.grants import Capability, Grant
from ..models import CallOutcome
from ..needs.services import current_profile, current_profiles
from ..readability import lix
from ..staff import members
from ..staff.forms import ConfirmForm
from ..staff.journal import Found, journal_routes
from ..staff.readers import ReaderSummary
from ..staff.services import mandate_kind_text
from ..visits import requests
from ..visits.listing import coming_visits
from ..visits.pages import visit_helpers
from . import answer_templates, callbacks, conversations, journal, reads
from .blueprints import staff_bp as bp
from .catalogue import CALL_TIMES, DAYS, LIX_HINT_OVER, REPLY_PHRASES, pictos, words
from .forms import AnswerForm, AssignForm, AttemptForm, PlanCallForm, language_choices
from .inbox import InboxFilter, assign, inbox_page, inbox_patients
from .todo import todo

bp.context_processor(visit_helpers)

KINDS = ("conversation", "callback", "visit")


def _staff_choices(clinic_id: int, first: str, staff: list | None = None) -> list[SelectChoice]:
    """Whom inbox work can be given to: anyone at the clinic for a coordinator
    (`StaffRight.ASSIGN`), else oneself only (`staff`: the clinic's, when the page has them)."""
    me, everyone = current_user.staff_member, may(StaffRight.ASSIGN)
    return [SelectChoice("", first)] + [
        SelectChoice(s.public_id, f"{s.name} ({audit.PROFESSION_WORDS[s.profession]})")
        for s in (members.clinic_staff(clinic_id) if staff is None else staff)
        if everyone or s.id == me.id
    ]


def _assign_form(grant: Grant, item) -> AssignForm | None:
    """The form for who takes `item`, or None when the signed-in staff member may not change it
    (someone else has it, and they may not give work to colleagues)."""
    me, current = grant.staff, item.assigned_to
    if not (may_assign(me, current, me) or may_assign(me, current, None)):
        return None
    form = AssignForm(formdata=None, staff=current.public_id if current else "")
    form.staff.choices = _staff_choices(grant.patient.clinic_id, _("Ingen än"))
    return form


@bp.context_processor
def _words():
    return {
        "day_words": lambda values: words(DAYS, values),
        "writer": _writer,
        "conversation_title": _conversation_title,
        "call_time_words": lambda values: words(CALL_TIMES, values),
        "outcome_words": callbacks.outcome_words(),
    }


def _writer(item) -> str:
    """Who wrote a message or asked for a call: "" when the patient did, else the helper's
    name and role ("Birgitta Svensson (god man)"), so titles never credit the patient with
    what a helper wrote."""
    if item.by_patient:
        return ""
    return audit.describe_who(item)


# --- Att göra, the start page ---------------------------------------------------------------------


def _list_assign_form(clinic_id: int, staff: list | None = None) -> AssignForm:
    """The list's own "who takes care of it" choice, for each visit request it shows."""
    form = AssignForm(formdata=None)
    form.staff.choices = _staff_choices(clinic_id, _("Ingen än"), staff)
    return form


@bp.route("/att-gora")
def todo_page():
    clinic_id = staff_clinic_id()
    me = current_user.staff_member
    found = todo(clinic_id, me)
    page = render_template(
        "contact/staff_todo.html",
        todo=found,
        me=me,
        form=ConfirmForm(),
        assign=_list_assign_form(clinic_id) if staff_may(me, StaffRight.ASSIGN) else None,
        kind_text=mandate_kind_text,
        page_title=_("Att göra"),
    )
    audit.log_list_read(current_user, me.clinic, found.patients, "contact_staff.todo_page")
    return page


# --- the inbox ----------------------------------------------------------------------------------


@bp.route("/inkorg")
def inbox():
    clinic_id = staff_clinic_id()
    me = current_user.staff_member
    args = request.args
    patients, staff = inbox_patients(clinic_id), members.clinic_staff(clinic_id)
    # A patient or a colleague the filter does not know (a stale link, another clinic's id) is
    # said, not shown as an empty inbox; the filter then shows everyone.
    patient, assigned, notices = args.get("patient", ""), args.get("vem", ""), []
    if patient and patient not in {p.public_id for p in patients}:
        patient = ""
        notices.append(_("Den patienten har inget i inkorgen. Du ser alla patienter."))
    if assigned not in ("", "me", "none") and assigned not in {s.public_id for s in staff}:
        assigned = ""
        notices.append(_("Den personen finns inte i er personal. Du ser allt, vem som än tar hand om det."))
    filters = InboxFilter(
        state=args.get("lage", "open") if args.get("lage") in ("open", "done", "all") else "open",
        assigned=assigned,
        patient=patient,
        kind=args.get("slag", "") if args.get("slag") in KINDS else "",
        urgent=args.get("bradskande") == "1",
    )
    found = inbox_page(clinic_id, me, filters, args.get("sida", 1, type=int) or 1)
    shown = {entry.patient.id for entry in found.items}
    page = render_template(
        "contact/staff_inbox.html",
        items=found.items,
        found=found,
        filters=filters,
        patients=patients,
        staff=staff,
        me=me,
        notices=notices,
        profiles=current_profiles(list(shown)),
        form=ConfirmForm(),
        assign=_list_assign_form(clinic_id, staff) if staff_may(me, StaffRight.ASSIGN) else None,
        page_title=_("Inkorg"),
    )
    audit.log_list_read(current_user, me.clinic, shown, "contact_staff.inbox")  # each patient shown
    return page


# --- a conversation -----------------------------------------------------------------------------


def _conversation_or_404(grant: Grant, conversation_id: str):
    return conversations.find_conversation(grant.patient, conversation_id) or abort(404)


def _answer_form(conversation, readers: ReaderSummary) -> AnswerForm:
    form = AnswerForm()
    form.language.choices = language_choices()
    # The form the main reader reads best; an answer is stored in the forms staff write, so
    # "en_easy" is answered in English. Swedish stays a choice.
    suggested = readers.main.form if readers.main else "sv"
    if suggested not in FORMS:
        suggested = suggested.split("_")[0] if suggested.split("_")[0] in FORMS else "sv"
    if request.method == "GET" or not form.language.data:
        form.language.data = suggested
    templates = answer_templates.templates_for(conversation.clinic_id)
    form.template.choices = [SelectChoice("", _("Välj en mall"))] + [
        SelectChoice(t.public_id, _template_label(t)) for t in templates
    ]
    return form


def _template_label(template) -> str:
    """The title, with the languages the template is written in besides Swedish."""
    others = [str(FORM_NAMES[form]) for form in OTHER_FORMS if form in forms_of(template, "text")]
    return f"{template.title} ({', '.join(others)})" if others else template.title


def _conversation_page(grant: Grant, conversation, form, readers, score=None, notice=None):
    return render_template(
        "contact/staff_conversation.html",
        patient=grant.patient,
        conversation=conversation,
        form=form,
        assign=_assign_form(grant, conversation),
        confirm=ConfirmForm(),
        profile=current_profile(grant.patient),
        score=score,
        lix_limit=LIX_HINT_OVER,
        notice=notice,
        pictos=pictos(REPLY_PHRASES),
        readers=readers,
        # So that "I cannot come on Tuesday" can be placed: the visits still to come, not the
        # cancelled ones (contact/_coming_visits.html).
        coming=[visit for visit in coming_visits(grant.patient, steps=False) if not visit.cancelled],
        # "Jag har en fråga" on a summary after a visit: which summary it is about.
        about_summary=aftervisit.find(grant.patient, conversation.about)
        if conversation.kind == "after_visit"
        else None,
        page_title=_conversation_title(conversation, grant.patient),
    )


def _conversation_title(conversation, patient) -> str:
    """Named after who started it: the patient, or a helper writing about the patient."""
    by = _writer(conversation.messages[0]) if conversation.messages else ""
    if conversation.kind == "suggestion":
        return _(
            "Förslag om anpassningar från %(who)s om %(name)s", who=by or patient.name, name=patient.name
        )
    if conversation.kind == "change":
        return _("Något har ändrats, från %(who)s om %(name)s", who=by or patient.name, name=patient.name)
    if conversation.kind == "visit_change":
        return _("Avboka eller flytta, från %(who)s om %(name)s", who=by or patient.name, name=patient.name)
    if conversation.kind == "after_visit":
        return _("Fråga om Efter besöket från %(who)s om %(name)s", who=by or patient.name, name=patient.name)
    if by:
        return _("Meddelande från %(who)s om %(name)s", who=by, name=patient.name)
    return _("Meddelande från %(name)s", name=patient.name)


@bp.route("/patienter/<patient_id>/samtal/<conversation_id>", methods=["GET", "POST"])
@patient_access(Capability.SEE)
def conversation(grant: Grant, conversation_id: str):
    found = _conversation_or_404(grant, conversation_id)
    readers = conversations.answer_readers(found)
    form = _answer_form(found, readers)
    score = notice = None
    if request.method == "GET":
        reads.record_read(grant, "conversation", found)
    elif request.form.get("go") == "template":
        notice = _use_template(grant, form)
    elif form.validate_on_submit():
        score = round(lix(form.text.data))
        if request.form.get("go") != "preview":
            conversations.answer(grant, found, form.text.data, form.language.data)
            flash(_("Svaret är skickat."), "success")
            return redirect(
                url_for(
                    "contact_staff.conversation",
                    patient_id=grant.patient.public_id,
                    conversation_id=found.public_id,
                )
            )
    return _conversation_page(grant, found, form, readers, score, notice)


def _use_template(grant: Grant, form: AnswerForm) -> str | None:
    """ "Använd mallen": the chosen template goes first in the answer and what was typed stays
    under it, so nothing is lost; nothing is sent. Returns what to tell, None for an error."""
    chosen = answer_templates.find(grant.patient.clinic_id, form.template.data or "")
    if chosen is None:
        form.template.errors = [_("Välj en mall först.")]
        return None
    typed = form.text.data or ""
    wanted = form.language.data if form.language.data in FORMS else "sv"
    language, easy = wanted.split("_")[0], wanted.endswith("_easy")
    text = said(chosen, "text", language, easy)
    form.text.data = f"{text}\n\n{typed}" if typed else str(text)
    told = (
        _("Mallen står först. Det du hade skrivit står kvar under.")
        if typed
        else _("Mallen står i rutan. Ändra texten så att den passar.")
    )
    if text.form != wanted:
        told += " " + _(
            "Mallen finns inte på %(wanted)s. Den står på %(used)s.",
            wanted=FORM_NAMES[wanted],
            used=FORM_NAMES[text.form],
        )
        form.language.data = text.form
    else:
        told += " " + _("Mallen står på %(used)s.", used=FORM_NAMES[text.form])
    return told


@bp.route("/patienter/<patient_id>/samtal/<conversation_id>/tilldela", methods=["POST"])
@patient_access(Capability.SEE)
def conversation_assign(grant: Grant, conversation_id: str):
    found = _conversation_or_404(grant, conversation_id)
    _assign(grant, found)
    return redirect(
        url_for(
            "contact_staff.conversation", patient_id=grant.patient.public_id, conversation_id=found.public_id
        )
    )


@bp.route("/patienter/<patient_id>/onskemal/<request_id>/tilldela", methods=["POST"])
@patient_access(Capability.SEE)
def request_assign(grant: Grant, request_id: str):
    found = requests.find_request(grant.patient, request_id) or abort(404)
    _assign(grant, found)
    return redirect(_back_to_list() or url_for("contact_staff.todo_page"))


def _back_to_list() -> str | None:
    """The inbox or Att göra page a button was pressed on (with its filters), else None."""
    target = safe_next(request.form.get("next"), "")
    for page in (url_for("contact_staff.inbox"), url_for("contact_staff.todo_page")):
        if target == page or target.startswith(page + "?"):
            return target
    return None


def _assign(grant: Grant, item) -> None:
    form = AssignForm()
    form.staff.choices = _staff_choices(grant.patient.clinic_id, _("Ingen än"))
    form.staff.validators = []  # "" (nobody) is a choice here
    if not form.validate_on_submit():
        abort(400)
    value = form.staff.data or ""
    staff = members.find_staff(grant.patient.clinic_id, value) if value else None
    if value and staff is None:
        flash(_("Välj en person på vårdcentralen."), "error")
        return
    if not may_assign(grant.staff, item.assigned_to, staff):
        abort(403)  # giving work to a colleague, or taking it from one, is the coordinator's
    assign(grant, item, staff)
    flash(
        _("%(name)s tar hand om det.", name=staff.name) if staff else _("Ingen tar hand om det just nu."),
        "success",
    )


@bp.route("/patienter/<patient_id>/samtal/<conversation_id>/klar", methods=["POST"])
@patient_access(Capability.SEE)
def conversation_done(grant: Grant, conversation_id: str):
    found = _conversation_or_404(grant, conversation_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("klar", "ja") not in ("ja", "nej"):
        abort(400)
    done = request.form.get("klar", "ja") == "ja"
    conversations.set_done(grant, found, done)
    flash(_("Markerat som klart.") if done else _("Öppnat igen."), "success")
    return redirect(
        url_for("contact_staff.inbox")
        if done
        else url_for(
            "contact_staff.conversation", patient_id=grant.patient.public_id, conversation_id=found.public_id
        )
    )


# --- a callback ----------------------------------------------------------------------------------


def _callback_or_404(grant: Grant, callback_id: str):
    return callbacks.find_callback(grant.patient, callback_id) or abort(404)


def _attempt_form(formdata=None) -> AttemptForm:
    form = AttemptForm(formdata=formdata)
    form.outcome.choices = [SelectChoice("", _("Välj"))] + [
        SelectChoice(o.value, w) for o, w in callbacks.outcome_words().items()
    ]
    return form


def _callback_page(grant: Grant, found, plan=None, attempt=None):
    failed = plan or attempt  # the form that was sent with a mistake: summary and title say so
    plan = plan or PlanCallForm(formdata=None, day=found.planned_on, time=found.planned_time or "")
    return render_template(
        "contact/staff_callback.html",
        patient=grant.patient,
        callback=found,
        plan=plan,
        attempt=attempt or _attempt_form(),
        assign=_assign_form(grant, found),
        form=failed,
        confirm=ConfirmForm(),
        profile=current_profile(grant.patient),
        phone_needs=callbacks.phone_needs(grant.patient),
        readers=callbacks.callback_readers(found),
        page_title=_("Ring upp %(name)s", name=grant.patient.name),
    )


@bp.route("/patienter/<patient_id>/ring-upp/<callback_id>")
@patient_access(Capability.SEE)
def callback(grant: Grant, callback_id: str):
    found = _callback_or_404(grant, callback_id)
    reads.record_read(grant, "callback", found)
    return _callback_page(grant, found)


def _back_to_callback(grant: Grant, callback):
    return redirect(
        url_for("contact_staff.callback", patient_id=grant.patient.public_id, callback_id=callback.public_id)
    )


@bp.route("/patienter/<patient_id>/ring-upp/<callback_id>/planera", methods=["POST"])
@patient_access(Capability.SEE)
def callback_plan(grant: Grant, callback_id: str):
    found = _callback_or_404(grant, callback_id)
    form = PlanCallForm()
    if form.validate_on_submit():
        callbacks.plan_call(grant, found, form.day.data, form.time.data)
        flash(_("Samtalet är planerat. Patienten ser det i Lotsen."), "success")
        return _back_to_callback(grant, found)
    return _callback_page(grant, found, plan=form)


@bp.route("/patienter/<patient_id>/ring-upp/<callback_id>/forsok", methods=["POST"])
@patient_access(Capability.SEE)
def callback_attempt(grant: Grant, callback_id: str):
    found = _callback_or_404(grant, callback_id)
    form = _attempt_form(request.form)
    if form.validate_on_submit():
        callbacks.record_attempt(grant, found, CallOutcome(form.outcome.data), form.note.data or "")
        flash(_("Samtalet är sparat."), "success")
        return _back_to_callback(grant, found)
    return _callback_page(grant, found, attempt=form)


@bp.route("/patienter/<patient_id>/ring-upp/<callback_id>/tilldela", methods=["POST"])
@patient_access(Capability.SEE)
def callback_assign(grant: Grant, callback_id: str):
    found = _callback_or_404(grant, callback_id)
    _assign(grant, found)
    return _back_to_callback(grant, found)


@bp.route("/patienter/<patient_id>/ring-upp/<callback_id>/klar", methods=["POST"])
@patient_access(Capability.SEE)
def callback_done(grant: Grant, callback_id: str):
    found = _callback_or_404(grant, callback_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("klar", "ja") not in ("ja", "nej"):
        abort(400)
    if request.form.get("klar", "ja") == "nej":
        callbacks.reopen_callback(grant, found)
        flash(_("Öppnat igen."), "success")
        return _back_to_callback(grant, found)
    callbacks.set_callback_done(grant, found)
    flash(_("Markerat som klart."), "success")
    return redirect(url_for("contact_staff.inbox"))


# --- Kopiera till journalen -------------------------------------------------------------------


def _conversation_note(grant: Grant, conversation_id: str) -> Found:
    found = _conversation_or_404(grant, conversation_id)
    ids = {"patient_id": grant.patient.public_id, "conversation_id": found.public_id}
    return Found(
        found.public_id,
        journal.conversation_note(found),
        f"meddelanden-{grant.patient.public_id[:8]}-{found.public_id[:8]}",
        url_for("contact_staff.conversation", **ids),
    )


def _callback_note(grant: Grant, callback_id: str) -> Found:
    found = _callback_or_404(grant, callback_id)
    ids = {"patient_id": grant.patient.public_id, "callback_id": found.public_id}
    return Found(
        found.public_id,
        journal.callback_note(found),
        f"ring-upp-{grant.patient.public_id[:8]}-{found.public_id[:8]}",
        url_for("contact_staff.callback", **ids),
    )


journal_routes(
    bp, "/patienter/<patient_id>/samtal/<conversation_id>", "conversation_journal", _conversation_note
)
journal_routes(bp, "/patienter/<patient_id>/ring-upp/<callback_id>", "callback_journal", _callback_note)
