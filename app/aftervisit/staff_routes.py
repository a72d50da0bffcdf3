"""Efter besöket for staff: write the summary as a draft (from a ready summary or empty), write
it in English and Arabic too, send it, correct it (with its history), copy it to the journal,
see who has read it, and tick next steps done. Everything hangs under the staff's visit page:
/personal/patienter/<patient id>/besok/<visit id>/efter."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ..core.access import patient_access
from ..core.clock import CLINIC_ZONE
from ..core.grants import Capability, Grant
from ..core.rules import RuleError
from ..core.words import PROFESSION_WORDS
from ..staff.journal import Found, journal_routes
from ..staff.readers import patient_readers
from ..visits.listing import find_visit
from . import content as shape
from . import services
from . import staff_bp as bp
from .catalogue import (
    CALLS,
    CHANGES,
    CHANGES_BY_VALUE,
    DID,
    DID_BY_VALUE,
    MAX_MEDICINES,
    MAX_STEPS,
    NOT_A_PRESCRIPTION,
    PART_PICTOGRAMS,
    PART_TITLES,
    STEP_KINDS,
    STEP_KINDS_BY_VALUE,
    TEMPLATES_BY_VALUE,
    TIMES,
    TIMES_BY_VALUE,
    WHO,
    WHO_BY_VALUE,
)
from .forms import SendForm, StaffStepForm, SummaryForm, languages_form
from .journal import summary_note

RULE = "/patienter/<patient_id>/besok/<visit_id>/efter"


def _day_words(value: str) -> str:
    """ "tisdag 15 december 2026" for a step's day."""
    return format_date(date.fromisoformat(value), "EEEE d MMMM y") if value else ""


def _ticked_by(row) -> str:
    """Who ticked a step done: the name, and as whom ("patienten", "företrädare", staff's role)."""
    user = row.done_by
    if user is None:
        return _("Någon")
    if user.staff_member is not None:
        return f"{user.name} ({PROFESSION_WORDS[user.staff_member.profession]})"
    if row.done_acting_as == "patient":
        return _("%(name)s (patienten)", name=user.name)
    return _("%(name)s (hjälper patienten)", name=user.name)


@bp.context_processor
def _catalogue():
    return {
        "part_titles": PART_TITLES,
        "part_pictograms": PART_PICTOGRAMS,
        "did_by_value": DID_BY_VALUE,
        "step_kinds": STEP_KINDS_BY_VALUE,
        "who_by_value": WHO_BY_VALUE,
        "changes_by_value": CHANGES_BY_VALUE,
        "times_by_value": TIMES_BY_VALUE,
        "calls": CALLS,
        "not_a_prescription": NOT_A_PRESCRIPTION,
        "after_day": _day_words,
        "ticked_by": _ticked_by,
    }


def _visit_or_404(grant: Grant, visit_id: str):
    return find_visit(grant.patient, visit_id) or abort(404)


def _summary_url(grant: Grant, visit, endpoint: str = "aftervisit_staff.summary", **more) -> str:
    return url_for(endpoint, patient_id=grant.patient.public_id, visit_id=visit.public_id, **more)


def _writable(grant: Grant, visit_id: str):
    """The visit, and the page that refuses writing after it (None when it may be written)."""
    visit = _visit_or_404(grant, visit_id)
    return visit, _refused_if_cancelled(grant, visit)


def _refused_if_cancelled(grant: Grant, visit):
    """A cancelled visit gets no summary, and one written before it was cancelled is not changed
    or sent: the summary page, saying so (nothing is changed)."""
    if services.may_write(visit):
        return None
    form = SendForm(formdata=None)
    form.form_errors.append(_("Besöket är inställt. Det finns inget att skriva efter det."))
    return _summary_page(grant, visit, services.for_visit(visit), form)


def _common(grant: Grant, visit, summary) -> dict:
    return {
        "patient": grant.patient,
        "visit": visit,
        "summary": summary,
        "state": services.state(summary) if summary is not None else None,
        "max_steps": MAX_STEPS,
        "max_medicines": MAX_MEDICINES,
    }


