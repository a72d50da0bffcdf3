"""The quick phrases, days and times people choose from, and the staff's easy answer templates."""

from __future__ import annotations

from typing import NamedTuple

from flask_babel import lazy_gettext as _l

from ..visits.catalogue import Choice

# Staff are told, as they write a reply or an answer template, when its LIX is over this.
LIX_HINT_OVER = 30

PHRASES = (
    Choice("time", _l("Jag vill ha en tid"), "calendar-add"),
    Choice("change_time", _l("Jag vill ändra min tid"), "calendar-change"),
    Choice("medicine", _l("En fråga om min medicin"), "ask-medicine"),
    Choice("certificate", _l("Jag behöver ett intyg"), "ask-certificate"),
    Choice("talk", _l("Jag vill prata med vårdlotsen"), "talk-vardlots"),
    Choice("happened", _l("Något har hänt"), "warning"),
    Choice("other", _l("Något annat"), "other"),
)

# An answer in a conversation can be cards too: the same cards a message starts with. Every
# phrase a message may hold is one of these. (Not "Ja" and "Nej": their pictures already mean the
# pain question's answers, and one picture has one meaning.)
REPLY_PHRASES = PHRASES


# The quick phrases in a helper's voice, about the patient ("%(name)s"); the others (talk to the
# vårdlots, something happened, something else) read the same whoever says them.
PHRASES_FOR = {
    "time": _l("%(name)s behöver en tid"),
    "change_time": _l("Ändra tiden för %(name)s"),
    "medicine": _l("En fråga om medicinen för %(name)s"),
    "certificate": _l("%(name)s behöver ett intyg"),
}


def words(catalogue, values, name: str = "") -> list[str]:
    """The texts of the chosen values, in the order chosen; unknown values are left out. With
    `name`, a helper's phrases speak about the patient by that name."""
    texts = {choice.value: choice.text for choice in catalogue}
    if name and catalogue is PHRASES:
        texts.update({value: str(text) % {"name": name} for value, text in PHRASES_FOR.items()})
    return [str(texts[value]) for value in values if value in texts]


def phrase_choices(name: str = "", catalogue=PHRASES) -> list:
    """The quick phrases to choose from: the patient's own, or, with `name`, a helper's."""
    from wtforms import SelectChoice

    return [
        SelectChoice(
            c.value, str(PHRASES_FOR[c.value]) % {"name": name} if name and c.value in PHRASES_FOR else c.text
        )
        for c in catalogue
    ]


def pictos(catalogue) -> dict[str, str]:
    return {choice.value: choice.pictogram for choice in catalogue}


DAYS = (
    Choice("mon", _l("Måndag"), "day-mon"),
    Choice("tue", _l("Tisdag"), "day-tue"),
    Choice("wed", _l("Onsdag"), "day-wed"),
    Choice("thu", _l("Torsdag"), "day-thu"),
    Choice("fri", _l("Fredag"), "day-fri"),
)
CALL_TIMES = (
    Choice("morning", _l("På förmiddagen"), "morning"),
    Choice("afternoon", _l("På eftermiddagen"), "afternoon"),
)


class AnswerDefault(NamedTuple):
    """One of Lotsen's own answer templates: a key (kept in links), a short title and the text."""

    key: str
    title: str
    text: str


# Answers in easy Swedish that staff start from and change as needed (LIX under 30 each): each
# clinic's list until its team saves a change of its own (app/contact/answer_templates.py).
ANSWER_TEMPLATES = (
    AnswerDefault(
        "thanks_call",
        _l("Vi ringer i morgon"),
        _l("Tack för ditt meddelande. Vi ringer dig i morgon på förmiddagen."),
    ),
    AnswerDefault("new_time", _l("Ny tid"), _l("Du har fått en ny tid. Titta under Mina besök i Lotsen.")),
    AnswerDefault(
        "prescription",
        _l("Nytt recept"),
        _l("Du har fått ett nytt recept. Du kan hämta din medicin på apoteket."),
    ),
    AnswerDefault(
        "certificate",
        _l("Intyget är klart"),
        _l("Intyget är klart. Du kan hämta det hos oss. Ta med legitimation."),
    ),
    AnswerDefault("call_today", _l("Vi ringer i dag"), _l("Vi vill prata med dig. Vi ringer dig i dag.")),
    AnswerDefault(
        "come_in", _l("Kom till oss"), _l("Du behöver komma till oss. Ring oss så bokar vi en tid.")
    ),
)
