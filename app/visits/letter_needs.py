"""The needs on the kallelse, as sentences of a letter from the clinic ("Vi har bokat det lugna
rummet."), not as the labels of the needs pages ("Vänta i ett lugnt rum", "Hembesök").

Each need of the catalogue (app/needs/catalogue.py) has one sentence here, in the clinic's voice
and about nobody by name, so the same sentence fits a letter read by the patient and by a
helper. `tests/visits/test_before_visit.py` checks that every need has one."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..needs.catalogue import CATEGORIES, Need

LETTER_SENTENCES = {
    # time and booking
    "longer_visit": _l("Vi har bokat längre tid för besöket."),
    "first_time_of_day": _l("Vi bokar helst den första tiden på dagen."),
    "last_time_of_day": _l("Vi bokar helst den sista tiden på dagen."),
    "no_waiting": _l("Vi gör så att väntan blir kort."),
    "wait_in_car": _l("Det går bra att vänta i bilen. Vi säger till när det är dags."),
    "home_visit": _l("Vi kan komma hem i stället. Fråga vårdlotsen."),
    "study_visit": _l("Det går bra att komma och titta på rummen först."),
    "phone_call": _l("Vi hör av oss per telefon."),
    "text_message": _l("Vi skickar en påminnelse med sms."),
    "contact_via_carer": _l("Vi hör av oss till den som hjälper till."),
    # the room and the waiting
    "quiet_room": _l("Vi har bokat det lugna rummet."),
    "dim_light": _l("Vi dämpar ljuset i rummet."),
    "few_people": _l("Det är få personer i rummet."),
    "same_staff": _l("Vi försöker att det är samma personal som förra gången."),
    "female_staff": _l("Vi har bokat kvinnlig personal."),
    "male_staff": _l("Vi har bokat manlig personal."),
    "breaks": _l("Det går bra att ta pauser och gå ut en stund."),
    # communication
    "easy_read": _l("Vi skriver med lätta ord."),
    "pictures": _l("Vi använder bilder som stöd."),
    "read_aloud": _l("Vi läser upp det som står på papper."),
    "large_print": _l("Vi skriver ut papper med stor text."),
    "written_down": _l("Vi skriver ner det viktiga."),
    "sign_language": _l("Vi använder teckenspråk eller TAKK."),
    "interpreter": _l("Vi har bokat en tolk."),
    "aac_device": _l("Ta gärna med talapparaten eller annan AKK."),
    "no_speech": _l("Vi vet att svaren kanske inte kommer med ord."),
    "time_to_answer": _l("Vi väntar på svar och stressar inte."),
    "one_question": _l("Vi ställer en fråga i taget, med enkla ord."),
    # moving and aids
    "wheelchair": _l("Det finns plats för rullstol."),
    "walking_aid": _l("Det finns plats för rollator eller käpp."),
    "patient_lift": _l("Vi har en lyft i rummet."),
    "adjustable_couch": _l("Vi har en bred brits som går att höja och sänka."),
    "changing_table": _l("Vi har ett skötbord för vuxna."),
    "fall_risk": _l("Vi vet att det är lätt att ramla. Vi hjälper till."),
    # support and company
    "companion": _l("Någon som hjälper till får gärna vara med."),
    "not_alone": _l("Ingen blir lämnad ensam."),
    "advocate": _l("Företrädaren får vara med när vi bestämmer."),
    "medicine_help": _l("Vi vet att någon annan ger medicinerna."),
    "calm_voice": _l("Vi pratar lugnt."),
    "worries_easily": _l("Vi vet att det är lätt att bli orolig. Vi tar det lugnt."),
    # examinations and tests
    "explain_steps": _l("Vi förklarar varje steg innan vi gör det."),
    "show_first": _l("Vi visar sakerna först."),
    "ask_before_touch": _l("Vi frågar innan vi rör vid kroppen."),
    "needle_fear": _l("Vi vet om rädslan för sprutor och stick."),
    "numbing_cream": _l("Vi har bedövningssalva före stick."),
    "blood_tests_home": _l("Blodprov kan tas hemma. Fråga vårdlotsen."),
    "short_parts": _l("Vi delar upp undersökningen på flera besök."),
    # sight, hearing and touch
    "sound_sensitive": _l("Vi försöker att det är tyst."),
    "light_sensitive": _l("Vi undviker starkt ljus."),
    "touch_sensitive": _l("Vi är försiktiga när vi rör vid kroppen."),
    "smell_sensitive": _l("Vi undviker starka dofter."),
    "hearing_aid": _l("Vi vet om hörapparaten."),
    "lip_reading": _l("Vi tittar på den vi pratar med. Då går det att läsa på läpparna."),
    "sighted_guide": _l("Vi möter upp och går med."),
    # other things we must know
    "pain_unusual": _l("Vi vet att ont kan synas på ett annat sätt."),
    "epilepsy": _l("Vi vet om epilepsin."),
    "swallowing": _l("Vi vet att det är svårt att svälja."),
    "strong_reactions": _l("Vi vet att det kan bli för mycket. Då tar vi en paus."),
    "may_leave": _l("Vi vet att rädsla kan göra att man går iväg."),
    "self_harm": _l("Vi vet om risken att skada sig själv."),
}


@dataclass(frozen=True)
class LetterNeed:
    need: Need
    sentence: str
    comment: str


def letter_groups(chosen: list[tuple[Need, str]]) -> list[list[LetterNeed]]:
    """Every chosen need as a sentence, in groups by the catalogue's categories (time and booking,
    the room, communication, …), in the catalogue's order. None is left out."""
    groups = []
    for category in CATEGORIES:
        group = [
            LetterNeed(need, str(LETTER_SENTENCES.get(need.code, need.text)), comment)
            for need, comment in chosen
            if need.category == category.key
        ]
        if group:
            groups.append(group)
    return groups