# --- the summary page ---------------------------------------------------------------------------


@bp.route(RULE)
@patient_access(Capability.SEE)
def summary(grant: Grant, visit_id: str):
    visit = _visit_or_404(grant, visit_id)
    return _summary_page(grant, visit, services.for_visit(visit), SendForm())


def _summary_page(grant: Grant, visit, summary, form, send_form: SendForm | None = None):
    """The summary page; `form` is the form whose errors it shows (the send form, or the tick
    of a step that could not be saved)."""
    sent = services.latest(summary) if summary is not None else None
    readers = patient_readers(grant.patient)
    return render_template(
        "aftervisit/staff_summary.html",
        **_common(grant, visit, summary),
        document=shape.clean(summary.content) if summary is not None else None,
        document_is_empty=summary is None or shape.is_empty(summary.content),
        sent=sent,
        sent_document=shape.clean(sent.content) if sent is not None else None,
        step_rows=services.steps_of(summary) if sent is not None else {},
        marks=services.read_marks(summary) if sent is not None else [],
        not_seeing=[r for r in readers if not r.sees],
        form=form,
        send_form=send_form or (form if isinstance(form, SendForm) else SendForm(formdata=None)),
        may_write=services.may_write(visit),
        page_title=_("Efter besöket: %(name)s", name=grant.patient.name),
    )


# --- writing ------------------------------------------------------------------------------------


def _shown_rows(saved: int, kind: str, limit: int) -> int:
    """How many rows to show: the saved ones and one empty row, more when "Lägg till" asked for
    them (`?steg=`, `?mediciner=`), or as many as were posted."""
    wanted = saved + 1
    asked = request.args.get(kind, "")
    if asked.isdigit():
        wanted = max(wanted, int(asked[:2]))
    if request.method == "POST":
        prefix = "step_" if kind == "steg" else "medicine_"
        posted = [
            int(name.split("_")[1])
            for name in request.form
            if name.startswith(prefix) and name.split("_")[1].isdigit()
        ]
        wanted = max([wanted, *(n + 1 for n in posted)])
    return max(1, min(wanted, limit))


def _fill(form: SummaryForm, document: dict) -> None:
    form.did.data = document["did"]
    form.did_text.data = document["did_text"].get("sv", "")
    form.found.data = document["found"].get("sv", "")
    for n, step in enumerate(document["steps"]):
        form[f"step_{n}_key"].data = step["key"]
        form[f"step_{n}_kind"].data = step["kind"]
        form[f"step_{n}_who"].data = step["who"]
        form[f"step_{n}_on"].data = date.fromisoformat(step["on"]) if step["on"] else None
        form[f"step_{n}_text"].data = step["text"].get("sv", "")
    for n, medicine in enumerate(document["medicines"]):
        for name in ("key", "change", "name", "times"):
            form[f"medicine_{n}_{name}"].data = medicine[name]
        form[f"medicine_{n}_for"].data = medicine["for"].get("sv", "")
        form[f"medicine_{n}_dose"].data = medicine["dose"].get("sv", "")
    for call in CALLS:
        form[f"call_{call.value}"].data = document["calls"].get(call.value, {}).get("sv", "")


def _with_swedish(before: dict, text: str | None, dropped: list[str]) -> dict:
    """A text with its Swedish from the form. Its English and Arabic stay while the Swedish is
    the same; a changed Swedish text drops them (they would say the old thing), noted in
    `dropped`."""
    text = text or ""
    if text == before.get("sv", ""):
        return {**before, "sv": text}
    if any(before.get(form) for form in ("en", "ar")):
        dropped.append(text)
    return {"sv": text}


