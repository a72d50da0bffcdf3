"""Demo data: two clinics, a full SMO team, four patients and the people who help them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from .extensions import db
from .models import (
    Clinic,
    Mandate,
    MandateKind,
    MandateStatus,
    NeedReview,
    NeedRevision,
    Patient,
    Profession,
    Role,
    Scope,
    StaffMember,
    User,
    utcnow,
)
from .passwords import hash_password
from .personnummer import luhn_check_digit

DEMO_PASSWORD = "lotsen-demo-2026"  # noqa: S105 - printed by the run command, refused in production


def fictional_personnummer(born: str, serial: str) -> str:
    """A 12-digit number with a valid check digit, for demo people only."""
    return born + serial + str(luhn_check_digit(born[2:] + serial))


def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo data once; returns (who, e-mail, role) rows for the run command to print."""
    if db.session.scalar(select(Clinic).limit(1)) is not None:
        return accounts()
    password_hash = hash_password(DEMO_PASSWORD)

    def user(email: str, name: str, role: Role, **prefs) -> User:
        u = User(email=email, name=name, role=role, password_hash=password_hash, **prefs)
        db.session.add(u)
        return u

    kumla = Clinic(
        name="Kumla vårdcentral", county_part="Södra länet", phone="019-10 20 30",
        opening_hours="Måndag till fredag 8–17", vardlots_email="vardlots.kumla@exempel.se",
    )
    lindesberg = Clinic(
        name="Lindesbergs vårdcentral", county_part="Norra länet", phone="0581-10 20 30",
        opening_hours="Måndag till fredag 8–16", vardlots_email="vardlots.lindesberg@exempel.se",
    )
    db.session.add_all([kumla, lindesberg])

    team = {}
    for email, name, profession, presentation in [
        ("anna.lindqvist@exempel.se", "Anna Lindqvist", Profession.VARDLOTS,
         "Jag är vårdlots. Jag hjälper dig med allt på vårdcentralen."),
        ("omar.haddad@exempel.se", "Omar Haddad", Profession.LAKARE,
         "Jag är läkare. Jag tar hand om din hälsa."),
        ("karin.ek@exempel.se", "Karin Ek", Profession.SJUKSKOTERSKA,
         "Jag är sjuksköterska. Jag tar prover och ger vaccin."),
        ("peter.nilsson@exempel.se", "Peter Nilsson", Profession.UNDERSKOTERSKA,
         "Jag är undersköterska. Jag hjälper dig vid besöket."),
        ("sara.berg@exempel.se", "Sara Berg", Profession.ARBETSTERAPEUT,
         "Jag är arbetsterapeut. Jag hjälper dig med hjälpmedel."),
        ("johan.holm@exempel.se", "Johan Holm", Profession.FYSIOTERAPEUT,
         "Jag är fysioterapeut. Jag hjälper dig att röra dig."),
    ]:
        u = user(email, name, Role.STAFF)
        member = StaffMember(user=u, clinic=kumla, profession=profession, presentation=presentation)
        db.session.add(member)
        team[profession] = member
    eva = StaffMember(user=user("eva.strand@exempel.se", "Eva Strand", Role.STAFF),
                      clinic=lindesberg, profession=Profession.VARDLOTS,
                      presentation="Jag är vårdlots i Lindesberg.")
    db.session.add(eva)
    user("admin@exempel.se", "Regionens administratör", Role.ADMIN)

    vardlots = team[Profession.VARDLOTS]
    erik = Patient(clinic=kumla, name="Erik Johansson", preferred_name="Erik",
                   personnummer=fictional_personnummer("19880412", "239"), vardlots=vardlots)
    maja_user = user("maja.andersson@exempel.se", "Maja Andersson", Role.PATIENT, easy_read=True)
    maja = Patient(clinic=kumla, name="Maja Andersson", preferred_name="Maja", user=maja_user,
                   personnummer=fictional_personnummer("19950723", "128"), vardlots=vardlots)
    ali_user = user("ali.hassan@exempel.se", "Ali Hassan", Role.PATIENT)
    ali = Patient(clinic=kumla, name="Ali Hassan", preferred_name="Ali", user=ali_user,
                  personnummer=fictional_personnummer("19790101", "457"), vardlots=vardlots)
    lina = Patient(clinic=kumla, name="Lina Karlsson", preferred_name="Lina",
                   personnummer=fictional_personnummer("20010915", "286"), vardlots=vardlots)
    nils = Patient(clinic=lindesberg, name="Nils Berg", preferred_name="Nisse",
                   personnummer=fictional_personnummer("19700302", "151"), vardlots=eva)
    db.session.add_all([erik, maja, ali, lina, nils])

    god_man = user("birgitta.svensson@exempel.se", "Birgitta Svensson", Role.REPRESENTATIVE)
    group_home = user("jonas.lund@exempel.se", "Jonas Lund", Role.REPRESENTATIVE)
    relative = user("fatima.hassan@exempel.se", "Fatima Hassan", Role.REPRESENTATIVE,
                    language="ar")
    now = utcnow()
    all_scopes = set(Scope)

    def mandate(patient, rep, kind, scopes, note, valid_days=None):
        m = Mandate(patient=patient, representative=rep, kind=kind, status=MandateStatus.ACTIVE,
                    verified_by=vardlots, verified_at=now, verification_note=note,
                    valid_until=date.today() + timedelta(days=valid_days) if valid_days else None)
        m.set_scopes(scopes)
        db.session.add(m)

    mandate(erik, god_man, MandateKind.GOD_MAN, all_scopes,
            "Beslut från överförmyndaren sett.", valid_days=730)
    mandate(lina, god_man, MandateKind.GOD_MAN, all_scopes,
            "Beslut från överförmyndaren sett.", valid_days=730)
    mandate(lina, group_home, MandateKind.GROUP_HOME_STAFF,
            {Scope.SEE, Scope.PREPARE_VISITS, Scope.WRITE_TO_VARDLOTS},
            "Lina har sagt ja. Enhetschefen på boendet bekräftade.")
    mandate(erik, group_home, MandateKind.GROUP_HOME_STAFF,
            {Scope.SEE, Scope.PREPARE_VISITS},
            "Erik och hans gode man har sagt ja.")
    mandate(ali, relative, MandateKind.RELATIVE_CONSENT,
            {Scope.SEE, Scope.PREPARE_VISITS, Scope.WRITE_TO_VARDLOTS},
            "Ali gav sitt samtycke vid besöket.")
    db.session.flush()
    _demo_needs(maja=maja, erik=erik, ali=ali, lina=lina, god_man=god_man, vardlots=vardlots)
    db.session.commit()
    return accounts()


