"""The words for the models' enums: roles, professions, staff duties, mandate kinds and states,
scopes, genders (and a woman's forms of them in Arabic), as people say them."""

from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..models import Duty, Gender, MandateKind, MandateStatus, Profession, Scope

MANDATE_KIND_WORDS = {
    MandateKind.GOD_MAN: _l("god man"),
    MandateKind.FORVALTARE: _l("förvaltare"),
    MandateKind.RELATIVE_FULLMAKT: _l("anhörig med fullmakt"),
    MandateKind.RELATIVE_CONSENT: _l("anhörig med samtycke"),
    MandateKind.GROUP_HOME_STAFF: _l("personal på boendet"),
    MandateKind.PERSONAL_ASSISTANT: _l("personlig assistent"),
    MandateKind.OTHER: _l("annan"),
}
MANDATE_STATUS_WORDS = {
    MandateStatus.INVITED: _l("inbjuden"),
    MandateStatus.AWAITING_VERIFICATION: _l("väntar på kontroll"),
    MandateStatus.ACTIVE: _l("gäller"),
    MandateStatus.REVOKED: _l("återkallad"),
    MandateStatus.EXPIRED: _l("har gått ut"),
}
SCOPE_WORDS = {
    Scope.SEE: _l("se uppgifter"),
    Scope.PREPARE_VISITS: _l("förbereda besök"),
    Scope.WRITE_TO_VARDLOTS: _l("skriva till vårdlotsen"),
    Scope.CHANGE_NEEDS: _l("ändra anpassningar"),
}


# A staff member's duties (`app.core.access.DUTY_RIGHTS` says what each allows), in the admin's
# list, and with what each allows in a few words on the admin's form.
DUTY_WORDS = {
    Duty.COORDINATOR: _l("Samordnare"),
    Duty.CLINICIAN: _l("Kliniker"),
    Duty.LOG_REVIEWER: _l("Loggranskare"),
}
DUTY_DESCRIPTIONS = {
    Duty.COORDINATOR: _l(
        "Samordnare (vårdlots): bekräftar, ändrar och återkallar företrädare, bjuder in, "
        "fördelar arbetet i inkorgen, ordnar sidan Vem jobbar här? och arbetar med patienter och besök."
    ),
    Duty.CLINICIAN: _l(
        "Kliniker (läkare, sjuksköterska, undersköterska, arbetsterapeut, fysioterapeut): "
        "patienter, besök, svarar i inkorgen och bokar."
    ),
    Duty.LOG_REVIEWER: _l(
        "Loggranskare: läser åtkomstloggen och gör stickprov, aldrig på sina egna händelser."
    ),
}


def duty_words(duties: list[str]) -> list[str]:
    """The names of these duty values, in the order of `Duty` (unknown values left out)."""
    return [str(DUTY_WORDS[duty]) for duty in Duty if duty.value in (duties or [])]


def mandate_kind_word(kind: MandateKind) -> str:
    return str(MANDATE_KIND_WORDS[kind])


PROFESSION_WORDS = {
    Profession.VARDLOTS: _l("vårdlots"),
    Profession.LAKARE: _l("läkare"),
    Profession.SJUKSKOTERSKA: _l("sjuksköterska"),
    Profession.UNDERSKOTERSKA: _l("undersköterska"),
    Profession.ARBETSTERAPEUT: _l("arbetsterapeut"),
    Profession.FYSIOTERAPEUT: _l("fysioterapeut"),
}
# A picture for each kind of person in the patient's log, so that the staff's lines stand out.
PROFESSION_PICTOGRAMS = {
    Profession.VARDLOTS: "vardlots",
    Profession.LAKARE: "doctor",
    Profession.SJUKSKOTERSKA: "nurse",
    Profession.UNDERSKOTERSKA: "assistant-nurse",
    Profession.ARBETSTERAPEUT: "occupational-therapist",
    Profession.FYSIOTERAPEUT: "physiotherapist",
}
MANDATE_PICTOGRAMS = {
    MandateKind.GOD_MAN: "god-man",
    MandateKind.FORVALTARE: "god-man",
    MandateKind.RELATIVE_FULLMAKT: "relative",
    MandateKind.RELATIVE_CONSENT: "relative",
    MandateKind.GROUP_HOME_STAFF: "group-home-staff",
    MandateKind.PERSONAL_ASSISTANT: "helper",
    MandateKind.OTHER: "helper",
}