def _read(form: SummaryForm, before: dict, dropped: list[str]) -> dict:
    """The summary the form describes, keeping each row's key (an unknown or repeated key gets a
    new one) and the English and Arabic already written of the texts whose Swedish is kept."""
    steps_before = {s["key"]: s for s in before["steps"]}
    medicines_before = {m["key"]: m for m in before["medicines"]}
    used: set[str] = set()

    def key(value: str, known: dict) -> str:
        chosen = value if value in known and value not in used else shape.new_key()
        used.add(chosen)
        return chosen

    steps = []
    for row in form.step_rows():
        if not row["kind"].data:
            continue
        k = key(row["key"].data or "", steps_before)
        old = steps_before.get(k, {"text": {}})
        steps.append(
            {
                "key": k,
                "kind": row["kind"].data,
                "who": row["who"].data,
                "on": row["on"].data.isoformat() if row["on"].data else "",
                "text": _with_swedish(old["text"], row["text"].data, dropped),
            }
        )
    medicines = []
    for row in form.medicine_rows():
        if not row["change"].data:
            continue
        k = key(row["key"].data or "", medicines_before)
        old = medicines_before.get(k, {"for": {}, "dose": {}})
        medicines.append(
            {
                "key": k,
                "change": row["change"].data,
                "name": row["name"].data or "",
                "for": _with_swedish(old["for"], row["for"].data, dropped),
                "dose": _with_swedish(old["dose"], row["dose"].data, dropped),
                "times": row["times"].data or [],
            }
        )
    return {
        "did": form.did.data or [],
        "did_text": _with_swedish(before["did_text"], form.did_text.data, dropped),
        "found": _with_swedish(before["found"], form.found.data, dropped),
        "steps": steps,
        "medicines": medicines,
        "calls": {
            call.value: _with_swedish(
                before["calls"].get(call.value, {}), form[f"call_{call.value}"].data, dropped
            )
            for call in CALLS
        },
    }


SAVE_BUTTONS = ("save", "add_step", "add_medicine", "ready")


@bp.route(f"{RULE}/andra", methods=["GET", "POST"])
@patient_access(Capability.MANAGE)
def edit(grant: Grant, visit_id: str):
    visit, refused = _writable(grant, visit_id)
    if refused is not None:
        return refused
    summary = services.for_visit(visit)
    before = shape.clean(summary.content if summary is not None else shape.empty())
    form = SummaryForm()
    form.kept_days = services.kept_days(summary)
    if request.method == "GET" and not form.restored_from_draft:
        _fill(form, before)
    if request.method == "POST" and request.form.get("go") not in SAVE_BUTTONS:
        # Not a post of this page's own buttons: nothing is saved, what was typed is shown again.
        form.validate()
        form.form_errors.append(_("Det gick inte att spara. Försök igen."))
    elif request.form.get("go") == "ready":
        done = _use_ready(grant, visit, summary, form, before)
        if done:
            return done
    elif form.validate_on_submit():
        try:
            if summary is None:
                summary = services.start(grant, visit)
            dropped: list[str] = []
            changed = services.save(grant, summary, _read(form, before, dropped))
        except RuleError as problem:
            form.refuse(problem)
        else:
            if dropped:
                flash(
                    ngettext(
                        "Du ändrade en svensk text. Dess engelska och arabiska är borttagna, så att "
                        "ingen läser det gamla. Skriv dem igen under ”Skriv på fler språk”.",
                        "Du ändrade %(num)d svenska texter. Deras engelska och arabiska är borttagna, "
                        "så att ingen läser det gamla. Skriv dem igen under ”Skriv på fler språk”.",
                        len(dropped),
                    ),
                    "warning",
                )
            return _after_save(grant, visit, request.form["go"], changed)
    return _edit_page(grant, visit, summary, form, before)


def _use_ready(grant: Grant, visit, summary, form: SummaryForm, before: dict):
    """ "Använd den": the chosen ready summary becomes the draft, in every language it has; only
    while nothing is written (it never replaces text: what was typed stays, with a word why)."""
    valid = form.validate()
    if valid and not form.ready.data:
        form.ready.errors.append(_("Välj en färdig sammanfattning i listan."))
        return None
    if not valid:
        return None
    if not (shape.is_empty(before) and shape.is_empty(_read(form, before, []))):
        form.form_errors.append(
            _("Det finns redan text. Den färdiga sammanfattningen används bara när allt är tomt.")
        )
        return None
    document = shape.from_ready(TEMPLATES_BY_VALUE[form.ready.data])
    if summary is None:
        services.start(grant, visit, document)
    else:
        services.save(grant, summary, document)
    flash(_("Den färdiga sammanfattningen står i rutorna. Ändra det som inte stämmer."), "success")
    return redirect(_summary_url(grant, visit, "aftervisit_staff.edit"))


