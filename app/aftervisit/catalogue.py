"""Efter besöket as data: what we did, the kinds of next step and who does them, how a medicine
changed, the times of day, whom to call, and the ready summaries staff start from. Forms, pages,
the print and the journal note are built from this."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

TEXT_MAX = 1000  # one text part of a summary
SHORT_MAX = 200  # a step's or a medicine's words
NAME_MAX = 80  # a medicine's name
MAX_STEPS = 8
MAX_MEDICINES = 8


@dataclass(frozen=True)
class Choice:
    value: str
    text: object  # a lazy text: what the patient's side reads
    pictogram: str
    staff: object = None  # what staff read, when it differs

    @property
    def staff_text(self):
        return self.staff or self.text


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

# Who does a step. The patient's side reads it about the patient: "Du" for the patient,
# the patient's name for a helper (see `who_words`).
WHO = (
    Choice("patient", _l("Du"), "person", staff=_l("Patienten")),
    Choice(
        "helper",
        _l("Boendet eller den som hjälper dig"),
        "group-home-staff",
        staff=_l("Boendet eller den som hjälper"),
    ),
    Choice("clinic", _l("Vårdcentralen"), "clinic"),
)
WHO_BY_VALUE = {c.value: c for c in WHO}
# Steps the patient's side may tick done; the clinic's own steps are ticked by staff.
PATIENT_SIDE_WHO = frozenset({"patient", "helper"})


def who_words(value: str, is_self: bool, name: str) -> str:
    """Who does a step, for the reader: "Du", or "Maja" when a helper reads about Maja."""
    if value == "patient":
        return str(_l("Du")) if is_self else name
    if value == "helper":
        return (
            str(_l("Boendet eller den som hjälper dig"))
            if is_self
            else str(_l("Boendet eller den som hjälper %(name)s", name=name))
        )
    return str(WHO_BY_VALUE["clinic"].text)


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
