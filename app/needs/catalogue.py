"""The needs catalogue: what a patient can ask the clinic to arrange, in categories.

Kept as data, read by the pages, the staff card, Mitt vårdpass and the FHIR export. Each need has a
stable code (stored in profiles, never renamed), its category, a pictogram and its text. The text
is a gettext message: the standard Swedish here, the other languages in the catalogues, and an easy
form of each in easy.po (tests/test_needs_catalogue.py checks all of it).

Where the NHS Reasonable Adjustment Flag has a fitting value set and SNOMED CT concept
(docs/reference/raf-valuesets.txt), the need carries them, so that the FHIR export can
code it. `raf` is always set: needs without a coded concept go in BespokeReasonableAdjustment and
are exported with their text only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

# The category whose needs the visit overview and the journal note say on one line of their own.
COMMUNICATION = "communication"


class Part(enum.StrEnum):
    """The three parts of Mitt vårdpass."""

    MUST = "must"  # Det här måste ni veta om mig
    IMPORTANT = "important"  # Det här är viktigt för mig
    USUAL = "usual"  # Så här brukar jag vara (app/needs/usual.py), only when written
    LIKES = "likes"  # Det här tycker jag om och inte om


@dataclass(frozen=True)
class Category:
    key: str
    slug: str  # its address: /min-sida/anpassningar/<slug>
    title: object  # lazy text
    question: object  # the page's question, in the patient's words
    pictogram: str
    question_for: object = None  # the same for a helper, about the patient: "%(name)s"


@dataclass(frozen=True)
class Need:
    code: str
    category: str
    pictogram: str
    text: object
    raf: str = "BespokeReasonableAdjustment"
    snomed: str | None = None
    snomed_display: str | None = None
    part: Part = Part.IMPORTANT
    # What to write in the comment, when the need is not complete without it (which language).
    comment_hint: object | None = None
    comment_hint_for: object | None = None  # the same for a helper, about the patient: "%(name)s"
    # What a doctor or nurse must know first, lowest first (seizures before a wheelchair): the
    # visit overview ranks the patient's needs by it. None: not a matter of safety.
    safety: int | None = None

    @property
    def must_know(self) -> bool:
        """Said first to a doctor or a nurse: a matter of safety, or what the patient put under
        "Det här måste ni veta om mig"."""
        return self.safety is not None or self.part is Part.MUST

    @property
    def safety_order(self) -> tuple[int, int]:
        """The order staff read needs in: by safety rank, then the other must-know, then the rest."""
        if self.safety is not None:
            return (0, self.safety)
        return (1, 0) if self.part is Part.MUST else (2, 0)


# The longest texts a profile keeps (the printed vårdpass shows every character of them).
COMMENT_MAX = 200
SECTION_MAX = 1000


class Kind(enum.StrEnum):
    """How a free-text field is written: several lines, one line, or a phone number."""

    TEXT = "text"
    LINE = "line"
    PHONE = "phone"


@dataclass(frozen=True)
class Field:
    key: str
    label: object
    pictogram: str | None = None  # else the section's
    kind: Kind = Kind.TEXT
    max_length: int = SECTION_MAX


@dataclass(frozen=True)
class Section:
    """A page of free text about the patient, with prompts in easy words."""

    slug: str
    title: object
    pictogram: str
    part: Part | None  # None: on the vårdpass's head, beside the name (the contact person)
    prompts: tuple = ()
    fields: tuple[Field, ...] = field(default_factory=tuple)
    title_for: object = None  # the title for a helper, about the patient: "%(name)s"
    prompts_for: tuple = ()  # the prompts asked of a helper, about the patient: "%(name)s"


CATEGORIES: tuple[Category, ...] = (
    Category(
        "time",
        "tid",
        _l("Tid och bokning"),
        _l("Vad behöver du när du bokar en tid?"),
        "calendar",
        _l("Vad behöver %(name)s när ni bokar en tid?"),
    ),
    Category(
        "room",
        "rummet",
        _l("Rummet och väntan"),
        _l("Vad behöver du när du väntar och när du är i rummet?"),
        "quiet-room",
        _l("Vad behöver %(name)s när ni väntar och när ni är i rummet?"),
    ),
    Category(
        "communication",
        "kommunikation",
        _l("Kommunikation"),
        _l("Vad behöver du för att förstå och bli förstådd?"),
        "pictures",
        _l("Vad behöver %(name)s för att förstå och bli förstådd?"),
    ),
    Category(
        "moving",
        "forflyttning",
        _l("Förflyttning och hjälpmedel"),
        _l("Vad behöver du för att ta dig fram och ligga bra?"),
        "wheelchair",
        _l("Vad behöver %(name)s för att ta sig fram och ligga bra?"),
    ),
    Category(
        "support",
        "stod",
        _l("Stöd och sällskap"),
        _l("Vilket stöd behöver du?"),
        "companion",
        _l("Vilket stöd behöver %(name)s?"),
    ),
    Category(
        "examinations",
        "undersokningar",
        _l("Undersökningar och prover"),
        _l("Vad behöver du när vi undersöker dig?"),
        "stethoscope",
        _l("Vad behöver %(name)s när vi gör undersökningar och prover?"),
    ),
    Category(
        "senses",
        "sinnen",
        _l("Syn, hörsel och känsel"),
        _l("Hur fungerar dina sinnen?"),
        "ear",
        _l("Hur ser, hör och känner %(name)s?"),
    ),
    Category(
        "other",
        "annat",
        _l("Annat vi måste veta"),
        _l("Finns det något mer vi måste veta?"),
        "info",
        _l("Finns det något mer vi måste veta om %(name)s?"),
    ),
)

NEEDS: tuple[Need, ...] = (
    # --- time and booking
    Need(
        "longer_visit",
        "time",
        "more-time",
        _l("Längre besökstid"),
        comment_hint=_l("Skriv hur lång tid du behöver."),
        comment_hint_for=_l("Skriv hur lång tid %(name)s behöver."),
    ),
    Need("first_time_of_day", "time", "morning", _l("Första tiden på dagen")),
    Need("last_time_of_day", "time", "evening", _l("Sista tiden på dagen")),
    Need("no_waiting", "time", "clock", _l("Kort eller ingen väntetid")),
    Need("wait_in_car", "time", "wait-in-car", _l("Vänta i bilen tills det är min tur")),
    Need("home_visit", "time", "home-visit", _l("Hembesök")),
    Need("study_visit", "time", "study-visit", _l("Studiebesök först, för att se rummen")),
    Need(
        "phone_call",
        "time",
        "call-me",
        _l("Kontakt per telefon"),
        raf="AccessibleInformationSpecificContactMethod",
        snomed="795661000000104",
        snomed_display="Requires contact by telephone",
    ),
    Need(
        "text_message",
        "time",
        "sms",
        _l("Påminnelse med sms"),
        raf="AccessibleInformationSpecificContactMethod",
        snomed="936701000000103",
        snomed_display="Requires contact by short message service text message",
    ),
    Need(
        "contact_via_carer",
        "time",
        "helper",
        _l("Kontakt genom den som hjälper mig"),
        raf="AccessibleInformationSpecificContactMethod",
        snomed="719561001",
        snomed_display="Requires contact via carer",
        comment_hint=_l("Skriv vem vi ska kontakta."),
    ),
    # --- the room and the waiting
    Need("quiet_room", "room", "quiet-room", _l("Vänta i ett lugnt rum"), raf="EnvironmentAdjustment"),
    Need("dim_light", "room", "dim-light", _l("Dämpat ljus i rummet"), raf="EnvironmentAdjustment"),
    Need("few_people", "room", "few-people", _l("Få personer i rummet")),
    Need("same_staff", "room", "same-staff", _l("Samma personal varje gång")),
    Need(
        "female_staff",
        "room",
        "woman",
        _l("Kvinnlig personal"),
        raf="IndividualCareRequirement",
        snomed="314434008",
        snomed_display="Preference for female healthcare professional",
    ),
    Need(
        "male_staff",
        "room",
        "man",
        _l("Manlig personal"),
        raf="IndividualCareRequirement",
        snomed="314435009",
        snomed_display="Preference for male healthcare professional",
    ),
    Need("breaks", "room", "pause", _l("Pauser, och att få gå ut en stund")),
    # --- communication
    Need(
        "easy_read",
        "communication",
        "easy-read",
        _l("Lättläst text"),
        raf="AccessibleInformationSpecificInformationFormat",
    ),
    Need(
        "pictures",
        "communication",
        "pictures",
        _l("Bilder som stöd"),
        raf="AccessibleInformationCommunicationSupport",
        snomed="719754002",
        snomed_display="Uses symbols for communication",
    ),
    Need(
        "read_aloud",
        "communication",
        "speaker",
        _l("Läs upp texten för mig"),
        raf="AccessibleInformationSpecificInformationFormat",
        snomed="985021000000106",
        snomed_display="Requires third party to read out written information",
    ),
    Need(
        "large_print",
        "communication",
        "text-size",
        _l("Stor text på papper"),
        raf="AccessibleInformationSpecificInformationFormat",
        snomed="957331000000109",
        snomed_display="Requires written information in at least 20 point sans serif font",
    ),
    Need(
        "written_down",
        "communication",
        "write",
        _l("Skriv ner det viktiga åt mig"),
        raf="AccessibleInformationCommunicationSupport",
        snomed="520491000000109",
        snomed_display="Preferred method of communication: written",
    ),
    Need(
        "sign_language",
        "communication",
        "sign-language",
        _l("Teckenspråk eller TAKK"),
        raf="AccessibleInformationCommunicationSupport",
        snomed="404903008",
        snomed_display="Uses sign language",
        part=Part.MUST,
        safety=61,
    ),
    Need(
        "interpreter",
        "communication",
        "interpreter",
        _l("Tolk"),
        raf="Community Language Support",
        snomed="315594003",
        snomed_display="Interpreter needed",
        part=Part.MUST,
        comment_hint=_l("Skriv vilket språk."),
        safety=60,
    ),
    Need(
        "aac_device",
        "communication",
        "aac-device",
        _l("Jag använder AKK, till exempel en talapparat"),
        raf="AccessibleInformationCommunicationSupport",
        snomed="716524009",
        snomed_display="Uses augmentative and alternative communication",
        part=Part.MUST,
        safety=62,
    ),
    Need(
        "no_speech",
        "communication",
        "no-speech",
        _l("Jag pratar inte med ord"),
        raf="AccessibleInformationCommunicationSupport",
        snomed="288583009",
        snomed_display="Does use non-verbal communication",
        part=Part.MUST,
        safety=63,
    ),
    Need(
        "time_to_answer",
        "communication",
        "speed-slow",
        _l("Ge mig tid att svara"),
        raf="AdditionalCommunicationSupport",
        snomed="311543001",
        snomed_display="Difficulty processing information at normal speed",
    ),
    Need(
        "one_question",
        "communication",
        "question",
        _l("En fråga i taget, med enkla ord"),
        raf="AdditionalCommunicationSupport",
        snomed="737350008",
        snomed_display="Needs assistance with communication",
    ),
    # --- moving and aids
    Need("wheelchair", "moving", "wheelchair", _l("Jag använder rullstol"), safety=71),
    Need("walking_aid", "moving", "walker", _l("Jag använder rollator eller käpp")),
    Need("patient_lift", "moving", "patient-lift", _l("Lyft för att flytta mig"), safety=70),
    Need("adjustable_couch", "moving", "couch", _l("Bred brits som går att höja och sänka")),
    Need("changing_table", "moving", "changing-table", _l("Skötbord för vuxna")),
    Need(
        "fall_risk",
        "moving",
        "fall",
        _l("Jag kan lätt ramla"),
        raf="SpecificClinicalRiskAdjustment",
        snomed="129839007",
        snomed_display="At risk for falls",
        part=Part.MUST,
        safety=72,
    ),
    # --- support and company
    Need(
        "companion",
        "support",
        "companion",
        _l("Någon jag känner ska vara med"),
        part=Part.MUST,
        comment_hint=_l("Skriv vem."),
    ),
    Need(
        "not_alone",
        "support",
        "not-alone",
        _l("Ni får inte lämna mig ensam"),
        raf="AdditionalSupport",
        snomed="225861007",
        snomed_display="Unsafe to be left alone",
        part=Part.MUST,
    ),
    Need(
        "advocate",
        "support",
        "god-man",
        _l("Min företrädare ska vara med när vi bestämmer"),
        raf="AccessibleInformationCommunicationProfessional",
        snomed="225835008",
        snomed_display="Needs an advocate",
    ),
    Need(
        "medicine_help",
        "support",
        "pill",
        _l("Andra ger mig mina mediciner"),
        raf="AdditionalSupport",
        snomed="829101000000101",
        snomed_display="Needs assistance with medication regimen adherence",
        part=Part.MUST,
    ),
    Need("calm_voice", "support", "feel-calm", _l("Prata lugnt med mig")),
    Need(
        "worries_easily",
        "support",
        "feel-afraid",
        _l("Jag blir lätt orolig"),
        raf="SpecificClinicalRiskAdjustment",
        snomed="286710008",
        snomed_display="Anxious character",
    ),
    # --- examinations and tests
    Need("explain_steps", "examinations", "explain-steps", _l("Förklara varje steg innan ni gör det")),
    Need("show_first", "examinations", "stethoscope", _l("Visa mig sakerna först")),
    Need("ask_before_touch", "examinations", "ask-before-touch", _l("Fråga innan ni rör mig")),
    Need(
        "needle_fear",
        "examinations",
        "syringe",
        _l("Rädd för sprutor och stick"),
        raf="IndividualCareRequirement",
        snomed="231501003",
        snomed_display="Needle phobia",
        part=Part.MUST,
        safety=40,
    ),
    Need("numbing_cream", "examinations", "numbing-cream", _l("Bedövningssalva före stick"), safety=41),
    Need("blood_tests_home", "examinations", "blood-test", _l("Blodprov hemma")),
    Need("short_parts", "examinations", "days", _l("Dela upp undersökningen på flera besök")),
    # --- senses
    Need(
        "sound_sensitive",
        "senses",
        "headphones",
        _l("Känslig för ljud"),
        raf="EnvironmentAdjustment",
        snomed="247994001",
        snomed_display="Noise intolerance",
    ),
    Need(
        "light_sensitive",
        "senses",
        "light-sensitive",
        _l("Känslig för starkt ljus"),
        raf="EnvironmentAdjustment",
        snomed="246622003",
        snomed_display="Eyes sensitive to light",
    ),
    Need("touch_sensitive", "senses", "touch", _l("Känslig för beröring")),
    Need("smell_sensitive", "senses", "nose", _l("Känslig för dofter")),
    Need(
        "hearing_aid",
        "senses",
        "ear",
        _l("Jag har hörapparat"),
        raf="AccessibleInformationCommunicationSupport",
        snomed="285055002",
        snomed_display="Does use hearing aid",
    ),
    Need(
        "lip_reading",
        "senses",
        "mouth",
        _l("Jag läser på läpparna: titta på mig när du pratar"),
        raf="AccessibleInformationCommunicationSupport",
        snomed="441092009",
        snomed_display="Does lip read",
    ),
    Need(
        "sighted_guide",
        "senses",
        "sighted-guide",
        _l("Jag ser dåligt och behöver ledsagning"),
        raf="AccessibleInformationCommunicationProfessional",
        snomed="719563003",
        snomed_display="Requires sighted guide",
        part=Part.MUST,
    ),
    # --- other things the team must know
    Need(
        "pain_unusual",
        "other",
        "pain-question",
        _l("Jag visar smärta på ett ovanligt sätt"),
        part=Part.MUST,
        comment_hint=_l("Skriv hur du visar att du har ont."),
        comment_hint_for=_l("Skriv hur %(name)s visar att det gör ont."),
        safety=30,
    ),
    Need(
        "epilepsy",
        "other",
        "seizure",
        _l("Jag har epilepsi"),
        raf="SpecificClinicalRiskAdjustment",
        snomed="225931003",
        snomed_display="At risk of epileptic fits",
        part=Part.MUST,
        safety=10,
    ),
    Need(
        "swallowing",
        "other",
        "throat",
        _l("Jag har svårt att svälja"),
        raf="SpecificClinicalRiskAdjustment",
        snomed="371736008",
        snomed_display="At risk for aspiration",
        part=Part.MUST,
        safety=20,
    ),
    Need(
        "strong_reactions",
        "other",
        "feel-angry",
        _l("Jag kan bli arg eller ledsen när det blir för mycket"),
        raf="SpecificClinicalRiskAdjustment",
        snomed="248041005",
        snomed_display="Challenging behaviour",
        part=Part.MUST,
        safety=35,
    ),
    Need(
        "may_leave",
        "other",
        "door-out",
        _l("Jag kan gå iväg om jag blir rädd"),
        raf="SpecificClinicalRiskAdjustment",
        snomed="704368004",
        snomed_display="At risk of elopement from healthcare setting",
        part=Part.MUST,
        safety=50,
    ),
    Need(
        "self_harm",
        "other",
        "bandage",
        _l("Jag kan skada mig själv"),
        raf="SpecificClinicalRiskAdjustment",
        snomed="704357004",
        snomed_display="At risk of self-injurious behaviour",
        part=Part.MUST,
        safety=15,
    ),
)

SECTIONS: tuple[Section, ...] = (
    Section(
        "ont",
        _l("Så visar jag att jag har ont"),
        "pain-question",
        Part.MUST,
        title_for=_l("Så märks det när %(name)s har ont"),
        prompts=(
            _l("Vad gör du när det gör ont?"),
            _l("Blir du tyst, arg eller orolig?"),
            _l("Vad ser andra på dig?"),
        ),
        prompts_for=(
            _l("Vad gör %(name)s när det gör ont?"),
            _l("Blir %(name)s tyst, arg eller orolig?"),
            _l("Vad ser andra på %(name)s?"),
        ),
        fields=(Field("pain", _l("Så visar jag att jag har ont")),),
    ),
    Section(
        "prata",
        _l("Så pratar jag med andra"),
        "message",
        Part.MUST,
        title_for=_l("Så pratar %(name)s med andra"),
        prompts=(
            _l("Pratar du med ord, tecken, bilder eller en apparat?"),
            _l("Hur säger du ja? Hur säger du nej?"),
        ),
        prompts_for=(
            _l("Pratar %(name)s med ord, tecken, bilder eller en apparat?"),
            _l("Hur säger %(name)s ja? Hur säger %(name)s nej?"),
        ),
        fields=(
            Field("communication", _l("Så pratar jag med andra")),
            Field("yes", _l("Så säger jag ja")),
            Field("no", _l("Så säger jag nej")),
        ),
    ),
    Section(
        "maste-veta",
        _l("Det här måste ni veta"),
        "warning",
        Part.MUST,
        title_for=_l("Det här måste ni veta om %(name)s"),
        prompts=(
            _l("Är du allergisk mot något?"),
            _l("Har du epilepsi? Har du svårt att svälja?"),
            _l("Får du mediciner av någon annan?"),
        ),
        prompts_for=(
            _l("Är %(name)s allergisk mot något?"),
            _l("Har %(name)s epilepsi? Har %(name)s svårt att svälja?"),
            _l("Får %(name)s mediciner av någon annan?"),
        ),
        fields=(Field("must_know", _l("Det här måste ni veta")),),
    ),
    Section(
        "mediciner",
        _l("Mediciner och allergier"),
        "medicine-list",
        Part.MUST,
        title_for=_l("Mediciner och allergier för %(name)s"),
        prompts=(
            _l("Vilka mediciner tar du?"),
            _l("Är du allergisk mot något? Mot mat, medicin eller djur?"),
        ),
        prompts_for=(
            _l("Vilka mediciner tar %(name)s?"),
            _l("Är %(name)s allergisk mot något? Mot mat, medicin eller djur?"),
        ),
        fields=(
            Field("medicines", _l("Mina mediciner"), max_length=400),
            Field("allergies", _l("Mina allergier"), "allergy", max_length=300),
        ),
    ),
    Section(
        "lugn",
        _l("Det här gör mig lugn"),
        "feel-calm",
        Part.IMPORTANT,
        title_for=_l("Det här gör %(name)s lugn"),
        prompts=(
            _l("Vad hjälper dig när du är orolig?"),
            _l("Musik, en sak att hålla i, en person, att gå en stund?"),
        ),
        prompts_for=(
            _l("Vad hjälper %(name)s att bli lugn?"),
            _l("Musik, en sak att hålla i, en person, att gå en stund?"),
        ),
        fields=(Field("calm", _l("Det här gör mig lugn")),),
    ),
    Section(
        "radd-arg",
        _l("Det här gör mig rädd eller arg"),
        "feel-afraid",
        Part.IMPORTANT,
        title_for=_l("Det här gör %(name)s rädd eller arg"),
        prompts=(_l("Vad gör dig rädd?"), _l("Vad gör dig arg?"), _l("Vad ska vi inte göra?")),
        prompts_for=(_l("Vad gör %(name)s rädd?"), _l("Vad gör %(name)s arg?"), _l("Vad ska vi inte göra?")),
        fields=(Field("afraid", _l("Det här gör mig rädd eller arg")),),
    ),
    Section(
        "tycker-om",
        _l("Det här tycker jag om och inte om"),
        "feel-happy",
        Part.LIKES,
        title_for=_l("Det här tycker %(name)s om och inte om"),
        prompts=(_l("Vad tycker du om att göra och prata om?"), _l("Vad tycker du inte om?")),
        prompts_for=(_l("Vad tycker %(name)s om att göra och prata om?"), _l("Vad tycker %(name)s inte om?")),
        fields=(
            Field("likes", _l("Det här tycker jag om")),
            Field("dislikes", _l("Det här tycker jag inte om"), "feel-sad"),
        ),
    ),
    Section(
        "kontakt",
        _l("Min kontaktperson"),
        "contact-person",
        None,
        title_for=_l("Kontaktperson för %(name)s"),
        prompts=(_l("Vem kan vården ringa om dig?"), _l("Det kan vara din god man eller ditt gruppboende.")),
        prompts_for=(
            _l("Vem kan vården ringa om %(name)s?"),
            _l("Det kan vara en god man eller ett gruppboende."),
        ),
        fields=(
            Field("contact_name", _l("Namn på kontaktpersonen"), kind=Kind.LINE, max_length=100),
            Field("contact_role", _l("Vem är kontaktpersonen?"), "god-man", kind=Kind.LINE, max_length=100),
            Field(
                "contact_phone", _l("Telefon till kontaktpersonen"), "phone", kind=Kind.PHONE, max_length=30
            ),
        ),
    ),
)

PART_TITLES = {
    Part.MUST: _l("Det här måste ni veta om mig"),
    Part.IMPORTANT: _l("Det här är viktigt för mig"),
    Part.USUAL: _l("Så här brukar jag vara"),
    Part.LIKES: _l("Det här tycker jag om och inte om"),
}
PART_PICTOGRAMS = {
    Part.MUST: "warning",
    Part.IMPORTANT: "info",
    Part.USUAL: "person",
    Part.LIKES: "feel-happy",
}

# Lookups
NEEDS_BY_CODE = {need.code: need for need in NEEDS}
CATEGORIES_BY_KEY = {category.key: category for category in CATEGORIES}
CATEGORIES_BY_SLUG = {category.slug: category for category in CATEGORIES}
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}
FIELDS = {f.key: f for section in SECTIONS for f in section.fields}
FIELD_SECTION = {f.key: section for section in SECTIONS for f in section.fields}


def needs_in(category: Category) -> tuple[Need, ...]:
    return tuple(need for need in NEEDS if need.category == category.key)


def in_catalogue_order(codes) -> list[Need]:
    """The needs with these codes, in the catalogue's order; unknown codes are left out."""
    wanted = set(codes)
    return [need for need in NEEDS if need.code in wanted]
