"""Kontakta vårdlotsen for patients and their helpers: write, read answers, ask to be called.

Reading needs the "see" right; writing and asking for a call need "write to the vårdlots"."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from ..core.access import acting_patient_access, can
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..needs.catalogue import CATEGORIES_BY_KEY
from ..staff.forms import ConfirmForm
from . import callbacks, conversations, phone, reads
from .blueprints import bp
from .catalogue import CALL_TIMES, DAYS, PHRASES, REPLY_PHRASES, phrase_choices, pictos, words
from .forms import CallbackForm, MessageForm, ReplyForm


@bp.app_context_processor
def _helpers():
    return {
        "phrase_words": lambda values, name="": words(REPLY_PHRASES, values, name),
        "phone_display": phone.display,
        "callback_state": callbacks.callback_state,
        "answer_days": current_app.config["CONTACT_ANSWER_DAYS"],
        "suggestion_about": suggestion_about,
    }


def suggestion_about(key: str) -> str:
    """What a suggestion for the needs is about, in words: a category, or the needs in general."""
    category = CATEGORIES_BY_KEY.get(key)
    return str(category.title) if category else _("Anpassningarna i stort")


def _already_sent() -> str:
    return _("Det här är redan skickat. Vårdlotsen har fått det.")


def _may_write(grant: Grant) -> bool:
    return can(grant.user, grant.patient, Capability.WRITE_TO_VARDLOTS)


@bp.route("/")
@acting_patient_access(Capability.SEE)
def index(grant: Grant):
    found = conversations.conversations_for(grant.patient)
    return render_template(
        "contact/index.html",
        grant=grant,
        can_write=_may_write(grant),
        conversations=found,
        states=conversations.states(found),
        callbacks=callbacks.callbacks_for(grant.patient),
        page_title=_("Kontakta vårdlotsen")
        if grant.is_self
        else _("Kontakta vårdlotsen om %(name)s", name=grant.patient.display_name),
    )


@bp.route("/skriv", methods=["GET", "POST"])
@acting_patient_access(Capability.WRITE_TO_VARDLOTS)
def write(grant: Grant):
    form = MessageForm()
    form.phrases.choices = phrase_choices(_helper_name(grant))
    if form.validate_on_submit():
        sent = conversations.same_message_sent(grant, form.phrases.data or [], form.text.data or "")
        if sent is not None:
            flash(_already_sent(), "info")
            return redirect(url_for("contact.conversation", conversation_id=sent.public_id))
        try:
            conversation = conversations.start_conversation(
                grant, form.phrases.data or [], form.text.data or "", form.notify.data
            )
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Tack! Vårdlotsen har fått ditt meddelande."), "success")
            # "Något har hänt": the page after says not to wait (also without the script).
            urgent = {"akut": "1"} if "happened" in (form.phrases.data or []) else {}
            return redirect(url_for("contact.conversation", conversation_id=conversation.public_id, **urgent))
    return render_template(
        "contact/write.html",
        grant=grant,
        form=form,
        pictos=pictos(PHRASES),
        soon=callbacks.visit_soon(grant.patient),
        page_title=_("Skriv till vårdlotsen")
        if grant.is_self
        else _("Skriv till vårdlotsen om %(name)s", name=grant.patient.display_name),
    )


@bp.route("/<conversation_id>")
@acting_patient_access(Capability.SEE)
def conversation(grant: Grant, conversation_id: str):
    found = conversations.find_conversation(grant.patient, conversation_id) or abort(404)
    reads.record_read(grant, "conversation", found)
    form = ReplyForm()
    form.phrases.choices = phrase_choices(_helper_name(grant), REPLY_PHRASES)
    return _conversation_page(grant, found, form)


def _conversation_page(grant: Grant, found, form: ReplyForm):
    return render_template(
        "contact/conversation.html",
        grant=grant,
        conversation=found,
        form=form,
        can_write=_may_write(grant),
        pictos=pictos(REPLY_PHRASES),
        state=conversations.states([found])[found.id],
        page_title=_("Meddelande till vårdlotsen")
        if grant.is_self
        else _("Meddelande om %(name)s", name=grant.patient.display_name),
    )


@bp.route("/<conversation_id>/svara", methods=["GET", "POST"])
@acting_patient_access(Capability.WRITE_TO_VARDLOTS)
def reply(grant: Grant, conversation_id: str):
    """The answer form posts here; shown by GET too, so that an answer typed when the session
    ran out comes back here after signing in again (app/core/drafts.py keeps it by address)."""
    found = conversations.find_conversation(grant.patient, conversation_id) or abort(404)
    form = ReplyForm()
    form.phrases.choices = phrase_choices(_helper_name(grant), REPLY_PHRASES)
    if request.method == "GET":
        reads.record_read(grant, "conversation", found)
    elif form.validate_on_submit():
        phrases = form.phrases.data or []
        if conversations.same_reply_sent(grant, found, form.text.data or "", phrases):
            flash(_already_sent(), "info")
            return redirect(url_for("contact.conversation", conversation_id=found.public_id))
        try:
            conversations.reply(grant, found, form.text.data or "", form.notify.data, phrases)
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Tack! Vårdlotsen har fått ditt meddelande."), "success")
            return redirect(url_for("contact.conversation", conversation_id=found.public_id))
    return _conversation_page(grant, found, form)


def _helper_name(grant: Grant) -> str:
    """The patient's name when a helper writes (the quick phrases then speak about them)."""
    return "" if grant.is_self else grant.patient.display_name