def _edit_page(grant: Grant, visit, summary, form: SummaryForm, before: dict):
    return render_template(
        "aftervisit/staff_edit.html",
        **_common(grant, visit, summary),
        form=form,
        offer_ready=shape.is_empty(before),
        step_count=_shown_rows(len(before["steps"]), "steg", MAX_STEPS),
        medicine_count=_shown_rows(len(before["medicines"]), "mediciner", MAX_MEDICINES),
        did_choices=DID,
        kind_choices=STEP_KINDS,
        who_choices=WHO,
        change_choices=CHANGES,
        time_choices=TIMES,
        page_title=_("Skriv efter besöket: %(name)s", name=grant.patient.name),
    )


def _posted_rows(prefix: str) -> int:
    """How many rows of a kind the page that was posted showed."""
    numbers = [name.split("_")[1] for name in request.form if name.startswith(prefix)]
    return max([0, *(int(n) + 1 for n in numbers if n.isdigit())])


def _after_save(grant: Grant, visit, go: str, changed: bool):
    """ "Lägg till ett steg" (or a medicine) comes back with one more empty row than the page
    had (the saved rows and an empty one at least); "Spara utkast" goes to the summary."""
    summary = services.for_visit(visit)
    document = shape.clean(summary.content)
    for button, kind, prefix, key, limit in (
        ("add_step", "steg", "step_", "steps", MAX_STEPS),
        ("add_medicine", "mediciner", "medicine_", "medicines", MAX_MEDICINES),
    ):
        if go == button:
            saved = len(document[key])
            rows = min(max(saved + 1, _posted_rows(prefix) + 1), limit)
            anchor = f"#{'steg' if kind == 'steg' else 'medicin'}-{min(saved + 1, limit)}"
            return redirect(_summary_url(grant, visit, "aftervisit_staff.edit", **{kind: rows}) + anchor)
    flash(
        _("Utkastet är sparat.") if changed else _("Du ändrade ingenting."), "success" if changed else "info"
    )
    return redirect(_summary_url(grant, visit))


# --- other languages ----------------------------------------------------------------------------


def _labels(document: dict) -> dict[str, str]:
    """What each text is, for its fields' labels: the part, and the step or the medicine."""
    labels: dict[str, str] = {
        "did_text": _("Mer om vad vi gjorde"),
        "found": str(PART_TITLES["found"]),
    }
    for n, step in enumerate(document["steps"], 1):
        labels[f"steps.{step['key']}.text"] = _(
            "Steg %(num)d: %(what)s", num=n, what=STEP_KINDS_BY_VALUE[step["kind"]].staff_text
        )
    for medicine in document["medicines"]:
        name = medicine["name"] or _("medicin")
        labels[f"medicines.{medicine['key']}.for"] = _("%(name)s: vad den är till för", name=name)
        labels[f"medicines.{medicine['key']}.dose"] = _("%(name)s: hur mycket", name=name)
    for call in CALLS:
        labels[f"calls.{call.value}"] = str(call.staff_text)
    return labels


