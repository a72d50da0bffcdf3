"""The access log in words: one registry of everything the log can name, in the patient's words
and in the staff's words.

Every `object_type` written to the access log (an endpoint name that `app.core.access` writes for a
page, or a name a service passes to `audit.record`) must be a key of `LOGGED`, with both
wordings. Nothing else can be written: `audit.record` refuses it, and so does the column itself
(`LoggedObjectType` in app.models.audit), whatever code path writes the row. So a new logged
thing cannot ship without words, and neither log ever shows a raw endpoint name.

The patient's words name a thing three ways, so that the log speaks about the right person:

- `yours`, to the patient: "ditt besök";
- `whose`, to someone who helps the patient: "Alis besök" (`%(whose)s` is the patient's name in
  the genitive of the language, see `genitive`; `%(name)s` is the name itself);
- `own`, to a helper, when the patient did it themself: "Ali tittade på sitt besök".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from ..models import AccessAction, MandateKind
from ..models.audit import LoggedObjectType
from .words import (
    MANDATE_PICTOGRAMS,
    PROFESSION_PICTOGRAMS,
    about_her,
    mandate_kind_word,
    profession_word,
)

__all__ = ["LOGGED", "Logged", "Thing", "UnregisteredObject", "genitive", "require"]


class UnregisteredObject(ValueError):
    """An object type without words in the registry: it may not be written to the access log."""


@dataclass(frozen=True)
class Thing:
    """Something of the patient's, in the patient's easy words (see the module's docstring)."""

    yours: LazyString
    whose: LazyString
    own: LazyString
    # Which verbs the sentences use: "default" (tittade på, lade till, ändrade, ...), "listen"
    # (lyssnade på), "write" (skrev), "review" (gick igenom), "check" (kontrollerade), "remind"
    # (Lotsen skickade en påminnelse om … till …).
    verbs: str = "default"


@dataclass(frozen=True)
class Logged:
    """One object type of the access log: what the patient's log says, and what the staff's says."""

    patient: Thing
    staff: LazyString


# --- the patient's words ------------------------------------------------------------------------

START = Thing(_l("din startsida"), _l("%(whose)s startsida"), _l("sin startsida"))
LOG = Thing(
    _l("listan över vem som har tittat"),
    _l("listan över vem som har tittat på %(name)s"),
    _l("listan över vem som har tittat på sina uppgifter"),
)
RECORD = Thing(_l("dina uppgifter"), _l("%(whose)s uppgifter"), _l("sina uppgifter"))
PERSONNUMMER = Thing(
    _l("ditt hela personnummer"), _l("%(whose)s hela personnummer"), _l("sitt hela personnummer")
)
INVITE = Thing(
    _l("din inbjudan till Lotsen"), _l("%(whose)s inbjudan till Lotsen"), _l("sin inbjudan till Lotsen")
)
HELPERS = Thing(
    _l("vem som får hjälpa dig"), _l("vem som får hjälpa %(name)s"), _l("vem som får hjälpa till")
)
NEEDS = Thing(_l("dina anpassningar"), _l("%(whose)s anpassningar"), _l("sina anpassningar"))
NEEDS_REVIEW = Thing(NEEDS.yours, NEEDS.whose, NEEDS.own, verbs="review")
NEEDS_HISTORY = Thing(
    _l("vem som har ändrat dina anpassningar"),
    _l("vem som har ändrat %(whose)s anpassningar"),
    _l("vem som har ändrat anpassningarna"),
)
NEEDS_VERSION = Thing(
    _l("en gammal version av dina anpassningar"),
    _l("en gammal version av %(whose)s anpassningar"),
    _l("en gammal version av sina anpassningar"),
)
NEEDS_RECORD = Thing(
    _l("dina anpassningar till journalen"),
    _l("%(whose)s anpassningar till journalen"),
    _l("sina anpassningar till journalen"),
)
PASSPORT = Thing(_l("ditt vårdpass"), _l("%(whose)s vårdpass"), _l("sitt vårdpass"))
VISITS = Thing(_l("listan med dina besök"), _l("listan med %(whose)s besök"), _l("listan med sina besök"))
VISIT = Thing(_l("ditt besök"), _l("%(whose)s besök"), _l("sitt besök"))
ATTENDANCE = Thing(
    _l("om du kom till ditt besök"), _l("om %(name)s kom till sitt besök"), _l("om hen kom till sitt besök")
)
SCHEDULE = Thing(
    _l("hur ditt besök går till"), _l("hur %(whose)s besök går till"), _l("hur besöket går till")
)
VISIT_REQUEST = Thing(
    _l("din begäran om en tid"), _l("%(whose)s begäran om en tid"), _l("sin begäran om en tid")
)
VISIT_CHANGE = Thing(
    _l("din fråga om att avboka eller flytta ett besök"),
    _l("%(whose)s fråga om att avboka eller flytta ett besök"),
    _l("sin fråga om att avboka eller flytta ett besök"),
)
# A reminder before a visit (app/visits/reminders.py): Lotsen sent it, to the person the event
# names; "own" (sent to the patient, read by a helper) is "besöket": "sitt besök" would be Lotsen's.
REMINDER = Thing(_l("ditt besök"), _l("%(whose)s besök"), _l("besöket"), verbs="remind")
KALLELSE = Thing(
    _l("kallelsen till ditt besök"), _l("kallelsen till %(whose)s besök"), _l("kallelsen till sitt besök")
)
PREPARATIONS = Thing(
    _l("hur du förbereder besök"), _l("hur %(name)s förbereder besök"), _l("hur man förbereder besök")
)
APPLICATION = Thing(_l("din ansökan till SMO"), _l("%(whose)s ansökan till SMO"), _l("sin ansökan till SMO"))
PREPARATION = Thing(_l("din förberedelse"), _l("%(whose)s förberedelse"), _l("sin förberedelse"))
VISIT_JOURNAL = Thing(
    _l("ditt besök och din förberedelse till journalen"),
    _l("%(whose)s besök och förberedelse till journalen"),
    _l("sitt besök och sin förberedelse till journalen"),
)
MESSAGES = Thing(
    _l("dina meddelanden till vårdlotsen"),
    _l("%(whose)s meddelanden till vårdlotsen"),
    _l("sina meddelanden till vårdlotsen"),
)
MESSAGE = Thing(_l("ett meddelande"), _l("ett meddelande om %(name)s"), _l("ett meddelande"), verbs="write")
SUGGESTION = Thing(
    _l("ett förslag om dina anpassningar"),
    _l("ett förslag om %(whose)s anpassningar"),
    _l("ett förslag om sina anpassningar"),
    verbs="write",
)
PREFERENCES = Thing(
    _l("hur Lotsen ser ut och låter för dig"),
    _l("hur Lotsen ser ut och låter för %(name)s"),
    _l("hur Lotsen ser ut och låter för sig"),
)
# The photo a helper added for the tiles on a group home's tablet (app/tablet/residents.py).
PHOTO = Thing(_l("fotot av dig"), _l("fotot av %(name)s"), _l("fotot av sig"))
# A group home's own things (its tablet, its lock time): no patient's log names them, but the
# registry wants a patient wording for every object type.
CALLBACK = Thing(
    _l("din begäran om att bli uppringd"),
    _l("%(whose)s begäran om att bli uppringd"),
    _l("sin begäran om att bli uppringd"),
)
ANSWERS = Thing(
    _l("vårdcentralens färdiga svar"), _l("vårdcentralens färdiga svar"), _l("vårdcentralens färdiga svar")
)
# The inbox lists who wrote and about what, not the messages themselves (opening one is its own
# line: "tittade på dina meddelanden till vårdlotsen").
INBOX = Thing(
    _l("vårdlotsens inkorg, där du finns med"),
    _l("vårdlotsens inkorg, där %(name)s finns med"),
    _l("vårdlotsens inkorg"),
)
TODO = Thing(
    _l("personalens lista Att göra, där du finns med"),
    _l("personalens lista Att göra, där %(name)s finns med"),
    _l("personalens lista Att göra"),
)
VISIT_LIST = Thing(
    _l("dina besök i vårdcentralens lista över besök"),
    _l("%(whose)s besök i vårdcentralens lista över besök"),
    _l("sina besök i vårdcentralens lista över besök"),
)
VISIT_PAPER = Thing(
    _l("dina besök och anpassningar i dagens besökslista på papper"),
    _l("%(whose)s besök och anpassningar i dagens besökslista på papper"),
    _l("sina besök och anpassningar i dagens besökslista på papper"),
)
PATIENT_LIST = Thing(
    _l("ditt namn i vårdcentralens patientlista"),
    _l("%(whose)s namn i vårdcentralens patientlista"),
    _l("sitt namn i vårdcentralens patientlista"),
)
STAFF_LOG = Thing(
    _l("listan över vem som har tittat på dina uppgifter"),
    _l("listan över vem som har tittat på %(whose)s uppgifter"),
    _l("listan över vem som har tittat på sina uppgifter"),
)
SPOT_CHECK = Thing(
    _l("en rad i listan över vem som har tittat på dina uppgifter"),
    _l("en rad i listan över vem som har tittat på %(whose)s uppgifter"),
    _l("en rad i listan över vem som har tittat på sina uppgifter"),
    verbs="check",
)
SCHEDULE_PREVIEW = Thing(
    _l("hur besöken går till för dig, med dina anpassningar"),
    _l("hur besöken går till för %(name)s, med %(whose)s anpassningar"),
    _l("hur besöken går till, med sina anpassningar"),
)
# The care team's internal note about the patient (app/staff/notes.py): the log says that staff
# read or changed it, never what it says.
STAFF_NOTE = Thing(
    _l("personalens anteckning om dig"),
    _l("personalens anteckning om %(name)s"),
    _l("personalens anteckning om sig"),
)
STAFF_NOTE_HISTORY = Thing(
    _l("tidigare versioner av personalens anteckning om dig"),
    _l("tidigare versioner av personalens anteckning om %(name)s"),
    _l("tidigare versioner av personalens anteckning om sig"),
)
# The pilot's statistics (app/stats/): counts about the clinic, never about one patient, so no
# patient's own log shows them; these words are there all the same, as for every logged thing.
STATISTICS = Thing(
    _l("siffror om vårdcentralen, utan namn"),
    _l("siffror om vårdcentralen, utan namn"),
    _l("siffror om vårdcentralen, utan namn"),
)

# Efter besöket (app/aftervisit/): the summary the clinic writes after a visit, and its next steps.
AFTER_VISIT = Thing(
    _l("det vårdcentralen skrev efter ditt besök"),
    _l("det vårdcentralen skrev efter %(whose)s besök"),
    _l("det vårdcentralen skrev efter sitt besök"),
)
AFTER_VISIT_STEP = Thing(
    _l("ett steg att göra efter ditt besök"),
    _l("ett steg att göra efter %(whose)s besök"),
    _l("ett steg att göra efter sitt besök"),
)
AFTER_VISIT_HISTORY = Thing(
    _l("tidigare versioner av det vårdcentralen skrev efter ditt besök"),
    _l("tidigare versioner av det vårdcentralen skrev efter %(whose)s besök"),
    _l("tidigare versioner av det vårdcentralen skrev efter sitt besök"),
)
AFTER_VISIT_QUESTION = Thing(
    _l("en fråga om det vårdcentralen skrev efter ditt besök"),
    _l("en fråga om det vårdcentralen skrev efter %(whose)s besök"),
    _l("en fråga om det vårdcentralen skrev efter sitt besök"),
    verbs="write",
)
AFTER_VISIT_JOURNAL = Thing(
    _l("det vårdcentralen skrev efter ditt besök, till journalen"),
    _l("det vårdcentralen skrev efter %(whose)s besök, till journalen"),
    _l("det vårdcentralen skrev efter sitt besök, till journalen"),
)
# Min hälsoplan (app/checkup/plan_*.py): the plan agreed at the health check, and its goals.
HEALTH_PLAN = Thing(
    _l("din hälsoplan"),
    _l("%(whose)s hälsoplan"),
    _l("sin hälsoplan"),
)
HEALTH_PLAN_GOAL = Thing(
    _l("ett mål i din hälsoplan"),
    _l("ett mål i %(whose)s hälsoplan"),
    _l("ett mål i sin hälsoplan"),
)
# The questions before the health check (app/checkup/question_*.py).
HEALTH_QUESTIONS = Thing(
    _l("dina svar före hälsokontrollen"),
    _l("%(whose)s svar före hälsokontrollen"),
    _l("sina svar före hälsokontrollen"),
)
HEALTH_QUESTIONS_PAPER = Thing(
    _l("dina svar före hälsokontrollen på papper"),
    _l("%(whose)s svar före hälsokontrollen på papper"),
    _l("sina svar före hälsokontrollen på papper"),
)
# "Så brukar jag vara" (app/needs/usual.py): the baseline, how the patient usually is.
USUAL = Thing(
    _l("hur du brukar vara"),
    _l("hur %(name)s brukar vara"),
    _l("hur hen brukar vara"),
)
USUAL_HISTORY = Thing(
    _l("vem som har ändrat hur du brukar vara"),
    _l("vem som har ändrat hur %(name)s brukar vara"),
    _l("vem som har ändrat hur hen brukar vara"),
)
HEALTH_PLAN_HISTORY = Thing(
    _l("dina hälsoplaner från förut"),
    _l("%(whose)s hälsoplaner från förut"),
    _l("sina hälsoplaner från förut"),
)
HEALTH_CHECK = Thing(
    _l("din inbjudan till hälsokontroll"),
    _l("%(whose)s inbjudan till hälsokontroll"),
    _l("sin inbjudan till hälsokontroll"),
)
HEALTH_CHECK_ANSWER = Thing(
    _l("ditt svar på inbjudan till hälsokontroll"),
    _l("%(whose)s svar på inbjudan till hälsokontroll"),
    _l("sitt svar på inbjudan till hälsokontroll"),
)
HEALTH_CHECK_LIST = Thing(
    _l("ditt namn i vårdcentralens lista över hälsokontroller"),
    _l("%(whose)s namn i vårdcentralens lista över hälsokontroller"),
    _l("sitt namn i vårdcentralens lista över hälsokontroller"),
)
# Något har ändrats (app/checkup/change_*.py): a note that something is not as usual, and the
# numbers the clinic measures (weight, blood pressure).
CHANGE_NOTES = Thing(
    _l("det som är skrivet om att något har ändrats för dig"),
    _l("det som är skrivet om att något har ändrats för %(name)s"),
    _l("det som är skrivet om att något har ändrats för sig"),
)
CHANGE_NOTE = Thing(
    _l("en anteckning om att något har ändrats för dig"),
    _l("en anteckning om att något har ändrats för %(name)s"),
    _l("en anteckning om att något har ändrats för sig"),
)
MEASUREMENTS = Thing(
    _l("din vikt och ditt blodtryck"),
    _l("%(whose)s vikt och blodtryck"),
    _l("sin vikt och sitt blodtryck"),
)
# Vem jobbar här?: not the patient's data, but it says which clinic is theirs.
TEAM = Thing(
    _l("vilka som jobbar på din vårdcentral"),
    _l("vilka som jobbar på %(whose)s vårdcentral"),
    _l("vilka som jobbar på vårdcentralen"),
)
CLIP = Thing(
    _l("en uppläst text om dig"),
    _l("en uppläst text om %(name)s"),
    _l("en uppläst text om sig själv"),
    verbs="listen",
)

# --- the registry ---------------------------------------------------------------------------------
# Endpoint names (the pages app.core.access logs) and the names services pass to audit.record.
# tests/test_access_words.py checks that every logged endpoint and every name in the code is here.

LOGGED: dict[str, Logged] = {
    # The patient's own pages (/min-sida/).
    "patient.home": Logged(START, _l("Patientens startsida")),
    "patient.access_log": Logged(LOG, _l("Patientens logg")),
    "patient.team": Logged(TEAM, _l("Vem jobbar här? (patientens sida)")),
    "needs.overview": Logged(NEEDS, _l("Anpassningar (patientens sida)")),
    "needs.category": Logged(NEEDS, _l("Anpassningar, ett område (patientens sida)")),
    "needs.section": Logged(NEEDS, _l("Anpassningar, om patienten (patientens sida)")),
    "needs.history": Logged(NEEDS_HISTORY, _l("Anpassningar, historik (patientens sida)")),
    "needs.version": Logged(NEEDS_VERSION, _l("Anpassningar, äldre version (patientens sida)")),
    "needs.passport": Logged(PASSPORT, _l("Vårdpasset")),
    "needs.usual_page": Logged(USUAL, _l("Så brukar patienten vara (patientens sida)")),
    "needs.usual_edit": Logged(USUAL, _l("Så brukar patienten vara, ändra (patientens sida)")),
    "needs.usual_history": Logged(USUAL_HISTORY, _l("Så brukar patienten vara, historik (patientens sida)")),
    "needs.passport_print": Logged(PASSPORT, _l("Vårdpasset, utskriftsversion (patientens sida)")),
    "needs.passport_order": Logged(PASSPORT, _l("Vårdpasset, vad som står först (patientens sida)")),
    "visits.index": Logged(VISITS, _l("Mina besök (patientens sida)")),
    "visits.visit": Logged(VISIT, _l("Besök (patientens sida)")),
    "visits.schedule_print": Logged(SCHEDULE, _l("Så går besöket till, utskriftsversion (patientens sida)")),
    "visits.calendar": Logged(VISIT, _l("Besöket som kalenderfil (patientens sida)")),
    "visits.request_visit": Logged(VISIT_REQUEST, _l("Be om en tid (patientens sida)")),
    "visits.change_request": Logged(VISIT_CHANGE, _l("Avboka eller flytta (patientens sida)")),
    "visits.kallelse": Logged(KALLELSE, _l("Kallelse (patientens sida)")),
    "visits.kallelse_print": Logged(KALLELSE, _l("Kallelse, utskriftsversion (patientens sida)")),
    "prepare.index": Logged(PREPARATIONS, _l("Förbered besöket (patientens sida)")),
    "prepare.start": Logged(PREPARATION, _l("Ny förberedelse (patientens sida)")),
    "prepare.step": Logged(PREPARATION, _l("Förberedelse, ett steg (patientens sida)")),
    "prepare.review": Logged(PREPARATION, _l("Förberedelse, kontrollera (patientens sida)")),
    "prepare.sent": Logged(PREPARATION, _l("Förberedelse, skickad (patientens sida)")),
    "prepare.reopen": Logged(PREPARATION, _l("Förberedelse, öppna igen (patientens sida)")),
    "prepare.print_summary": Logged(PREPARATION, _l("Förberedelse, utskriftsversion (patientens sida)")),
    "patient.preferences": Logged(PREFERENCES, _l("Patientens inställningar (patientens sida)")),
    "patient.preferences_save": Logged(PREFERENCES, _l("Patientens inställningar, ändra (patientens sida)")),
    "patient.preferences_together": Logged(
        PREFERENCES, _l("Patientens inställningar, använda tillsammans (patientens sida)")
    ),
    "resident.resident_photo": Logged(PHOTO, _l("Foto av patienten (patientens sida)")),
    "patient_photo": Logged(PHOTO, _l("Foto av patienten")),
    "staff.patient_photo": Logged(PHOTO, _l("Foto av patienten")),
    "needs.suggest": Logged(SUGGESTION, _l("Föreslå en ändring av anpassningar (patientens sida)")),
    "aftervisit.page": Logged(AFTER_VISIT, _l("Efter besöket (patientens sida)")),
    "aftervisit.understood": Logged(AFTER_VISIT, _l("Efter besöket, Jag har förstått (patientens sida)")),
    "aftervisit.step": Logged(AFTER_VISIT_STEP, _l("Efter besöket, ett steg klart (patientens sida)")),
    "aftervisit.question": Logged(
        AFTER_VISIT_QUESTION, _l("Efter besöket, Jag har en fråga (patientens sida)")
    ),
    "aftervisit.history": Logged(
        AFTER_VISIT_HISTORY, _l("Efter besöket, tidigare versioner (patientens sida)")
    ),
    "aftervisit.version": Logged(
        AFTER_VISIT_HISTORY, _l("Efter besöket, en tidigare version (patientens sida)")
    ),
    "aftervisit.print": Logged(AFTER_VISIT, _l("Efter besöket, utskriftsversion (patientens sida)")),
    "plan.page": Logged(HEALTH_PLAN, _l("Min hälsoplan (patientens sida)")),
    "plan.goal": Logged(HEALTH_PLAN_GOAL, _l("Min hälsoplan, ett steg klart (patientens sida)")),
    "plan.history": Logged(HEALTH_PLAN_HISTORY, _l("Min hälsoplan, planer förut (patientens sida)")),
    "plan.version": Logged(HEALTH_PLAN_HISTORY, _l("Min hälsoplan, en plan förut (patientens sida)")),
    "plan.print": Logged(HEALTH_PLAN, _l("Min hälsoplan, utskriftsversion (patientens sida)")),
    "checkup.invitation": Logged(HEALTH_CHECK, _l("Hälsokontroll, inbjudan (patientens sida)")),
    "checkup.answer": Logged(HEALTH_CHECK_ANSWER, _l("Hälsokontroll, svar på inbjudan (patientens sida)")),
    "checkup.print": Logged(HEALTH_CHECK, _l("Hälsokontroll, inbjudan att skriva ut (patientens sida)")),
    "questions.index": Logged(HEALTH_QUESTIONS, _l("Frågor före hälsokontrollen (patientens sida)")),
    "questions.start": Logged(HEALTH_QUESTIONS, _l("Frågor före hälsokontrollen, börja (patientens sida)")),
    "questions.step": Logged(HEALTH_QUESTIONS, _l("Frågor före hälsokontrollen, en fråga (patientens sida)")),
    "questions.review": Logged(
        HEALTH_QUESTIONS, _l("Frågor före hälsokontrollen, kontrollera (patientens sida)")
    ),
    "questions.sent": Logged(
        HEALTH_QUESTIONS, _l("Frågor före hälsokontrollen, skickade svar (patientens sida)")
    ),
    "questions.reopen": Logged(HEALTH_QUESTIONS, _l("Frågor före hälsokontrollen, ändra (patientens sida)")),
    "changes.index": Logged(CHANGE_NOTES, _l("Något har ändrats (patientens sida)")),
    "changes.new": Logged(CHANGE_NOTE, _l("Något har ändrats, skriva (patientens sida)")),
    "changes.send": Logged(CHANGE_NOTE, _l("Något har ändrats, skicka (patientens sida)")),
    "changes.note": Logged(CHANGE_NOTE, _l("Något har ändrats, en anteckning (patientens sida)")),
    "contact.index": Logged(MESSAGES, _l("Kontakta vårdlotsen (patientens sida)")),
    "contact.write": Logged(MESSAGES, _l("Nytt meddelande (patientens sida)")),
    "contact.conversation": Logged(MESSAGES, _l("Meddelande (patientens sida)")),
    "contact.reply": Logged(MESSAGES, _l("Svar på ett meddelande (patientens sida)")),
    "contact.callback_new": Logged(CALLBACK, _l("Ring upp mig, ny begäran (patientens sida)")),
    "contact.callback": Logged(CALLBACK, _l("Ring upp mig (patientens sida)")),
    "contact.callback_cancel": Logged(CALLBACK, _l("Ring upp mig, ta bort (patientens sida)")),
    # The staff's pages about one patient (/personal/patienter/<id>/...).
    "staff.patient": Logged(RECORD, _l("Patientkortet")),
    "staff.personnummer": Logged(PERSONNUMMER, _l("Hela personnumret på patientkortet")),
    "staff.patient_edit": Logged(RECORD, _l("Ändra patientuppgifter")),
    "staff.invite_patient": Logged(INVITE, _l("Inbjudan till eget konto")),
    "staff.invite_representative": Logged(HELPERS, _l("Bjud in företrädare")),
    "staff.staff_note": Logged(STAFF_NOTE, _l("Anteckning för personalen")),
    "staff.staff_note_history": Logged(STAFF_NOTE_HISTORY, _l("Anteckning för personalen, historik")),
    "staff.mandate": Logged(HELPERS, _l("Företrädarens behörighet")),
    "staff.mandate_verify": Logged(HELPERS, _l("Företrädarens behörighet, bekräfta")),
    "staff.mandate_change": Logged(HELPERS, _l("Företrädarens behörighet, ändra")),
    "staff.mandate_revoke": Logged(HELPERS, _l("Företrädarens behörighet, återkalla")),
    "staff.mandate_renew": Logged(HELPERS, _l("Företrädarens behörighet, ny länk")),
    "needs_staff.edit": Logged(NEEDS, _l("Ändra anpassningar")),
    "needs_staff.review": Logged(NEEDS_REVIEW, _l("Genomgång av anpassningar")),
    "needs_staff.history": Logged(NEEDS_HISTORY, _l("Anpassningar, historik")),
    "needs_staff.version": Logged(NEEDS_VERSION, _l("Anpassningar, äldre version")),
    "needs_staff.passport": Logged(PASSPORT, _l("Vårdpass")),
    "needs_staff.usual_for_staff": Logged(USUAL, _l("Så brukar patienten vara")),
    "needs_staff.passport_print": Logged(PASSPORT, _l("Vårdpass, utskriftsversion")),
    "needs_staff.export": Logged(NEEDS_RECORD, _l("Anpassningar till journalen (FHIR)")),
    "needs_staff.journal_text": Logged(NEEDS_RECORD, _l("Anpassningar som text till journalen")),
    "needs_staff.journal_text_download": Logged(NEEDS_RECORD, _l("Anpassningar som textfil till journalen")),
    "visits_staff.visit_journal": Logged(VISIT_JOURNAL, _l("Besöket som text till journalen")),
    "visits_staff.visit_journal_download": Logged(VISIT_JOURNAL, _l("Besöket som textfil till journalen")),
    "visits_staff.visit": Logged(VISIT, _l("Besök")),
    "visits_staff.visit_new": Logged(VISITS, _l("Nytt besök")),
    "visits_staff.visit_edit": Logged(VISIT, _l("Ändra besök")),
    "visits_staff.visit_cancel": Logged(VISIT, _l("Ställ in besök")),
    "visits_staff.preparation": Logged(PREPARATION, _l("Förberedelse")),
    "visits_staff.preparation_read": Logged(PREPARATION, _l("Förberedelse, markera som läst")),
    "visits_staff.request_handled": Logged(VISIT_REQUEST, _l("Önskemål om tid, klart")),
    "changes_staff.notes": Logged(CHANGE_NOTES, _l("Något har ändrats, anteckningar och diagram")),
    "changes_staff.measurements": Logged(MEASUREMENTS, _l("Mätvärden: vikt och blodtryck")),
    "plan_staff.plan": Logged(HEALTH_PLAN, _l("Hälsoplanen")),
    "plan_staff.edit": Logged(HEALTH_PLAN, _l("Hälsoplanen, skriva")),
    "plan_staff.send": Logged(HEALTH_PLAN, _l("Hälsoplanen, skicka till patienten")),
    "plan_staff.new": Logged(HEALTH_PLAN, _l("Hälsoplanen, ny plan vid nästa hälsokontroll")),
    "plan_staff.goal": Logged(HEALTH_PLAN_GOAL, _l("Hälsoplanen, ett steg markerat")),
    "plan_staff.history": Logged(HEALTH_PLAN_HISTORY, _l("Hälsoplanen, historik")),
    "plan_staff.print": Logged(HEALTH_PLAN, _l("Hälsoplanen, utskriftsversion")),
    "questions_staff.newest": Logged(HEALTH_QUESTIONS, _l("Svar före hälsokontrollen")),
    "questions_staff.answers": Logged(
        HEALTH_QUESTIONS, _l("Svar före hälsokontrollen, jämförda med förra gången")
    ),
    "questions_staff.print": Logged(
        HEALTH_QUESTIONS_PAPER, _l("Svar före hälsokontrollen, utskriftsversion")
    ),
    "aftervisit_staff.summary": Logged(AFTER_VISIT, _l("Efter besöket")),
    "aftervisit_staff.edit": Logged(AFTER_VISIT, _l("Efter besöket, skriva")),
    "aftervisit_staff.languages": Logged(AFTER_VISIT, _l("Efter besöket, på fler språk")),
    "aftervisit_staff.send": Logged(AFTER_VISIT, _l("Efter besöket, skicka till patienten")),
    "aftervisit_staff.history": Logged(AFTER_VISIT, _l("Efter besöket, historik")),
    "aftervisit_staff.step": Logged(AFTER_VISIT_STEP, _l("Efter besöket, bocka av ett steg")),
    "aftervisit_staff.journal": Logged(AFTER_VISIT_JOURNAL, _l("Efter besöket som text till journalen")),
    "aftervisit_staff.journal_download": Logged(
        AFTER_VISIT_JOURNAL, _l("Efter besöket som textfil till journalen")
    ),
    "aftervisit_staff.preview": Logged(
        AFTER_VISIT, _l("Efter besöket, förhandsvisning som patienten ser det")
    ),
    "visits_staff.schedule_preview": Logged(
        SCHEDULE_PREVIEW, _l("Så går besöket till, förhandsvisat som patienten")
    ),
    "contact_staff.conversation": Logged(MESSAGES, _l("Meddelande till vårdlotsen")),
    "contact_staff.conversation_assign": Logged(MESSAGES, _l("Meddelande, ansvarig")),
    "contact_staff.conversation_done": Logged(MESSAGES, _l("Meddelande, klart")),
    "contact_staff.callback": Logged(CALLBACK, _l("Ring upp")),
    "contact_staff.callback_assign": Logged(CALLBACK, _l("Ring upp, ansvarig")),
    "contact_staff.request_assign": Logged(VISIT_REQUEST, _l("Önskemål om tid, ansvarig")),
    "contact_staff.callback_attempt": Logged(CALLBACK, _l("Ring upp, försök att ringa")),
    "contact_staff.callback_plan": Logged(CALLBACK, _l("Ring upp, planering")),
    "contact_staff.callback_done": Logged(CALLBACK, _l("Ring upp, klart")),
    "contact_staff.conversation_journal": Logged(MESSAGES, _l("Meddelanden som text till journalen")),
    "contact_staff.conversation_journal_download": Logged(
        MESSAGES, _l("Meddelanden som textfil till journalen")
    ),
    "contact_staff.callback_journal": Logged(CALLBACK, _l("Ring upp, som text till journalen")),
    "contact_staff.callback_journal_download": Logged(CALLBACK, _l("Ring upp, som textfil till journalen")),
    # The staff's lists: one read for each patient the page shows.
    "contact_staff.inbox": Logged(INBOX, _l("Inkorgen")),
    "contact_staff.todo_page": Logged(TODO, _l("Att göra")),
    "visits_staff.visits": Logged(VISIT_LIST, _l("Besökslistan")),
    "visits_staff.unmarked": Logged(VISIT_LIST, _l("Besök utan närvaro")),
    "visits_staff.todays_print": Logged(VISIT_PAPER, _l("Dagens besök på papper")),
    "staff.patients": Logged(PATIENT_LIST, _l("Patientlistan")),
    "checkup_staff.due_list": Logged(HEALTH_CHECK_LIST, _l("Listan över hälsokontroller")),
    "checkup_staff.patient_checks": Logged(HEALTH_CHECK, _l("Hälsokontroller")),
    "checkup_staff.invite": Logged(HEALTH_CHECK, _l("Hälsokontroll, bjuda in")),
    "checkup_staff.book": Logged(HEALTH_CHECK, _l("Hälsokontroll, boka en tid")),
    "checkup_staff.done": Logged(HEALTH_CHECK, _l("Hälsokontroll, markera som gjord")),
    "checkup_staff.missed": Logged(HEALTH_CHECK, _l("Hälsokontroll, markera att patienten inte kom")),
    "checkup_staff.follow_up": Logged(HEALTH_CHECK_ANSWER, _l("Hälsokontroll, uppföljning")),
    "patient_list": Logged(PATIENT_LIST, _l("Patientlistan")),  # before lists logged per patient
    "staff.access_log": Logged(STAFF_LOG, _l("Åtkomstloggen")),
    # The statistics: a read of the clinic's figures (no patient), by its staff or the region.
    "stats_staff.statistics": Logged(STATISTICS, _l("Statistik för vårdcentralen")),
    "stats_staff.statistics_csv": Logged(STATISTICS, _l("Statistik för vårdcentralen, som CSV-fil")),
    "admin.statistics": Logged(STATISTICS, _l("Regionens statistik, vårdcentralens siffror")),
    "admin.statistics_csv": Logged(STATISTICS, _l("Regionens statistik som CSV-fil, vårdcentralens siffror")),
    "staff.spot_check": Logged(SPOT_CHECK, _l("Stickprov i åtkomstloggen")),
    # Ansök om SMO (app/apply/): the list and one application are read for the clinic (an
    # application is nobody's patient data yet); yes is logged for the patient it made.
    "apply_staff.applications": Logged(APPLICATION, _l("Ansökningar till SMO")),
    "apply_staff.application": Logged(APPLICATION, _l("Ansökan till SMO")),
    "application.personnummer": Logged(PERSONNUMMER, _l("Hela personnumret i en ansökan till SMO")),
    "apply_staff.accept": Logged(APPLICATION, _l("Ansökan till SMO, ja")),
    "apply_staff.decline": Logged(APPLICATION, _l("Ansökan till SMO, nej")),
    "apply_staff.print_answer": Logged(APPLICATION, _l("Ansökan till SMO, svaret att skriva ut")),
    "application.accept": Logged(APPLICATION, _l("Ansökan till SMO, ja: patienten lades till")),
    "application.decline": Logged(APPLICATION, _l("Ansökan till SMO, nej")),
    # What the services name when they write the log themselves.
    "patient": Logged(RECORD, _l("Patientuppgifter")),
    "invitation": Logged(INVITE, _l("Inbjudan till eget konto")),
    "mandate": Logged(HELPERS, _l("Företrädarens behörighet")),
    "staff_note": Logged(STAFF_NOTE, _l("Anteckning för personalen")),
    "needs": Logged(NEEDS, _l("Anpassningar")),
    "needs.review": Logged(NEEDS_REVIEW, _l("Genomgång av anpassningar")),
    "needs.fhir": Logged(NEEDS_RECORD, _l("Anpassningar till journalen (FHIR)")),
    "usual": Logged(USUAL, _l("Så brukar patienten vara")),
    "visit": Logged(VISIT, _l("Besök")),
    "visit.attendance": Logged(ATTENDANCE, _l("Besök, om patienten kom")),
    "visits_staff.attendance_mark": Logged(ATTENDANCE, _l("Besök, markera om patienten kom")),
    "visit_request": Logged(VISIT_REQUEST, _l("Önskemål om tid")),
    "visit.reminder": Logged(REMINDER, _l("Påminnelse om besök, skickad av Lotsen")),
    "visit_change.request": Logged(VISIT_CHANGE, _l("Avboka eller flytta, till vårdlotsens inkorg")),
    "preparation": Logged(PREPARATION, _l("Förberedelse")),
    "preparation.submit": Logged(PREPARATION, _l("Förberedelse, skickad till vårdcentralen")),
    "change_note": Logged(CHANGE_NOTE, _l("Något har ändrats, en anteckning")),
    "change_note.message": Logged(CHANGE_NOTE, _l("Något har ändrats, till vårdlotsens inkorg")),
    "measurement": Logged(MEASUREMENTS, _l("Mätvärde (vikt eller blodtryck)")),
    "health_plan": Logged(HEALTH_PLAN, _l("Hälsoplanen")),
    "health_questionnaire": Logged(HEALTH_QUESTIONS, _l("Svar före hälsokontrollen")),
    "health_questionnaire.send": Logged(HEALTH_QUESTIONS, _l("Svar före hälsokontrollen, skickade")),
    "health_questionnaire.reopen": Logged(
        HEALTH_QUESTIONS, _l("Svar före hälsokontrollen, öppnade för att ändra")
    ),
    "health_plan.send": Logged(HEALTH_PLAN, _l("Hälsoplanen, skickad till patienten")),
    "health_plan.goal_done": Logged(HEALTH_PLAN_GOAL, _l("Hälsoplanen, ett steg är gjort")),
    "health_plan.goal_undone": Logged(HEALTH_PLAN_GOAL, _l("Hälsoplanen, ett steg är inte gjort")),
    "health_check.invite": Logged(HEALTH_CHECK, _l("Hälsokontroll, inbjudan skickad")),
    "health_check.book": Logged(HEALTH_CHECK, _l("Hälsokontroll, tid bokad")),
    "health_check.done": Logged(HEALTH_CHECK, _l("Hälsokontroll, gjord")),
    "health_check.missed": Logged(HEALTH_CHECK, _l("Hälsokontroll, patienten kom inte")),
    "health_check.follow_up": Logged(HEALTH_CHECK_ANSWER, _l("Hälsokontroll, uppföljning sparad")),
    "health_check.answer": Logged(HEALTH_CHECK_ANSWER, _l("Hälsokontroll, svar på inbjudan")),
    "after_visit": Logged(AFTER_VISIT, _l("Efter besöket")),
    "after_visit.question": Logged(AFTER_VISIT_QUESTION, _l("Efter besöket, Jag har en fråga")),
    "after_visit.send": Logged(AFTER_VISIT, _l("Efter besöket, skickat till patienten")),
    "after_visit.understood": Logged(AFTER_VISIT, _l("Efter besöket, Jag har förstått")),
    "after_visit.step_done": Logged(AFTER_VISIT_STEP, _l("Efter besöket, ett steg är gjort")),
    "after_visit.step_undone": Logged(AFTER_VISIT_STEP, _l("Efter besöket, ett steg är inte gjort")),
    "preparation.reopen": Logged(PREPARATION, _l("Förberedelse, öppnad för att ändra")),
    "conversation": Logged(MESSAGES, _l("Meddelande till vårdlotsen")),
    "conversation.reopen": Logged(MESSAGES, _l("Meddelande, öppnat igen")),
    "suggestion": Logged(SUGGESTION, _l("Förslag om anpassningar")),
    "contact_message": Logged(MESSAGE, _l("Meddelande, nytt inlägg eller svar")),
    "callback": Logged(CALLBACK, _l("Ring upp")),
    "callback.reopen": Logged(CALLBACK, _l("Ring upp, öppnat igen")),
    "answer_template": Logged(ANSWERS, _l("Svarsmall")),
    "speech.clip": Logged(CLIP, _l("Uppläst text om patienten")),
    # Group homes (app/grouphome): the clinic's mandate to a home, and the manager's log.
    "home_mandate": Logged(HELPERS, _l("Boendets behörighet")),
    "grouphome.log": Logged(LOG, _l("Boendets lista Vem gjorde vad")),
    "grouphome_staff.home": Logged(RECORD, _l("Boendet, de som bor där")),
    "grouphome_staff.patient_home": Logged(HELPERS, _l("Boendets behörighet, ge")),
    "grouphome_staff.home_mandate_revoke": Logged(HELPERS, _l("Boendets behörighet, återkalla")),
}


def require(object_type: str) -> str:
    """`object_type`, if the access log may name it; else UnregisteredObject."""
    if object_type not in LOGGED:
        raise UnregisteredObject(
            f"the access log has no words for {object_type!r}: add it to LOGGED in app/core/audit_words.py"
        )
    return object_type


# The column itself refuses a name without words, whatever writes the row.
LoggedObjectType.check = require


# --- names --------------------------------------------------------------------------------------


def _language() -> str:
    return str(get_locale() or "sv").split("_")[0]


def _swedish_genitive(name: str) -> str:
    # "Alis", "Majas"; no s after s, x or z: "Lars", "Max", "Liz".
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"


def _english_genitive(name: str) -> str:
    return name + "\u2019s"  # "Ali’s", "Lars’s"


# Arabic says whose a thing is by the noun's construct state ("زيارة علي"): the name stays as it
# is, and the phrase puts it after the noun.
_GENITIVES: dict[str, Callable[[str], str]] = {
    "sv": _swedish_genitive,
    "en": _english_genitive,
    "ar": lambda name: name,
}


def genitive(name: str, language: str | None = None) -> str:
    """The name as the owner of something, in the page's language: "Alis", "Lars", "Ali’s"."""
    name = name.strip()
    return _GENITIVES.get(language or _language(), lambda n: n)(name)


# --- sentences --------------------------------------------------------------------------------
# Whole sentences, so that every language builds them its own way; `what` is one of a Thing's
# phrases. "Du ..." has sentences of its own: many languages bend the verb for "you". Each
# function gets `num` (how many times) and the words: `who` and `what`.


def _default(action: AccessAction, you: bool, num: int, **words: str) -> str:
    if num > 1:
        return _default_folded(action, you, num, **words)
    if you:
        if action is AccessAction.READ:
            return _("Du tittade på %(what)s.", **words)
        if action is AccessAction.CREATE:
            return _("Du lade till %(what)s.", **words)
        if action is AccessAction.UPDATE:
            return _("Du ändrade %(what)s.", **words)
        if action is AccessAction.DELETE:
            return _("Du tog bort %(what)s.", **words)
        if action is AccessAction.PRINT:
            return _("Du skrev ut %(what)s.", **words)
        return _("Du skickade vidare %(what)s.", **words)
    if action is AccessAction.READ:
        return _("%(who)s tittade på %(what)s.", **words)
    if action is AccessAction.CREATE:
        return _("%(who)s lade till %(what)s.", **words)
    if action is AccessAction.UPDATE:
        return _("%(who)s ändrade %(what)s.", **words)
    if action is AccessAction.DELETE:
        return _("%(who)s tog bort %(what)s.", **words)
    if action is AccessAction.PRINT:
        return _("%(who)s skrev ut %(what)s.", **words)
    return _("%(who)s skickade vidare %(what)s.", **words)


def _default_folded(action: AccessAction, you: bool, num: int, **words: str) -> str:
    if you:
        if action is AccessAction.READ:
            return ngettext(
                "Du tittade på %(what)s %(num)d gång.", "Du tittade på %(what)s %(num)d gånger.", num, **words
            )
        if action is AccessAction.CREATE:
            return ngettext(
                "Du lade till %(what)s %(num)d gång.", "Du lade till %(what)s %(num)d gånger.", num, **words
            )
        if action is AccessAction.UPDATE:
            return ngettext(
                "Du ändrade %(what)s %(num)d gång.", "Du ändrade %(what)s %(num)d gånger.", num, **words
            )
        if action is AccessAction.DELETE:
            return ngettext(
                "Du tog bort %(what)s %(num)d gång.", "Du tog bort %(what)s %(num)d gånger.", num, **words
            )
        if action is AccessAction.PRINT:
            return ngettext(
                "Du skrev ut %(what)s %(num)d gång.", "Du skrev ut %(what)s %(num)d gånger.", num, **words
            )
        return ngettext(
            "Du skickade vidare %(what)s %(num)d gång.",
            "Du skickade vidare %(what)s %(num)d gånger.",
            num,
            **words,
        )
    if action is AccessAction.READ:
        return ngettext(
            "%(who)s tittade på %(what)s %(num)d gång.",
            "%(who)s tittade på %(what)s %(num)d gånger.",
            num,
            **words,
        )
    if action is AccessAction.CREATE:
        return ngettext(
            "%(who)s lade till %(what)s %(num)d gång.",
            "%(who)s lade till %(what)s %(num)d gånger.",
            num,
            **words,
        )
    if action is AccessAction.UPDATE:
        return ngettext(
            "%(who)s ändrade %(what)s %(num)d gång.", "%(who)s ändrade %(what)s %(num)d gånger.", num, **words
        )
    if action is AccessAction.DELETE:
        return ngettext(
            "%(who)s tog bort %(what)s %(num)d gång.",
            "%(who)s tog bort %(what)s %(num)d gånger.",
            num,
            **words,
        )
    if action is AccessAction.PRINT:
        return ngettext(
            "%(who)s skrev ut %(what)s %(num)d gång.",
            "%(who)s skrev ut %(what)s %(num)d gånger.",
            num,
            **words,
        )
    return ngettext(
        "%(who)s skickade vidare %(what)s %(num)d gång.",
        "%(who)s skickade vidare %(what)s %(num)d gånger.",
        num,
        **words,
    )


def _listen(you: bool, num: int, **words: str) -> str:
    if num > 1:
        return (
            ngettext(
                "Du lyssnade på %(what)s %(num)d gång.",
                "Du lyssnade på %(what)s %(num)d gånger.",
                num,
                **words,
            )
            if you
            else ngettext(
                "%(who)s lyssnade på %(what)s %(num)d gång.",
                "%(who)s lyssnade på %(what)s %(num)d gånger.",
                num,
                **words,
            )
        )
    return _("Du lyssnade på %(what)s.", **words) if you else _("%(who)s lyssnade på %(what)s.", **words)


def _write(you: bool, num: int, **words: str) -> str:
    if num > 1:
        return (
            ngettext("Du skrev %(what)s %(num)d gång.", "Du skrev %(what)s %(num)d gånger.", num, **words)
            if you
            else ngettext(
                "%(who)s skrev %(what)s %(num)d gång.", "%(who)s skrev %(what)s %(num)d gånger.", num, **words
            )
        )
    return _("Du skrev %(what)s.", **words) if you else _("%(who)s skrev %(what)s.", **words)


def _review(you: bool, num: int, **words: str) -> str:
    if num > 1:
        return (
            ngettext(
                "Du gick igenom %(what)s %(num)d gång.",
                "Du gick igenom %(what)s %(num)d gånger.",
                num,
                **words,
            )
            if you
            else ngettext(
                "%(who)s gick igenom %(what)s %(num)d gång.",
                "%(who)s gick igenom %(what)s %(num)d gånger.",
                num,
                **words,
            )
        )
    return _("Du gick igenom %(what)s.", **words) if you else _("%(who)s gick igenom %(what)s.", **words)


def _check(you: bool, num: int, **words: str) -> str:
    if num > 1:
        return (
            ngettext(
                "Du kontrollerade %(what)s %(num)d gång.",
                "Du kontrollerade %(what)s %(num)d gånger.",
                num,
                **words,
            )
            if you
            else ngettext(
                "%(who)s kontrollerade %(what)s %(num)d gång.",
                "%(who)s kontrollerade %(what)s %(num)d gånger.",
                num,
                **words,
            )
        )
    return _("Du kontrollerade %(what)s.", **words) if you else _("%(who)s kontrollerade %(what)s.", **words)


def _remind(you: bool, num: int, **words: str) -> str:
    """Lotsen did it, for the person the event names (`who`, or "dig")."""
    if num > 1:
        return (
            ngettext(
                "Lotsen skickade en påminnelse om %(what)s till dig %(num)d gång.",
                "Lotsen skickade en påminnelse om %(what)s till dig %(num)d gånger.",
                num,
                **words,
            )
            if you
            else ngettext(
                "Lotsen skickade en påminnelse om %(what)s till %(who)s %(num)d gång.",
                "Lotsen skickade en påminnelse om %(what)s till %(who)s %(num)d gånger.",
                num,
                **words,
            )
        )
    if you:
        return _("Lotsen skickade en påminnelse om %(what)s till dig.", **words)
    return _("Lotsen skickade en påminnelse om %(what)s till %(who)s.", **words)


# The verb families and the one action each says in its own way; the other actions keep the
# default sentences.
_VERBS: dict[str, tuple[AccessAction, Callable[..., str]]] = {
    "listen": (AccessAction.READ, _listen),
    "write": (AccessAction.CREATE, _write),
    "review": (AccessAction.CREATE, _review),
    "check": (AccessAction.CREATE, _check),
    "remind": (AccessAction.EXPORT, _remind),
}


def sentence(thing: Thing, action: AccessAction, *, you: bool, what: str, who: str = "", num: int = 1) -> str:
    """One line of the patient's log: `action` on `thing`, done by "Du" (`you`) or by `who`,
    once or `num` times. `what` is one of the thing's phrases, already filled in."""
    special = _VERBS.get(thing.verbs)
    if special is not None and special[0] is action:
        return special[1](you, num, who=who, what=what)
    return _default(action, you, num, who=who, what=what)


# --- who ------------------------------------------------------------------------------------------


def role(event) -> tuple[str, str]:
    """The role of whoever did `event`, in words and as a pictogram id: ("vårdlots", "vardlots"),
    ("god man", "god-man"); ("", "person") for the patient themself or someone unknown."""
    user = event.user
    if user is not None and user.staff_member is not None:
        return profession_word(user.staff_member), PROFESSION_PICTOGRAMS[user.staff_member.profession]
    if event.mandate is not None:
        return mandate_kind_word(event.mandate.kind), MANDATE_PICTOGRAMS[event.mandate.kind]
    home_mandate = getattr(event, "home_mandate", None)  # only access events name one
    if home_mandate is not None:
        return home_mandate.home.name, MANDATE_PICTOGRAMS[MandateKind.GROUP_HOME_STAFF]
    return "", "person"


# --- the two logs ---------------------------------------------------------------------------------


def patient_line(event, patient, viewer, num: int = 1, who: str | None = None) -> str:
    """`event` (done `num` times) as a sentence of the patient's log, for `viewer`: the patient
    ("Anna Lindqvist tittade på ditt besök.") or someone who helps them ("Anna Lindqvist tittade
    på Alis besök.", and "Ali Hassan tittade på sitt besök." for what the patient did)."""
    logged = LOGGED.get(event.object_type)
    thing = logged.patient if logged is not None else RECORD
    you = event.user_id is not None and event.user_id == viewer.id
    if patient.user_id is not None and patient.user_id == viewer.id:
        form = thing.yours
    elif event.by_patient and not you:
        form = thing.own
    else:
        form = thing.whose
    what = str(form) % {"whose": genitive(patient.display_name), "name": patient.display_name}
    if who is None:
        who = event.user.name if event.user is not None else _("Någon")
    line = sentence(thing, event.action, you=you, who=who, what=what, num=num)
    # In Arabic the verb agrees with a woman on the staff: "اطّلعت".
    return line if you or event.user is None else about_her(line, event.user.staff_member)


def staff_object(object_type: str) -> str:
    """What an event was about, in the staff's words ("Patientkortet", "Inkorgen")."""
    logged = LOGGED.get(object_type)
    # Only rows written before the registry can lack words; never show the raw name.
    return str(logged.staff) if logged is not None else _("Övriga uppgifter")