def _whom_choices(grant: Grant) -> list[SelectChoice]:
    if grant.is_self:
        return [SelectChoice("patient", _("Mig"))]
    return [
        SelectChoice("patient", grant.patient.display_name),
        SelectChoice("representative", _("Mig, %(name)s", name=grant.user.name)),
    ]


def _known_phone(grant: Grant, whom: str) -> str:
    """Only one's own number is filled in: Inställningar promises that only the person and the
    clinic see it, so a helper is not shown the patient's number (nor the patient a helper's)."""
    person = grant.user if whom == "representative" else grant.patient.user
    if person is None or person.id != grant.user.id or not person.phone:
        return ""
    return phone.display(person.phone)


@bp.route("/ring-upp-mig", methods=["GET", "POST"])
@acting_patient_access(Capability.WRITE_TO_VARDLOTS)
def callback_new(grant: Grant):
    form = CallbackForm()
    form.whom.choices = _whom_choices(grant)
    form.topics.choices = phrase_choices(_helper_name(grant))
    phone_needs = callbacks.phone_needs(grant.patient)
    if request.method == "GET" and not form.restored_from_draft:
        # A patient for whom talking on the phone is hard (from the needs): the helper is called.
        form.whom.data = (
            "representative" if phone_needs.wordless and not grant.is_self else form.whom.choices[0].value
        )
        form.phone.data = _known_phone(grant, form.whom.data)
    if form.validate_on_submit():
        fields = callbacks.CallbackFields(
            whom=form.whom.data,
            phone=form.phone.data,
            days=form.days.data or [],
            times=form.times.data or [],
            topics=form.topics.data or [],
            text=form.text.data or "",
            notify=form.notify.data,
            remember=form.remember.data,
        )
        asked = callbacks.same_callback_asked(grant, fields)
        if asked is not None:
            flash(_("Du har redan bett om det här samtalet. Vårdlotsen ringer upp."), "info")
            return redirect(url_for("contact.callback", callback_id=asked.public_id))
        try:
            callback = callbacks.request_callback(grant, fields)
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(_("Tack! Vårdlotsen ringer upp."), "success")
            urgent = {"akut": "1"} if "happened" in fields.topics else {}
            return redirect(url_for("contact.callback", callback_id=callback.public_id, **urgent))
    return render_template(
        "contact/callback_form.html",
        grant=grant,
        form=form,
        pictos=pictos(PHRASES),
        day_pictos=pictos(DAYS),
        time_pictos=pictos(CALL_TIMES),
        phone_needs=phone_needs,
        phone_example=phone.EXAMPLE,
        soon=callbacks.visit_soon(grant.patient),
        own_phone=phone.display(grant.user.phone or ""),
        page_title=_("Ring upp mig")
        if grant.is_self
        else _("Be vårdlotsen ringa om %(name)s", name=grant.patient.display_name),
    )


@bp.route("/ring-upp-mig/<callback_id>")
@acting_patient_access(Capability.SEE)
def callback(grant: Grant, callback_id: str):
    found = callbacks.find_callback(grant.patient, callback_id) or abort(404)
    reads.record_read(grant, "callback", found)
    return render_template(
        "contact/callback.html",
        grant=grant,
        callback=found,
        can_write=_may_write(grant),
        day_words=lambda values: words(DAYS, values),
        time_words=lambda values: words(CALL_TIMES, values),
        page_title=_("Ring upp mig")
        if grant.is_self
        else _("Be vårdlotsen ringa om %(name)s", name=grant.patient.display_name),
    )


@bp.route("/ring-upp-mig/<callback_id>/ta-bort", methods=["GET", "POST"])
@acting_patient_access(Capability.WRITE_TO_VARDLOTS)
def callback_cancel(grant: Grant, callback_id: str):
    """The call is no longer needed: ask first (a tap by mistake on a tablet is easy)."""
    found = callbacks.find_callback(grant.patient, callback_id) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            callbacks.cancel_callback(grant, found)
        except RuleError as problem:
            flash(problem.message, "error")
        else:
            flash(_("Samtalet är borttaget. Vårdlotsen ringer inte."), "success")
        return redirect(url_for("contact.callback", callback_id=found.public_id))
    return render_template(
        "contact/callback_cancel.html",
        grant=grant,
        callback=found,
        form=form,
        page_title=_("Ta bort samtalet?")
        if grant.is_self
        else _("Ta bort samtalet om %(name)s?", name=grant.patient.display_name),
    )
