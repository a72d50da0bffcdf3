"""Vem jobbar här?: the clinic's SMO team as patients and their helpers see it. Each person's
face (their photo when they chose to show one, else initials), name, role in easy words with its
picture, and what they say about themself, in the reader's language when they wrote it in it.

The vårdlots comes first (the patient's own vårdlots before any other), then the others in the
order the vårdlots sets (`move`); each staff member writes their own presentation and says
whether they are on the page (`save_presentation`). Only active staff of the one clinic are ever
listed: a page about a patient shows their clinic's team, a staff member's page their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..clinic_words import Said, choose, reader
from ..core.rules import RuleError
from ..core.words import PROFESSION_PICTOGRAMS, arabic_page, is_female, profession_word
from ..extensions import db
from ..models import Profession, StaffMember
from .members import clinic_staff

# The longest presentation, in each language (the admin's form has the same cap).
PRESENTATION_MAX = 1000
# LIX above this is "hard to read" beside the Swedish box (docs/easy-read.md: a block under 30).
PRESENTATION_LIX = 30

# What each role does, in easy words: to the patient ("dig") and to a helper (the patient's name).
ROLE_HELP = {
    Profession.VARDLOTS: _l("Fråga vårdlotsen om allt. Du kan skriva eller ringa."),
    Profession.LAKARE: _l("Läkaren undersöker dig och skriver recept."),
    Profession.SJUKSKOTERSKA: _l("Sjuksköterskan tar prov. Hen ger dig vaccin och medicin."),
    Profession.UNDERSKOTERSKA: _l("Undersköterskan är med dig på besöket. Hen tar prov."),
    Profession.ARBETSTERAPEUT: _l("Arbetsterapeuten ger dig hjälp med det du gör varje dag."),
    Profession.FYSIOTERAPEUT: _l("Fysioterapeuten tränar med dig. Då blir det lättare att röra dig."),
}
ROLE_HELP_FOR = {
    Profession.VARDLOTS: _l("Fråga vårdlotsen om allt som gäller %(name)s. Du kan skriva eller ringa."),
    Profession.LAKARE: _l("Läkaren undersöker %(name)s och skriver recept."),
    Profession.SJUKSKOTERSKA: _l("Sjuksköterskan tar prov. Hen ger %(name)s vaccin och medicin."),
    Profession.UNDERSKOTERSKA: _l("Undersköterskan är med %(name)s på besöket. Hen tar prov."),
    Profession.ARBETSTERAPEUT: _l("Arbetsterapeuten ger %(name)s hjälp med det hen gör varje dag."),
    Profession.FYSIOTERAPEUT: _l("Fysioterapeuten tränar med %(name)s. Då blir det lättare att röra sig."),
}


# Arabic says the role, and every verb of what the role does, in her form for a woman (the
# catalogue has the general form; app/core/words.py does the same for the access log). Every verb
# of these sentences is the staff member's, so each is swapped wherever it stands.
ARABIC_FEMININE_ROLE_WORDS = {
    "مرشد الرعاية": "مرشدة الرعاية",
    "الطبيب": "الطبيبة",
    "الممرض": "الممرضة",
    "مساعد التمريض": "مساعدة التمريض",
    "أخصائي العلاج": "أخصائية العلاج",
    "يساعدك": "تساعدك",
    "يساعد": "تساعد",
    "يفحصك": "تفحصك",
    "يفحص": "تفحص",
    "ويكتب": "وتكتب",
    "يكون": "تكون",
    "يتمرن": "تتمرن",
    "يأخذ": "تأخذ",
    "ويأخذ": "وتأخذ",
    "ويعطيك": "وتعطيك",
    "ويعطي": "وتعطي",
}


def _in_her_words(sentence: str) -> str:
    words = sentence.split(" ")
    for index, word in enumerate(words):
        words[index] = ARABIC_FEMININE_ROLE_WORDS.get(word, word)
    joined = " ".join(words)
    for masculine, feminine in ARABIC_FEMININE_ROLE_WORDS.items():
        if " " in masculine:
            joined = joined.replace(masculine, feminine)
    return joined


def role_help(member: StaffMember, patient_name: str | None = None) -> str:
    """What the member's role does, said to the patient (None) or to someone who helps them, in
    her form in Arabic when she is a woman."""
    sentence = str(ROLE_HELP[member.profession] if patient_name is None else ROLE_HELP_FOR[member.profession])
    if arabic_page() and is_female(member):
        sentence = _in_her_words(sentence)
    return sentence if patient_name is None else sentence % {"name": patient_name}


def presentation(member: StaffMember, locale: str) -> Said:
    """What the member wrote about themself in the reader's language, else the (easy) Swedish:
    a `Said`, which knows the language it is in, so that the page can mark it."""
    return choose(
        {"sv": member.presentation, "en": member.presentation_en, "ar": member.presentation_ar},
        locale,
        False,
    )


# Said, in the reader's language, before what a staff member wrote in another language (their
# Swedish, when they wrote none in the reader's): the reader knows why they cannot read it, and
# hears why the voice changes.
IN_LANGUAGE = {
    "sv": _l("(på svenska)"),
    "en": _l("(på engelska)"),
    "ar": _l("(på arabiska)"),
}


def language_note(language: str | None) -> str:
    """ "(in Swedish)", in the reader's language, for a text in `language`; "" for none."""
    return str(IN_LANGUAGE[language]) if language in IN_LANGUAGE else ""


def team_helpers() -> dict:
    """What the team's cards (templates/components/team.html) ask for."""
    return {
        "role_word": profession_word,
        "role_pictogram": lambda member: PROFESSION_PICTOGRAMS[member.profession],
        "role_help": role_help,
        "team_presentation": lambda member: presentation(member, reader()[0]),
        "about_language_note": language_note,
    }