@bp.route(f"{RULE}/sprak", methods=["GET", "POST"])
@patient_access(Capability.MANAGE)
def languages(grant: Grant, visit_id: str):
    visit = _visit_or_404(grant, visit_id)
    summary = services.for_visit(visit)
    document = shape.clean(summary.content if summary is not None else shape.empty())
    texts = shape.texts(document)
    if request.method == "POST":
        refused = _refused_if_cancelled(grant, visit)
        if refused is not None:
            return refused
    form_class = languages_form(texts, _labels(document))
    if request.method == "GET":
        data = MultiDict()
        for text in texts:
            slug = text.path.replace(".", "-")
            data.add(f"{slug}-en", text.texts.get("en", ""))
            data.add(f"{slug}-ar", text.texts.get("ar", ""))
        form = form_class(formdata=None, data=dict(data))
    else:
        form = form_class()
    if summary is not None and form.validate_on_submit():
        changed = document
        for text in texts:
            slug = text.path.replace(".", "-")
            for language in ("en", "ar"):
                changed = shape.with_text(changed, text.path, language, form[f"{slug}-{language}"].data or "")
        try:
            saved = services.save(grant, summary, changed)
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(
                _("Språken är sparade.") if saved else _("Du ändrade ingenting."),
                "success" if saved else "info",
            )
            return redirect(_summary_url(grant, visit))
    return render_template(
        "aftervisit/staff_languages.html",
        **_common(grant, visit, summary),
        form=form,
        texts=texts,
        labels=_labels(document),
        titles=PART_TITLES,
        page_title=_("Skriv på fler språk: %(name)s", name=grant.patient.name),
    )


# --- sending ------------------------------------------------------------------------------------


@bp.route(f"{RULE}/skicka", methods=["POST"])
@patient_access(Capability.MANAGE)
def send(grant: Grant, visit_id: str):
    visit, refused = _writable(grant, visit_id)
    if refused is not None:
        return refused
    summary = services.for_visit(visit, for_update=True)
    form = SendForm()
    if summary is None:
        form.form_errors.append(_("Skriv något först. Allt är tomt."))
        return _summary_page(grant, visit, None, form)
    if form.validate_on_submit():
        why = {"sv": form.why.data or "", "en": form.why_en.data or "", "ar": form.why_ar.data or ""}
        try:
            corrected = summary.sent
            services.send(grant, summary, why)
        except RuleError as problem:
            form.refuse(problem)
        else:
            flash(
                _("Rättelsen är skickad. Patienten ser vad som har ändrats.")
                if corrected
                else _("Det är skickat. %(name)s kan läsa det i Lotsen.", name=grant.patient.display_name),
                "success",
            )
            return redirect(_summary_url(grant, visit))
    return _summary_page(grant, visit, services.for_visit(visit), form)


# --- history, next steps, journal ---------------------------------------------------------------


@bp.route(f"{RULE}/historik")
@patient_access(Capability.SEE)
def history(grant: Grant, visit_id: str):
    visit = _visit_or_404(grant, visit_id)
    summary = services.for_visit(visit)
    versions = sorted(summary.versions, key=lambda v: v.number, reverse=True) if summary else []
    return render_template(
        "aftervisit/staff_history.html",
        **_common(grant, visit, summary),
        versions=[(v, shape.clean(v.content)) for v in versions],
        page_title=_("Efter besöket, historik: %(name)s", name=grant.patient.name),
    )


@bp.route(f"{RULE}/steg", methods=["POST"])
@patient_access(Capability.MANAGE)
def step(grant: Grant, visit_id: str):
    visit = _visit_or_404(grant, visit_id)
    summary = services.for_visit(visit)
    form = StaffStepForm()
    found = None
    if summary is not None and form.validate_on_submit():
        found = services.find_step(grant.patient, form.step.data or "", for_update=True)
    if found is None or found.summary_id != summary.id:
        # Not a step of this summary (any more): nothing is changed.
        form.form_errors.append(_("Steget finns inte längre. Titta på sidan igen."))
        return _summary_page(grant, visit, summary, form)
    done = form.done.data == "ja"
    if services.set_step_done(grant, found, done):
        flash(
            _("Steget är markerat som gjort.") if done else _("Steget är markerat som inte gjort."), "success"
        )
    return redirect(_summary_url(grant, visit) + "#steg")


def _note(grant: Grant, visit_id: str) -> Found:
    visit = _visit_or_404(grant, visit_id)
    summary = services.for_visit(visit) or abort(404)
    day = visit.starts_at.astimezone(CLINIC_ZONE).date().isoformat()
    return Found(
        summary.public_id,
        summary_note(summary),
        f"efter-besoket-{day}-{grant.patient.public_id[:8]}",
        _summary_url(grant, visit),
    )


journal_routes(bp, RULE, "journal", _note)