def _demo_needs(*, maja, erik, ali, lina, god_man, vardlots) -> None:
    """Needs profiles with a history: Maja's own, with a change and a review by her vårdlots;
    Erik's and Lina's, written by their god man; a short one by Ali."""
    now = utcnow()
    numbers: dict[int, int] = {}

    def version(patient, days_ago, who, acting_as, needs, sections, reason="", mandate=None):
        number = numbers[patient.id] = numbers.get(patient.id, 0) + 1
        db.session.add(NeedRevision(
            patient_id=patient.id, number=number, at=now - timedelta(days=days_ago),
            user_id=who.id, acting_as=acting_as, mandate_id=mandate.id if mandate else None,
            reason=reason, needs=needs, sections=sections))

    def mandate_of(patient):
        return next(m for m in patient.mandates if m.representative_id == god_man.id)

    maja_needs = {"longer_visit": "Jag behöver 60 minuter.", "quiet_room": "",
                  "no_speech": "", "pictures": "", "sign_language": "TAKK",
                  "read_aloud": "", "explain_steps": "", "needle_fear": "", "numbing_cream": ""}
    maja_texts = {
        "pain": "Jag blir tyst och håller mig om magen. Jag vill inte äta.",
        "communication": "Jag pratar inte med ord. Jag pekar på bilder och gör tecken.",
        "yes": "Jag nickar och ler.", "no": "Jag skakar på huvudet.",
        "calm": "Musik i hörlurar. Att få veta vad som ska hända.",
        "afraid": "Sprutor. Många människor. Höga ljud.",
        "likes": "Hästar, musik och att baka.", "dislikes": "Att vänta länge.",
    }
    version(maja, 40, maja.user, "patient", maja_needs, maja_texts)
    version(maja, 12, vardlots.user, "staff", {**maja_needs, "same_staff": "Karin"}, maja_texts,
            reason="Maja visade på besöket att hon vill träffa Karin varje gång.")
    db.session.add(NeedReview(patient_id=maja.id, revision_number=2,
                              reviewed_on=date.today() - timedelta(days=12),
                              together_with="Maja", note="Gick igenom allt med bilder.",
                              staff_member_id=vardlots.id))
    version(erik, 30, god_man, "representative",
            {"read_aloud": "Erik läser inte.", "pictures": "", "companion": "Någon från boendet.",
             "home_visit": "", "same_staff": "", "epilepsy": "Anfall ungefär en gång i månaden.",
             "medicine_help": "Personalen på boendet ger medicinerna."},
            {"pain": "Erik blir orolig och slår sig på kinden.",
             "communication": "Erik pratar, men förstår bäst om vi visar bilder.",
             "yes": "Han säger ja och ler.", "no": "Han vänder bort huvudet.",
             "must_know": "Epilepsi. Medicinerna ger personalen på boendet.",
             "likes": "Musik och att åka buss."},
            mandate=mandate_of(erik))
    version(lina, 20, god_man, "representative",
            {"sound_sensitive": "Lina har hörselkåpor med sig.", "quiet_room": "",
             "few_people": "", "wait_in_car": "", "study_visit": "", "ask_before_touch": ""},
            {"calm": "Att få veta vad som händer, steg för steg.",
             "afraid": "Höga ljud och när någon rör henne utan att fråga."},
            mandate=mandate_of(lina))
    version(ali, 5, ali.user, "patient",
            {"wheelchair": "Elrullstol.", "patient_lift": "", "adjustable_couch": "",
             "first_time_of_day": ""}, {})


def accounts() -> list[tuple[str, str, str]]:
    rows = []
    for u in db.session.scalars(select(User).order_by(User.role, User.name)):
        rows.append((u.name, u.email, u.role.value))
    return rows