def _is_vardlots(member: StaffMember) -> bool:
    return member.profession is Profession.VARDLOTS


def ordered(clinic_id: int) -> list[StaffMember]:
    """Every active staff member of the clinic in the team's order: the vårdlotsar first, then the
    others, each group in the order the vårdlots set (then by name)."""
    return sorted(clinic_staff(clinic_id), key=lambda m: (not _is_vardlots(m), m.team_position))


def team_page(clinic_id: int, own_vardlots: StaffMember | None = None) -> list[StaffMember]:
    """Whom patients see on the page: those who chose to be on it, in the team's order, with the
    patient's own vårdlots (if any, of this clinic) first of all."""
    shown = [m for m in ordered(clinic_id) if m.on_team_page]
    if own_vardlots is not None and own_vardlots in shown:
        shown.remove(own_vardlots)
        shown.insert(0, own_vardlots)
    return shown


@dataclass(frozen=True)
class Place:
    """A member on the vårdlots's list, with the ways they can move (None: no way there)."""

    member: StaffMember
    up: StaffMember | None
    down: StaffMember | None


def places(clinic_id: int) -> list[Place]:
    """The team's order with each member's neighbours in their own group (vårdlotsar move among
    vårdlotsar, the others among the others: the vårdlots always comes first)."""
    team = ordered(clinic_id)
    rows = []
    for index, member in enumerate(team):
        above = team[index - 1] if index > 0 else None
        below = team[index + 1] if index + 1 < len(team) else None
        rows.append(
            Place(
                member,
                above if above is not None and _is_vardlots(above) == _is_vardlots(member) else None,
                below if below is not None and _is_vardlots(below) == _is_vardlots(member) else None,
            )
        )
    return rows


def move(clinic_id: int, public_id: str, direction: str) -> StaffMember:
    """Move one member of the clinic's team one step "up" or "down"; every position is written
    anew (0, 1, 2 …), so that the order stays whole however it was before. A member of another
    clinic, or a step out of their group, is refused and changes nothing."""
    team = ordered(clinic_id)
    found = next((m for m in team if m.public_id == public_id), None)
    if found is None or direction not in ("up", "down"):
        raise RuleError(_("Personen finns inte i teamet. Ladda om sidan och försök igen."))
    index = team.index(found)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(team) or _is_vardlots(team[other]) != _is_vardlots(found):
        raise RuleError(_("Det går inte att flytta personen dit."))
    team[index], team[other] = team[other], team[index]
    for position, member in enumerate(team):
        member.team_position = position
    db.session.commit()
    return found


@dataclass(frozen=True)
class Presentation:
    swedish: str
    english: str
    arabic: str
    on_page: bool
    # The languages ("en", "ar") the author says still say what the Swedish says.
    still_same: frozenset[str] = frozenset()


# Each translated presentation: its column, and the column of the Swedish it was written from.
TRANSLATED = {
    "en": ("presentation_en", "presentation_en_from"),
    "ar": ("presentation_ar", "presentation_ar_from"),
}


def out_of_date(member: StaffMember) -> list[str]:
    """The languages ("en", "ar") whose presentation was written from another Swedish than the
    one there now (the author, or the admin, changed it since): it may no longer say the same.
    Patients still read it: it is about the same person, in their language, and an older word
    of it helps them more than Swedish they cannot read; the author is asked to look."""
    return [
        language
        for language, (column, source) in TRANSLATED.items()
        if getattr(member, column).strip()
        and getattr(member, source) is not None
        and getattr(member, source) != member.presentation
    ]


def _sources(member: StaffMember, texts: Presentation) -> dict[str, str | None]:
    """The Swedish each translation is now written from: the new Swedish for one written (or
    said to be the same) now; what it was from before for one left as it was (from the Swedish
    before this change, when that was not kept)."""
    new = {"en": texts.english, "ar": texts.arabic}
    sources: dict[str, str | None] = {}
    for language, (column, source) in TRANSLATED.items():
        if not new[language].strip():
            sources[source] = None
        elif new[language] != getattr(member, column) or language in texts.still_same:
            sources[source] = texts.swedish
        else:
            kept = getattr(member, source)
            sources[source] = kept if kept is not None else member.presentation
    return sources


def save_presentation(member: StaffMember, texts: Presentation) -> bool:
    """The member's own presentation and whether they are on the page; True when it changed.
    Swedish is required when they are on the page (patients would see an empty card). An
    English or Arabic text left as it was while the Swedish changed is then `out_of_date`."""
    if texts.on_page and not texts.swedish.strip():
        raise RuleError(_("Skriv några ord om dig på svenska."), field="presentation")
    for text, field in (
        (texts.swedish, "presentation"),
        (texts.english, "presentation_en"),
        (texts.arabic, "presentation_ar"),
    ):
        if len(text) > PRESENTATION_MAX:
            raise RuleError(
                _("Texten är för lång. Skriv högst %(max)d tecken.", max=PRESENTATION_MAX), field=field
            )
    sources = _sources(member, texts)
    before = (
        (member.presentation, member.presentation_en, member.presentation_ar, member.on_team_page),
        {source: getattr(member, source) for source in sources},
    )
    after = ((texts.swedish, texts.english, texts.arabic, texts.on_page), sources)
    if before == after:
        return False
    member.presentation, member.presentation_en, member.presentation_ar, member.on_team_page = after[0]
    for source, swedish in sources.items():
        setattr(member, source, swedish)
    db.session.commit()
    return True
