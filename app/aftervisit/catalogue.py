"""Efter besöket as data: what we did, the kinds of next step and who does them, how a medicine
changed, the times of day, whom to call, and the ready summaries staff start from. Forms, pages,
the print and the journal note are built from this."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..next_steps import WHO_ALL, Choice

TEXT_MAX = 1000  # one text part of a summary
SHORT_MAX = 200  # a step's or a medicine's words
NAME_MAX = 80  # a medicine's name
MAX_STEPS = 8
MAX_MEDICINES = 8


# Det här gjorde vi: what happened at the visit, in "vi" (the clinic and the patient together),
# so the same words work for the patient and for a helper.
DID = (
    Choice("talk", _l("Vi pratade"), "conversation"),
    Choice("heart", _l("Vi lyssnade på hjärtat och lungorna"), "stethoscope"),
    Choice("blood_pressure", _l("Vi mätte blodtrycket"), "blood-pressure"),
    Choice("blood_test", _l("Vi tog ett blodprov"), "blood-test"),
    Choice("vaccination", _l("Vi gav en spruta med vaccin"), "syringe"),
    Choice("ears", _l("Vi tittade i öronen"), "ear"),
    Choice("weight", _l("Vi vägde"), "scale"),
    Choice("body", _l("Vi undersökte kroppen"), "body-front"),
    Choice("medicines", _l("Vi gick igenom medicinerna"), "medicine-list"),
)
DID_BY_VALUE = {c.value: c for c in DID}


@dataclass(frozen=True)
class StepKind(Choice):
    # An easy explanation shown with the step ("En remiss är …"), or None.
    explained: object = None
    # Whether the step is usually on a day (the form asks for one, never requires it).
    dated: bool = True


# Det här händer nu: the kinds of next step.
STEP_KINDS = (
    StepKind("blood_test", _l("Nytt blodprov"), "blood-test"),
    StepKind("visit", _l("Återbesök"), "follow-up"),
    StepKind(
        "referral",
        _l("Remiss"),
        "referral",
        explained=_l(
            "En remiss är ett brev från vårdcentralen till en annan mottagning. "
            "Där kan de hjälpa till mer. Mottagningen skickar en tid."
        ),
    ),
    StepKind("try_medicine", _l("Ny medicin"), "medicine-new"),
    StepKind("stop_medicine", _l("Sluta med medicinen"), "medicine-stop"),
    StepKind("exercise", _l("Röra på sig"), "exercise", dated=False),
    StepKind("come_back", _l("Ring vårdcentralen om det inte blir bättre"), "phone", dated=False),
    StepKind("other", _l("Något annat"), "other", dated=False),
)
STEP_KINDS_BY_VALUE = {k.value: k for k in STEP_KINDS}

# Who does a step (app/next_steps.py): the patient, the group home or the person who helps, the
# clinic. (Min hälsoplan adds the habilitation.)
WHO = tuple(c for c in WHO_ALL if c.value in ("patient", "helper", "clinic"))
WHO_BY_VALUE = {c.value: c for c in WHO}


# Mina mediciner: how a medicine changed.
CHANGES = (
    Choice("new", _l("Ny medicin"), "medicine-new"),
    Choice("changed", _l("Ändrad mängd"), "medicine-change"),
    Choice("stopped", _l("Sluta med medicinen"), "medicine-stop"),
)
CHANGES_BY_VALUE = {c.value: c for c in CHANGES}

# When to take it: the times of day a group home gives medicines.
TIMES = (
    Choice("morning", _l("Morgon"), "morning"),
    Choice("midday", _l("Mitt på dagen"), "midday"),
    Choice("evening", _l("Kväll"), "evening"),
    Choice("night", _l("Natt"), "night"),
)
TIMES_BY_VALUE = {c.value: c for c in TIMES}

# Hör av dig om: whom to call, and when, in the order of how serious it is.
CALLS = (
    Choice("clinic", _l("Ring vårdcentralen om"), "phone"),
    Choice("1177", _l("Ring 1177 om"), "advice-line"),
    Choice("112", _l("Ring 112 om"), "ambulance"),
)
CALLS_BY_VALUE = {c.value: c for c in CALLS}

# The text parts of a summary, in the order the page shows them.
PARTS = ("did", "found", "steps", "medicines", "calls")
PART_TITLES = {
    "did": _l("Det här gjorde vi"),
    "found": _l("Det här kom vi fram till"),
    "steps": _l("Det här händer nu"),
    "medicines": _l("Mina mediciner"),
    "calls": _l("Hör av dig om"),
}
PART_PICTOGRAMS = {
    "did": "stethoscope",
    "found": "explain-steps",
    "steps": "list",
    "medicines": "medicine-list",
    "calls": "phone",
}
NOT_A_PRESCRIPTION = _l(
    "Listan visar vad som ändrades vid besöket. Den är inte ett recept. "
    "Följ alltid listan från apoteket eller vårdcentralen."
)


# Ready summaries staff start from ("Hälsokontroll där allt ser bra ut" …). Every text is a lazy
# text: applying one (`content.from_ready`) fills the Swedish, English and Arabic forms at once
# from the catalogues. Staff then change what does not fit; nothing here has a day.
@dataclass(frozen=True)
class ReadyStep:
    kind: str
    who: str
    text: object


@dataclass(frozen=True)
class ReadyMedicine:
    change: str
    for_what: object
    dose: object
    times: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ready:
    value: str
    title: object  # what staff choose from
    did: tuple[str, ...] = ()
    did_text: object = None
    found: object = None
    steps: tuple[ReadyStep, ...] = ()
    medicines: tuple[ReadyMedicine, ...] = ()
    calls: tuple[tuple[str, object], ...] = ()


TEMPLATES = (
    Ready(
        "checkup_fine",
        _l("Hälsokontroll där allt ser bra ut"),
        did=("talk", "heart", "blood_pressure", "weight"),
        found=_l("Allt ser bra ut. Hjärtat och blodtrycket är bra."),
        steps=(ReadyStep("visit", "clinic", _l("Vi ses igen om ett år. Vi skickar en tid till dig.")),),
        calls=(("clinic", _l("Du blir sjuk eller känner dig orolig.")),),
    ),
    Ready(
        "blood_test_answer",
        _l("Blodprov taget och svar kommer"),
        did=("talk", "blood_test"),
        found=_l("Vi tog ett blodprov för att veta mer. Svaret kommer om några dagar."),
        steps=(ReadyStep("other", "clinic", _l("Vi ringer dig när svaret har kommit.")),),
        calls=(("clinic", _l("Du inte har hört något om en vecka.")),),
    ),
    Ready(
        "new_medicine",
        _l("Ny medicin"),
        did=("talk", "medicines"),
        found=_l("Du ska prova en ny medicin. Den ska hjälpa dig att må bättre."),
        steps=(
            ReadyStep("try_medicine", "patient", _l("Ta medicinen varje dag.")),
            ReadyStep("visit", "clinic", _l("Vi ses igen om 4 veckor. Då pratar vi om medicinen.")),
        ),
        medicines=(
            ReadyMedicine("new", _l("Den ska hjälpa dig att må bättre."), _l("1 tablett"), ("morning",)),
        ),
        calls=(
            ("clinic", _l("Du mår dåligt av medicinen.")),
            ("112", _l("Du får svårt att andas. Eller om ansiktet blir svullet.")),
        ),
    ),
    Ready(
        "referral_sent",
        _l("Remiss skickad"),
        did=("talk", "body"),
        found=_l("Vi vill att en annan mottagning tittar på det här."),
        steps=(
            ReadyStep(
                "referral", "clinic", _l("Vi har skickat en remiss. Mottagningen skickar en tid till dig.")
            ),
        ),
        calls=(("clinic", _l("Du inte har fått en tid om 4 veckor.")),),
    ),
    Ready(
        "vaccine",
        _l("Vaccin"),
        did=("talk", "vaccination"),
        did_text=_l("Det kan göra lite ont där sprutan var. Det går över."),
        found=_l("Du fick ett vaccin. Det skyddar dig mot en sjukdom."),
        calls=(
            ("clinic", _l("Du har feber i mer än 2 dagar.")),
            ("112", _l("Du får svårt att andas.")),
        ),
    ),
)
TEMPLATES_BY_VALUE = {t.value: t for t in TEMPLATES}