GENDER_WORDS = {
    Gender.FEMALE: _l("Kvinna: hon"),
    Gender.MALE: _l("Man: han"),
    Gender.UNSPECIFIED: _l("Vill inte säga: den allmänna formen"),
}


# --- Arabic by the staff member's gender ----------------------------------------------------------
# Arabic names a role, and bends the verb of what someone did, by that person's gender. The
# catalogue has the general (masculine) form, used for the role in general and for staff who have
# not said; a woman's forms come from these lookups, never as a "ممرض/ممرضة" slash form.
ARABIC_FEMININE_ROLES = {
    "مرشد الرعاية": "مرشدة الرعاية",
    "طبيب": "طبيبة",
    "ممرض": "ممرضة",
    "مساعد تمريض": "مساعدة تمريض",
    "أخصائي علاج وظيفي": "أخصائية علاج وظيفي",
    "أخصائي علاج طبيعي": "أخصائية علاج طبيعي",
}
# Past-tense verbs of the access log (third person): the sentence starts with the verb.
ARABIC_FEMININE_VERBS = {
    "اطّلع": "اطّلعت",
    "اطلع": "اطلعت",
    "أضاف": "أضافت",
    "غيّر": "غيّرت",
    "حذف": "حذفت",
    "طبع": "طبعت",
    "أرسل": "أرسلت",
    "استمع": "استمعت",
    "كتب": "كتبت",
    "راجع": "راجعت",
    "تحقق": "تحققت",
    "تحقّق": "تحقّقت",
    "فحص": "فحصت",
    "قرأ": "قرأت",
    "اتصل": "اتصلت",
    "ردّ": "ردّت",
    "رد": "ردت",
    # Present tense, right after her role: "مرشدة الرعاية تساعدك".
    "يساعد": "تساعد",
    "يساعدك": "تساعدك",
    "يستطيع": "تستطيع",
    "يتصل": "تتصل",
    "سيتصل": "ستتصل",
    "يجيب": "تجيب",
    "يحجز": "تحجز",
    "يعرف": "تعرف",
    "يعطيك": "تعطيك",
    "يحضر": "تحضر",
    "يكتب": "تكتب",
}


def arabic_page() -> bool:
    """Whether this request's page is in Arabic."""
    return has_request_context() and str(get_locale() or "").startswith("ar")


def is_female(staff) -> bool:
    """Whether `staff` (a StaffMember, or None) said she is a woman."""
    return staff is not None and staff.gender is Gender.FEMALE


def profession_word(staff) -> str:
    """A staff member's profession in the page's language, in her form in Arabic for a woman:
    "مرشدة الرعاية", "طبيبة"."""
    word = str(PROFESSION_WORDS[staff.profession])
    return ARABIC_FEMININE_ROLES.get(word, word) if arabic_page() and is_female(staff) else word


def about_her(sentence: str, staff) -> str:
    """`sentence` about what a staff member did, with its Arabic verb and role words in her form
    when she is a woman ("اطّلع" → "اطّلعت", "مرشد الرعاية" → "مرشدة الرعاية"); unchanged in
    other languages and for men and staff who have not said."""
    if not (arabic_page() and is_female(staff)):
        return sentence
    if isinstance(sentence, Markup):  # a template's translated text: safe, and stays so
        # Only fixed Arabic words are swapped for fixed Arabic words: nothing is unescaped.
        return Markup(about_her(str(sentence), staff))  # noqa: S704  # nosec B704
    # Only where a verb about her stands: first in the sentence (Arabic puts the verb first),
    # or right after her role ("مرشدة الرعاية تساعدك"); never a word of what was seen.
    sentence = sentence.replace("مرشد الرعاية الخاص بك", "مرشدة الرعاية الخاصة بك")
    first, _space, rest = sentence.partition(" ")
    sentence = f"{ARABIC_FEMININE_VERBS.get(first, first)}{_space}{rest}"
    for masculine, feminine in ARABIC_FEMININE_ROLES.items():
        head, found, tail = sentence.partition(masculine + " ")
        if found:
            # Her verbs right after her role, and a verb joined to them by "أن":
            # "مرشدة الرعاية تستطيع أن تساعدك".
            words = tail.split(" ")
            for index, word in enumerate(words):
                if word in ARABIC_FEMININE_VERBS:
                    words[index] = ARABIC_FEMININE_VERBS[word]
                elif word != "أن":
                    break
            sentence = f"{head}{feminine} {' '.join(words)}"
        sentence = sentence.replace(masculine, feminine)
    return sentence
