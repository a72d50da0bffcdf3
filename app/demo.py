"""Demo data: two clinics, a full SMO team, four patients and the people who help them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from .core.clock import CLINIC_ZONE, add_months
from .extensions import db
from .models import (
    Application,
    Attendance,
    Clinic,
    Duty,
    Gender,
    GroupHome,
    GroupHomeMember,
    HomeMandate,
    HomeRole,
    Mandate,
    MandateKind,
    MandateStatus,
    NeedReview,
    NeedRevision,
    Patient,
    Photo,
    Profession,
    Role,
    Scope,
    StaffMember,
    UsageCount,
    UsageKind,
    User,
    usual_duties,
    utcnow,
)
from .passwords import hash_password
from .personnummer import luhn_check_digit

DEMO_PASSWORD = "lotsen-demo-2026"  # noqa: S105 - printed by the run command, refused in production
DEMO_TABLET_PIN = "2580"  # Jonas's PIN on the group home's tablet (app/tablet)


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
        name="Kumla vårdcentral",
        county_part="Södra länet",
        phone="019-10 20 30",
        opening_hours="Måndag till fredag 8–17",
        vardlots_email="vardlots.kumla@exempel.se",
        address="Storgatan 12, 692 30 Kumla",
        translations={
            "opening_hours": {
                **demo_forms("Måndag till fredag 8–17"),
                "sv_easy": "Vi har öppet måndag till fredag. Vi öppnar klockan 8. Vi stänger klockan 17.",
            }
        },
    )
    lindesberg = Clinic(
        name="Lindesbergs vårdcentral",
        county_part="Norra länet",
        phone="0581-10 20 30",
        address="Kristinavägen 3, 711 30 Lindesberg",
        opening_hours="Måndag till fredag 8–16",
        vardlots_email="vardlots.lindesberg@exempel.se",
    )
    db.session.add_all([kumla, lindesberg])

    team = {}
    # Genders as the staff said them (Arabic names the role by it); Peter has not said.
    for email, name, profession, gender, presentation in [
        (
            "anna.lindqvist@exempel.se",
            "Anna Lindqvist",
            Profession.VARDLOTS,
            Gender.FEMALE,
            "Jag heter Anna. Jag svarar när du skriver eller ringer. Jag bokar dina tider.",
        ),
        (
            "omar.haddad@exempel.se",
            "Omar Haddad",
            Profession.LAKARE,
            Gender.MALE,
            "Jag lyssnar på dig. Vi tar det lugnt. Säg till om något gör ont.",
        ),
        (
            "karin.ek@exempel.se",
            "Karin Ek",
            Profession.SJUKSKOTERSKA,
            Gender.FEMALE,
            "Jag tar blodprov och ger vaccin. Du får hålla någon i handen.",
        ),
        (
            "peter.nilsson@exempel.se",
            "Peter Nilsson",
            Profession.UNDERSKOTERSKA,
            Gender.UNSPECIFIED,
            "Jag möter dig när du kommer. Jag visar dig vägen.",
        ),
        (
            "sara.berg@exempel.se",
            "Sara Berg",
            Profession.ARBETSTERAPEUT,
            Gender.FEMALE,
            "Jag kan hjälpa dig med en rullstol eller en bra stol.",
        ),
        (
            "johan.holm@exempel.se",
            "Johan Holm",
            Profession.FYSIOTERAPEUT,
            Gender.MALE,
            "Vi tränar så att du kan gå och röra dig bättre.",
        ),
    ]:
        u = user(email, name, Role.STAFF)
        member = StaffMember(
            user=u, clinic=kumla, profession=profession, presentation=presentation, gender=gender
        )
        db.session.add(member)
        team[profession] = member
    # Duties as the admin set them: each their profession's (Anna coordinates and reviews the
    # log, the others are clinicians), and Karin reviews the log too, so that someone else than
    # Anna spot-checks what Anna does.
    for member in team.values():
        member.duties = usual_duties(member.profession)
    # Vem jobbar här?: some wrote their presentation in English and Arabic too (Karin in English
    # only: an Arabic reader sees her Swedish); Anna put the team in order; Anna and Omar chose
    # to show a photo (drawn for the demo).
    team[
        Profession.VARDLOTS
    ].presentation_en = "My name is Anna. I answer when you write or call. I book your times."
    team[Profession.VARDLOTS].presentation_ar = "اسمي آنا. أجيبك عندما تكتب أو تتصل. أحجز مواعيدك."
    team[Profession.LAKARE].presentation_en = "I listen to you. We take our time. Tell me if something hurts."
    team[Profession.LAKARE].presentation_ar = "أستمع إليك. لا نستعجل. قل لي إذا كان شيء يؤلمك."
    team[
        Profession.SJUKSKOTERSKA
    ].presentation_en = "I take blood tests and give vaccines. You may hold someone's hand."
    for position, profession in enumerate(
        [
            Profession.VARDLOTS,
            Profession.SJUKSKOTERSKA,
            Profession.LAKARE,
            Profession.UNDERSKOTERSKA,
            Profession.ARBETSTERAPEUT,
            Profession.FYSIOTERAPEUT,
        ]
    ):
        team[profession].team_position = position
    team[Profession.SJUKSKOTERSKA].duties = [Duty.CLINICIAN.value, Duty.LOG_REVIEWER.value]
    eva = StaffMember(
        user=user("eva.strand@exempel.se", "Eva Strand", Role.STAFF),
        clinic=lindesberg,
        profession=Profession.VARDLOTS,
        gender=Gender.FEMALE,
        presentation="Jag är vårdlots i Lindesberg.",
    )
    db.session.add(eva)
    user("admin@exempel.se", "Regionens administratör", Role.ADMIN)

    vardlots = team[Profession.VARDLOTS]
    erik = Patient(
        clinic=kumla,
        name="Erik Johansson",
        preferred_name="Erik",
        personnummer=fictional_personnummer("19880412", "239"),
        vardlots=vardlots,
    )
    maja_user = user("maja.andersson@exempel.se", "Maja Andersson", Role.PATIENT, easy_read=True)
    maja = Patient(
        clinic=kumla,
        name="Maja Andersson",
        preferred_name="Maja",
        user=maja_user,
        personnummer=fictional_personnummer("19950723", "128"),
        vardlots=vardlots,
    )
    ali_user = user("ali.hassan@exempel.se", "Ali Hassan", Role.PATIENT)
    ali = Patient(
        clinic=kumla,
        name="Ali Hassan",
        preferred_name="Ali",
        user=ali_user,
        personnummer=fictional_personnummer("19790101", "457"),
        vardlots=vardlots,
    )
    lina = Patient(
        clinic=kumla,
        name="Lina Karlsson",
        preferred_name="Lina",
        personnummer=fictional_personnummer("20010915", "286"),
        vardlots=vardlots,
    )
    nils = Patient(
        clinic=lindesberg,
        name="Nils Berg",
        preferred_name="Nisse",
        personnummer=fictional_personnummer("19700302", "151"),
        vardlots=eva,
    )
    db.session.add_all([erik, maja, ali, lina, nils])

    god_man = user("birgitta.svensson@exempel.se", "Birgitta Svensson", Role.REPRESENTATIVE)
    group_home = user("jonas.lund@exempel.se", "Jonas Lund", Role.REPRESENTATIVE)
    group_home.pin_hash = hash_password(DEMO_TABLET_PIN)  # Solgläntan's tablet (README)
    relative = user("fatima.hassan@exempel.se", "Fatima Hassan", Role.REPRESENTATIVE, language="ar")
    now = utcnow()
    all_scopes = set(Scope)

    def mandate(patient, rep, kind, scopes, note, valid_days=None):
        m = Mandate(
            patient=patient,
            representative=rep,
            kind=kind,
            status=MandateStatus.ACTIVE,
            verified_by=vardlots,
            verified_at=now,
            verification_note=note,
            valid_until=date.today() + timedelta(days=valid_days) if valid_days else None,
        )
        m.set_scopes(scopes)
        db.session.add(m)

    mandate(
        erik, god_man, MandateKind.GOD_MAN, all_scopes, "Beslut från överförmyndaren sett.", valid_days=730
    )
    mandate(
        lina, god_man, MandateKind.GOD_MAN, all_scopes, "Beslut från överförmyndaren sett.", valid_days=730
    )
    # Erik and Lina live at Solgläntan: Jonas works there and helps them under the clinic's
    # mandate to the home (app/models/home.py); Sara Nilsson is the home's manager.
    home_manager = user("sara.nilsson@exempel.se", "Sara Nilsson", Role.REPRESENTATIVE)
    solglantan = GroupHome(
        clinic=kumla,
        name="Solgläntan",
        municipality="Kumla kommun",
        address="Solgläntsvägen 4, 692 31 Kumla",
        phone="019-58 80 40",
    )
    db.session.add(solglantan)
    for patient, scopes, note in (
        (
            lina,
            {Scope.SEE, Scope.PREPARE_VISITS, Scope.WRITE_TO_VARDLOTS},
            "Lina har sagt ja. Kommunens beslut om boende sett.",
        ),
        (
            erik,
            {Scope.SEE, Scope.PREPARE_VISITS, Scope.WRITE_TO_VARDLOTS},
            "Erik och hans gode man har sagt ja. Kommunens beslut sett.",
        ),
    ):
        patient.group_home = solglantan
        home_mandate = HomeMandate(
            home=solglantan,
            patient=patient,
            status=MandateStatus.ACTIVE,
            verified_by=vardlots,
            verified_at=now,
            verification_note=note,
        )
        home_mandate.set_scopes(scopes)
        db.session.add(home_mandate)
    for person, home_role in ((home_manager, HomeRole.MANAGER), (group_home, HomeRole.STAFF)):
        db.session.add(
            GroupHomeMember(
                home=solglantan, user=person, role=home_role, added_by=vardlots.user, added_at=now
            )
        )
    mandate(
        ali,
        relative,
        MandateKind.RELATIVE_CONSENT,
        {Scope.SEE, Scope.PREPARE_VISITS, Scope.WRITE_TO_VARDLOTS},
        "Ali gav sitt samtycke vid besöket.",
    )
    db.session.flush()
    _demo_needs(maja=maja, erik=erik, ali=ali, lina=lina, god_man=god_man, vardlots=vardlots)
    kumla.entrance_photo = _demo_entrance(kumla)
    team[Profession.VARDLOTS].photo = _demo_face(kumla, hair="#6b3e1f", shirt="#2e7d32", long_hair=True)
    team[Profession.LAKARE].photo = _demo_face(kumla, hair="#1b1b1b", shirt="#ffffff", long_hair=False)
    # Most of the team chose to show a face too (a page of initials is hard for someone who
    # knows people by their faces); Peter did not, so the demo still shows initials once.
    team[Profession.SJUKSKOTERSKA].photo = _demo_face(
        kumla, hair="#c9a227", shirt="#5c8fd6", long_hair=True, skin="#f1d0b5", glasses=True
    )
    team[Profession.ARBETSTERAPEUT].photo = _demo_face(
        kumla, hair="#2b1a10", shirt="#7b3f98", long_hair=True, skin="#a86f4c"
    )
    team[Profession.FYSIOTERAPEUT].photo = _demo_face(
        kumla, hair="#8a8a8a", shirt="#1f6f5c", long_hair=False, skin="#e9c29f", glasses=True
    )
    _demo_visits(
        kumla=kumla,
        lindesberg=lindesberg,
        team=team,
        eva=eva,
        maja=maja,
        erik=erik,
        ali=ali,
        lina=lina,
        nils=nils,
        god_man=god_man,
        relative=relative,
    )
    _demo_contact(
        kumla=kumla,
        anna=vardlots,
        maja=maja,
        erik=erik,
        ali=ali,
        lina=lina,
        god_man=god_man,
        relative=relative,
        group_home=group_home,
    )
    _demo_health_checks(
        kumla=kumla, maja=maja, erik=erik, ali=ali, vardlots=vardlots, nurse=team[Profession.SJUKSKOTERSKA]
    )
    _demo_health_plan(maja=maja, nurse=team[Profession.SJUKSKOTERSKA])
    _demo_health_questions(maja=maja, nurse=team[Profession.SJUKSKOTERSKA])
    _demo_usual(lina=lina, group_home=group_home)
    _demo_changes(
        kumla=kumla,
        maja=maja,
        erik=erik,
        lina=lina,
        god_man=god_man,
        group_home=group_home,
        nurse=team[Profession.SJUKSKOTERSKA],
    )
    _demo_application(group_home=solglantan, now=utcnow())
    db.session.commit()
    return accounts()


def _demo_needs(*, maja, erik, ali, lina, god_man, vardlots) -> None:
    """Needs profiles with a history: Maja's own, with a change and a review by her vårdlots;
    Erik's and Lina's, written by their god man; a short one by Ali."""
    now = utcnow()
    numbers: dict[int, int] = {}

    def version(patient, days_ago, who, acting_as, needs, sections, reason="", mandate=None):
        number = numbers[patient.id] = numbers.get(patient.id, 0) + 1
        db.session.add(
            NeedRevision(
                patient_id=patient.id,
                number=number,
                at=now - timedelta(days=days_ago),
                user_id=who.id,
                acting_as=acting_as,
                mandate_id=mandate.id if mandate else None,
                reason=reason,
                needs=needs,
                sections=sections,
            )
        )

    def mandate_of(patient):
        return next(m for m in patient.mandates if m.representative_id == god_man.id)

    maja_needs = {
        "longer_visit": "Jag behöver 60 minuter.",
        "quiet_room": "",
        "no_speech": "",
        "pictures": "",
        "sign_language": "TAKK",
        "read_aloud": "",
        "explain_steps": "",
        "needle_fear": "",
        "numbing_cream": "",
    }
    maja_texts = {
        "pain": "Jag blir tyst och håller mig om magen. Jag vill inte äta.",
        "communication": "Jag pratar inte med ord. Jag pekar på bilder och gör tecken.",
        "yes": "Jag nickar och ler.",
        "no": "Jag skakar på huvudet.",
        "calm": "Musik i hörlurar. Att få veta vad som ska hända.",
        "afraid": "Sprutor. Många människor. Höga ljud.",
        "likes": "Hästar, musik och att baka.",
        "dislikes": "Att vänta länge.",
    }
    version(maja, 40, maja.user, "patient", maja_needs, maja_texts)
    version(
        maja,
        12,
        vardlots.user,
        "staff",
        {**maja_needs, "same_staff": "Karin"},
        maja_texts,
        reason="Maja visade på besöket att hon vill träffa Karin varje gång.",
    )
    db.session.add(
        NeedReview(
            patient_id=maja.id,
            revision_number=2,
            reviewed_on=date.today() - timedelta(days=12),
            together_with="Maja",
            note="Gick igenom allt med bilder.",
            staff_member_id=vardlots.id,
        )
    )
    version(
        erik,
        30,
        god_man,
        "representative",
        {
            "read_aloud": "Erik läser inte.",
            "pictures": "",
            "companion": "Någon från boendet.",
            "home_visit": "",
            "same_staff": "",
            "epilepsy": "Anfall ungefär en gång i månaden.",
            "medicine_help": "Personalen på boendet ger medicinerna.",
        },
        {
            "pain": "Erik blir orolig och slår sig på kinden.",
            "communication": "Erik pratar, men förstår bäst om vi visar bilder.",
            "yes": "Han säger ja och ler.",
            "no": "Han vänder bort huvudet.",
            "must_know": "Epilepsi. Medicinerna ger personalen på boendet.",
            "likes": "Musik och att åka buss.",
        },
        mandate=mandate_of(erik),
    )
    version(
        lina,
        20,
        god_man,
        "representative",
        {
            "sound_sensitive": "Lina har hörselkåpor med sig.",
            "quiet_room": "",
            "few_people": "",
            "wait_in_car": "",
            "study_visit": "",
            "ask_before_touch": "",
        },
        {
            "calm": "Att få veta vad som händer, steg för steg.",
            "afraid": "Höga ljud och när någon rör henne utan att fråga.",
        },
        mandate=mandate_of(lina),
    )
    version(
        ali,
        5,
        ali.user,
        "patient",
        {"wheelchair": "Elrullstol.", "patient_lift": "", "adjustable_couch": "", "first_time_of_day": ""},
        {},
    )


# How each kind of visit goes, step by step: (pictogram, easy sentence).
SCHEDULES = {
    "Hälsokontroll": (
        "stethoscope",
        60,
        [
            ("door-in", "Du kommer till vårdcentralen."),
            ("receptionist", "Du säger ditt namn i receptionen."),
            ("quiet-room", "Du väntar i det lugna rummet."),
            ("nurse", "Sjuksköterskan hämtar dig."),
            ("blood-pressure", "Sjuksköterskan mäter ditt blodtryck."),
            ("scale", "Du ställer dig på en våg."),
            ("blood-test", "Sjuksköterskan tar ett blodprov."),
            ("conversation", "Läkaren pratar med dig om hur du mår."),
            ("visit-done", "Klart! Nu får du gå hem."),
        ],
    ),
    "Läkarbesök": (
        "doctor",
        30,
        [
            ("door-in", "Du kommer till vårdcentralen."),
            ("receptionist", "Du säger ditt namn i receptionen."),
            ("waiting-room", "Du väntar i väntrummet."),
            ("doctor", "Läkaren hämtar dig."),
            ("conversation", "Ni pratar om hur du mår."),
            ("stethoscope", "Läkaren undersöker dig. Läkaren säger först vad som ska hända."),
            ("write", "Läkaren berättar vad som händer nu."),
            ("visit-done", "Klart! Nu får du gå hem."),
        ],
    ),
    "Blodprov": (
        "blood-test",
        15,
        [
            ("door-in", "Du kommer till vårdcentralen."),
            ("receptionist", "Du säger ditt namn i receptionen."),
            ("waiting-room", "Du väntar i väntrummet."),
            ("nurse", "Sjuksköterskan hämtar dig."),
            ("numbing-cream", "Du kan få salva som gör att det inte gör ont."),
            ("blood-test", "Sjuksköterskan tar blod från armen. Det går fort."),
            ("bandage", "Du får ett plåster."),
            ("visit-done", "Klart! Nu får du gå hem."),
        ],
    ),
    "Vaccination": (
        "syringe",
        15,
        [
            ("door-in", "Du kommer till vårdcentralen."),
            ("receptionist", "Du säger ditt namn i receptionen."),
            ("waiting-room", "Du väntar i väntrummet."),
            ("nurse", "Sjuksköterskan hämtar dig."),
            ("syringe", "Du får en spruta i armen. Det går fort."),
            ("bandage", "Du får ett plåster."),
            ("waiting-room", "Du väntar en kvart innan du går hem."),
            ("visit-done", "Klart! Nu får du gå hem."),
        ],
    ),
    "Studiebesök": (
        "study-visit",
        30,
        [
            ("door-in", "Du kommer till vårdcentralen för att titta."),
            ("receptionist", "Du hälsar i receptionen."),
            ("vardlots", "Vårdlotsen visar dig runt."),
            ("quiet-room", "Du får se det lugna rummet."),
            ("couch", "Du får se rummet där läkaren undersöker."),
            ("question", "Du får fråga om allt du vill."),
            ("visit-done", "Klart! Nu vet du hur det ser ut."),
        ],
    ),
}


# The clinic's words in English and Arabic (app/clinic_words.py): what staff wrote beside the
# Swedish, so that Fatima reads Ali's visit in Arabic and hears it in the Arabic voice.
DEMO_WORDS = {
    "Hälsokontroll": ("Health check", "فحص صحي"),
    "Läkarbesök": ("Doctor's visit", "زيارة الطبيب"),
    "Blodprov": ("Blood test", "فحص الدم"),
    "Vaccination": ("Vaccination", "تطعيم"),
    "Studiebesök": ("Study visit", "زيارة تعريفية"),
    "Du kommer till vårdcentralen.": ("You come to the health centre.", "تأتي إلى المركز الصحي."),
    "Du säger ditt namn i receptionen.": ("You say your name at the reception.", "تقول اسمك في الاستقبال."),
    "Du väntar i det lugna rummet.": ("You wait in the quiet room.", "تنتظر في الغرفة الهادئة."),
    "Sjuksköterskan hämtar dig.": ("The nurse comes to get you.", "تأتي الممرضة لتأخذك."),
    "Sjuksköterskan mäter ditt blodtryck.": (
        "The nurse measures your blood pressure.",
        "تقيس الممرضة ضغط دمك.",
    ),
    "Du ställer dig på en våg.": ("You stand on a scale.", "تقف على الميزان."),
    "Sjuksköterskan tar ett blodprov.": ("The nurse takes a blood sample.", "تأخذ الممرضة عينة دم."),
    "Läkaren pratar med dig om hur du mår.": (
        "The doctor talks with you about how you feel.",
        "يتحدث الطبيب معك عن حالك.",
    ),
    "Klart! Nu får du gå hem.": ("Done! Now you can go home.", "انتهينا! الآن يمكنك العودة إلى البيت."),
    "Du väntar i väntrummet.": ("You wait in the waiting room.", "تنتظر في غرفة الانتظار."),
    "Läkaren hämtar dig.": ("The doctor comes to get you.", "يأتي الطبيب ليأخذك."),
    "Ni pratar om hur du mår.": ("You talk about how you feel.", "تتحدثان عن حالك."),
    "Läkaren undersöker dig. Läkaren säger först vad som ska hända.": (
        "The doctor examines you. The doctor first tells you what will happen.",
        "يفحصك الطبيب. يخبرك الطبيب أولًا بما سيحدث.",
    ),
    "Läkaren berättar vad som händer nu.": (
        "The doctor tells you what happens next.",
        "يخبرك الطبيب بما سيحدث الآن.",
    ),
    "Du kan få salva som gör att det inte gör ont.": (
        "You can get a cream so that it does not hurt.",
        "يمكنك أن تحصل على كريم حتى لا تتألم.",
    ),
    "Sjuksköterskan tar blod från armen. Det går fort.": (
        "The nurse takes blood from your arm. It is quick.",
        "تأخذ الممرضة دمًا من ذراعك. الأمر سريع.",
    ),
    "Du får ett plåster.": ("You get a plaster.", "تحصل على لاصقة جروح."),
    "Du får en spruta i armen. Det går fort.": (
        "You get an injection in your arm. It is quick.",
        "تحصل على حقنة في ذراعك. الأمر سريع.",
    ),
    "Du väntar en kvart innan du går hem.": (
        "You wait 15 minutes before you go home.",
        "تنتظر ربع ساعة قبل أن تعود إلى البيت.",
    ),
    "Du kommer till vårdcentralen för att titta.": (
        "You come to the health centre to look.",
        "تأتي إلى المركز الصحي لتتعرف عليه.",
    ),
    "Du hälsar i receptionen.": ("You say hello at the reception.", "تُلقي التحية في الاستقبال."),
    "Vårdlotsen visar dig runt.": ("The care navigator shows you around.", "يُريك مرشد الرعاية المكان."),
    "Du får se det lugna rummet.": ("You see the quiet room.", "ترى الغرفة الهادئة."),
    "Du får se rummet där läkaren undersöker.": (
        "You see the room where the doctor examines.",
        "ترى الغرفة التي يفحص فيها الطبيب.",
    ),
    "Du får fråga om allt du vill.": ("You may ask about anything you want.", "يمكنك أن تسأل عن كل ما تريد."),
    "Klart! Nu vet du hur det ser ut.": (
        "Done! Now you know what it looks like.",
        "انتهينا! الآن تعرف كيف يبدو المكان.",
    ),
    "Du visar ditt kort i receptionen.": (
        "You show your card at the reception.",
        "تُظهر بطاقتك في الاستقبال.",
    ),
    "Du väntar i bilen. Vi ringer dig när det är din tur.": (
        "You wait in the car. We call you when it is your turn.",
        "تنتظر في السيارة. نتصل بك عندما يحين دورك.",
    ),
    "Rum 3": ("Room 3", "الغرفة 3"),
    "Ta med ditt vaccinationskort.": ("Bring your vaccination card.", "أحضر بطاقة التطعيم."),
    "Sjuksköterskan är sjuk den dagen. Förlåt!": (
        "The nurse is ill that day. Sorry!",
        "الممرضة مريضة في ذلك اليوم. نعتذر!",
    ),
    "Du ringer vårdcentralen från bilen och säger att du är här.": (
        "You call the health centre from the car and say that you are here.",
        "تتصل بالمركز الصحي من السيارة وتقول إنك وصلت.",
    ),
    "Måndag till fredag 8–17": ("Monday to Friday 8–17", "من الاثنين إلى الجمعة، من الساعة 8 إلى الساعة 17"),
}

# A step told another way for a need (the first that matches wins, in this order): the step's
# Swedish text, then (need, text, own pictogram or "").
DEMO_VARIANTS = {
    "Du säger ditt namn i receptionen.": [
        ("no_speech", "Du visar ditt kort i receptionen.", "id-card"),
        ("aac_device", "Du visar ditt kort i receptionen.", "id-card"),
        ("wait_in_car", "Du ringer vårdcentralen från bilen och säger att du är här.", "call-me"),
    ],
    "Du väntar i väntrummet.": [
        ("wait_in_car", "Du väntar i bilen. Vi ringer dig när det är din tur.", "wait-in-car"),
    ],
    "Du väntar i det lugna rummet.": [
        ("wait_in_car", "Du väntar i bilen. Vi ringer dig när det är din tur.", "wait-in-car"),
    ],
}


def demo_forms(swedish: str) -> dict[str, str]:
    """The English and Arabic the demo staff wrote beside a Swedish text (none: {})."""
    english, arabic = DEMO_WORDS.get(swedish, ("", ""))
    return {"en": english, "ar": arabic} if english else {}


def _demo_entrance(clinic) -> Photo:
    """A drawn picture of the clinic's entrance (a facade, glass doors, the green cross over them,
    a ramp), as the admin would upload a photo: stored cleaned like any photo (app/photos.py)."""
    import io

    from PIL import Image, ImageDraw

    from .photos import clean

    image = Image.new("RGB", (800, 520), "#bfe0ff")
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 90, 740, 470), fill="#e8e1d5", outline="#1b1b1b", width=6)  # the wall
    draw.rectangle((40, 60, 760, 100), fill="#8d5a2b", outline="#1b1b1b", width=6)  # the roof edge
    for left in (110, 560):  # windows
        draw.rectangle((left, 170, left + 130, 300), fill="#ffffff", outline="#1b1b1b", width=5)
        draw.line((left + 65, 170, left + 65, 300), fill="#1b1b1b", width=4)
    draw.rectangle((300, 230, 500, 470), fill="#d9f0ff", outline="#1b1b1b", width=6)  # glass doors
    draw.line((400, 230, 400, 470), fill="#1b1b1b", width=5)
    draw.rectangle((300, 130, 500, 200), fill="#ffffff", outline="#1b1b1b", width=5)  # the sign
    draw.rectangle((385, 140, 415, 190), fill="#2e7d32")  # the green cross
    draw.rectangle((375, 150, 425, 180), fill="#2e7d32")
    draw.polygon([(250, 470), (300, 450), (500, 450), (550, 470)], fill="#9e9e9e", outline="#1b1b1b")  # ramp
    draw.rectangle((0, 470, 800, 520), fill="#7a7a7a")  # the street
    out = io.BytesIO()
    image.save(out, "PNG")
    data, width, height = clean(out.getvalue())
    return Photo(clinic_id=clinic.id, content_type="image/jpeg", width=width, height=height, data=data)


def _demo_face(
    clinic, *, hair: str, shirt: str, long_hair: bool, skin: str = "#e9c29f", glasses: bool = False
) -> Photo:
    """A drawn portrait standing in for a staff member's own photo (a face, hair, work clothes,
    maybe glasses), stored cleaned like any photo they would choose under Mitt foto. Drawn, so
    that no real person's face is in the demo."""
    import io

    from PIL import Image, ImageDraw

    from .photos import clean

    image = Image.new("RGB", (480, 480), "#dbe9f6")
    draw = ImageDraw.Draw(image)
    if long_hair:
        draw.rectangle((130, 150, 350, 400), fill=hair)
    draw.ellipse((90, 360, 390, 640), fill=shirt, outline="#1b1b1b", width=5)  # the shoulders
    draw.rectangle((210, 300, 270, 380), fill=skin)  # the neck
    draw.ellipse((150, 110, 330, 330), fill=skin, outline="#1b1b1b", width=5)  # the face
    draw.chord((140, 90, 340, 250), 180, 360, fill=hair)  # the hair
    for left in (190, 265):  # the eyes
        draw.ellipse((left, 200, left + 26, 226), fill="#1b1b1b")
    if glasses:
        for left in (176, 251):
            draw.ellipse((left, 188, left + 54, 238), outline="#1b1b1b", width=5)
        draw.line((230, 210, 251, 210), fill="#1b1b1b", width=5)
    draw.arc((200, 230, 280, 290), 20, 160, fill="#8a3b2b", width=6)  # the smile
    out = io.BytesIO()
    image.save(out, "PNG")
    data, width, height = clean(out.getvalue(), portrait=True)
    return Photo(clinic_id=clinic.id, content_type="image/jpeg", width=width, height=height, data=data)


def _demo_visits(*, kumla, lindesberg, team, eva, maja, erik, ali, lina, nils, god_man, relative) -> None:
    """Visit types with schedules at both clinics, and visits: Maja's health check to prepare,
    Erik's doctor's visit prepared by his god man, Lina's blood test today (prepared and read),
    Ali's vaccination moved to another day, and a visit Fatima asked for, for Ali."""

    from .models import (
        ChangeKind,
        Preparation,
        PreparationStatus,
        Visit,
        VisitChange,
        VisitRequest,
        VisitStep,
        VisitStepVariant,
        VisitType,
    )

    types = {}
    for clinic in (kumla, lindesberg):
        for name, (picto, minutes, steps) in SCHEDULES.items():
            visit_type = VisitType(
                clinic_id=clinic.id,
                name=name,
                pictogram=picto,
                minutes=minutes,
                health_check=name == "Hälsokontroll",
                translations={"name": demo_forms(name)},
            )
            visit_type.steps = [
                VisitStep(
                    position=n,
                    pictogram=p,
                    text=t,
                    translations={"text": demo_forms(t)},
                    variants=[
                        VisitStepVariant(
                            position=k,
                            need=need,
                            text=text,
                            pictogram=own,
                            translations={"text": demo_forms(text)},
                        )
                        for k, (need, text, own) in enumerate(DEMO_VARIANTS.get(t, []), start=1)
                    ],
                )
                for n, (p, t) in enumerate(steps, start=1)
            ]
            db.session.add(visit_type)
            types[clinic.name, name] = visit_type
    local = CLINIC_ZONE
    today = datetime.now(local).date()  # the clinic's today, also just after midnight UTC
    now = utcnow()

    def at(days: int, hour: int, minute: int = 0):
        return datetime.combine(today + timedelta(days=days), time(hour, minute), local)

    def weekday_at(days: int, hour: int, minute: int = 0):
        """As `at`, moved on to the Monday when the day falls on a weekend (a clinic's visit on
        a Sunday was seen by a persona walk)."""
        day = today + timedelta(days=days)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return datetime.combine(day, time(hour, minute), local)

    def visit(patient, name, when, staff, room, bring="", note=""):
        v = Visit(
            patient=patient,
            clinic_id=patient.clinic.id,
            visit_type=types[patient.clinic.name, name],
            starts_at=when,
            minutes=types[patient.clinic.name, name].minutes,
            staff=staff,
            room=room,
            bring=bring,
            note=note,
            translations={
                field: demo_forms(text)
                for field, text in (("room", room), ("bring", bring), ("note", note))
                if demo_forms(text)
            },
        )
        db.session.add(v)
        db.session.add(
            VisitChange(
                visit=v,
                kind=ChangeKind.BOOKED,
                at=now - timedelta(days=7),
                staff_member=team[Profession.VARDLOTS],
            )
        )
        return v

    nurse, doctor = team[Profession.SJUKSKOTERSKA], team[Profession.LAKARE]
    visit(
        maja,
        "Hälsokontroll",
        at(3, 10, 30),
        [nurse, doctor],
        "Rum 4, plan 1",
        bring="Dina mediciner. Legitimation.",
        note="Vi har bokat 60 minuter. Du får vänta i det lugna rummet.",
    )
    maja_first = visit(maja, "Läkarbesök", at(-20, 9), [doctor], "Rum 2")
    erik_visit = visit(
        erik, "Läkarbesök", at(1, 9), [doctor], "Rum 2", bring="Listan med mediciner från boendet."
    )
    lina_visit = visit(
        lina,
        "Blodprov",
        at(0, 14),
        [nurse],
        "Provtagningen, rum 6",
        note="Du kan vänta i bilen. Vi ringer när det är din tur.",
    )
    ali_visit = visit(
        ali, "Vaccination", weekday_at(8, 13, 15), [nurse], "Rum 3", bring="Ta med ditt vaccinationskort."
    )
    ali_visit.sequence = 1
    db.session.add(
        VisitChange(
            visit=ali_visit,
            kind=ChangeKind.CHANGED,
            at=now - timedelta(days=1),
            staff_member=team[Profession.VARDLOTS],
            details={"starts_at": [weekday_at(6, 8, 30).isoformat(), ali_visit.starts_at.isoformat()]},
            message="Sjuksköterskan är sjuk den dagen. Förlåt!",
            translations={"message": demo_forms("Sjuksköterskan är sjuk den dagen. Förlåt!")},
        )
    )
    visit(nils, "Läkarbesök", at(2, 11), [eva], "Rum 1")
    maja_ears = visit(maja, "Läkarbesök", at(-2, 9), [doctor], "Rum 2")
    erik_check = visit(erik, "Hälsokontroll", at(-30, 10), [nurse, doctor], "Rum 4, plan 1")
    # Whether the patient came (the statistics' no-show rate): the past visits are marked, but
    # for Maja's ear visit two days ago, which waits on the visit list.
    ali_missed = visit(ali, "Läkarbesök", at(-45, 13), [doctor], "Rum 2")
    lina_late = visit(lina, "Blodprov", at(-60, 8, 30), [nurse], "Provtagningen, rum 6")
    vardlots = team[Profession.VARDLOTS]
    for past, came in (
        (maja_first, Attendance.CAME),
        (erik_check, Attendance.CAME),
        (ali_missed, Attendance.NO_SHOW),
        (lina_late, Attendance.LATE_CANCEL),
    ):
        past.attendance, past.attendance_at, past.attendance_by = (
            came,
            past.starts_at + timedelta(hours=2),
            vardlots,
        )
    db.session.flush()
    _demo_usage(kumla, today)

    def sent(patient, visit_, answers, who, acting_as, mandate=None, read_by=None):
        db.session.add(
            Preparation(
                patient_id=patient.id,
                visit_id=visit_.id if visit_ else None,
                answers=answers,
                status=PreparationStatus.SUBMITTED,
                step="kontrollera",
                updated_by_id=who.id,
                submitted_at=now - timedelta(hours=20),
                submitted_by_id=who.id,
                submitted_acting_as=acting_as,
                submitted_mandate_id=mandate.id if mandate else None,
                read_at=now - timedelta(hours=2) if read_by else None,
                read_by=read_by,
            )
        )

    erik_mandate = next(m for m in erik.mandates if m.representative_id == god_man.id)
    sent(
        erik,
        erik_visit,
        {
            "varfor": {"choices": ["pain"], "text": ""},
            "ont": {"choice": "yes"},
            "var": {"choices": ["stomach"], "text": "Mest efter maten."},
            "hur": {"choice": "3"},
            "sedan": {"choice": "week"},
            "kansla": {"choices": ["afraid", "tired"], "text": ""},
            "fragor": {"choices": ["what_wrong", "medicine"], "text": "Kan han äta som vanligt?"},
            "vem": {"choices": ["god_man", "group_home"], "text": "Birgitta och Jonas"},
            "hjalp": {"choices": ["read_aloud", "pictures", "companion"], "text": ""},
            "beratta": {"text": "Erik har sovit dåligt i en vecka."},
        },
        god_man,
        "representative",
        mandate=erik_mandate,
    )
    sent(
        lina,
        lina_visit,
        {
            "varfor": {"choices": ["blood_test"], "text": ""},
            "ont": {"choice": "no"},
            "kansla": {"choices": ["afraid"], "text": "Nålen."},
            "vem": {"choices": ["god_man"], "text": ""},
            "hjalp": {"choices": ["quiet_room", "wait_in_car", "ask_before_touch"], "text": ""},
        },
        god_man,
        "representative",
        mandate=next(m for m in lina.mandates if m.representative_id == god_man.id),
        read_by=team[Profession.SJUKSKOTERSKA],
    )
    ali_mandate = next(m for m in ali.mandates if m.representative_id == relative.id)
    db.session.add(
        VisitRequest(
            patient_id=ali.id,
            clinic_id=kumla.id,
            reasons=["ill", "medicine"],
            times=["morning"],
            text="Ali har hosta sedan två veckor.",
            user_id=relative.id,
            acting_as="representative",
            mandate_id=ali_mandate.id,
            created_at=now - timedelta(hours=5),
        )
    )
    _demo_after_visits(
        maja_visit=maja_ears, erik_visit=erik_check, doctor=doctor, god_man=god_man, mandate=erik_mandate
    )


def _demo_usage(clinic, today) -> None:
    """The server's own counts of read-aloud plays and easy-read pages for the last months, so
    that the statistics have something to draw (numbers only, as the app writes them)."""
    for days_ago in range(0, 150, 3):
        day = today - timedelta(days=days_ago)
        db.session.add(
            UsageCount(clinic_id=clinic.id, day=day, kind=UsageKind.SPEECH_PLAY.value, count=4 + days_ago % 7)
        )
        db.session.add(
            UsageCount(
                clinic_id=clinic.id, day=day, kind=UsageKind.EASY_READ_PAGE.value, count=9 + days_ago % 5
            )
        )


def _both(swedish: str, english: str, arabic: str) -> dict[str, str]:
    return {"sv": swedish, "en": english, "ar": arabic}


def _demo_after_visits(*, maja_visit, erik_visit, doctor, god_man, mandate) -> None:
    """Efter besöket: Maja's ear check two days ago (sent yesterday, not read yet, with a new
    medicine for the group home's list and a visit in two weeks), and Erik's health check a month
    ago (read and understood by Birgitta, his god man; his next blood test is in ten days)."""
    from .models import AfterVisit, AfterVisitRead, AfterVisitVersion
    from .models.aftervisit import step_rows

    today = datetime.now(CLINIC_ZONE).date()
    now = utcnow()
    maja = {
        "did": ["talk", "blood_pressure", "ears"],
        "did_text": {},
        "found": _both(
            "Du har mycket vax i öronen. Därför hör du sämre. Blodtrycket är bra.",
            "You have a lot of wax in your ears. That is why you hear less. Your blood pressure is good.",
            "لديكِ شمع كثير في أذنيكِ. لذلك تسمعين أقل. ضغط الدم جيد.",
        ),
        "steps": [
            {
                "key": "droppar",
                "kind": "try_medicine",
                "who": "helper",
                "on": "",
                "text": _both(
                    "Droppar i öronen varje kväll i en vecka.",
                    "Drops in the ears every evening for one week.",
                    "قطرات في الأذنين كل مساء لمدة أسبوع.",
                ),
            },
            {
                "key": "besok",
                "kind": "visit",
                "who": "clinic",
                "on": _next_weekday(today + timedelta(days=12)).isoformat(),
                "text": _both(
                    "Vi tittar i öronen igen.", "We look in your ears again.", "ننظر في أذنيكِ مرة أخرى."
                ),
            },
        ],
        "medicines": [
            {
                "key": "revaxor",
                "change": "new",
                "name": "Revaxör",
                "for": _both("Gör vaxet mjukt.", "Makes the wax soft.", "يجعل الشمع طريًا."),
                "dose": _both("2 droppar i varje öra.", "2 drops in each ear.", "قطرتان في كل أذن."),
                "times": ["evening"],
            }
        ],
        "calls": {
            "clinic": _both("du får ont i örat.", "your ear hurts.", "شعرتِ بألم في الأذن."),
            "1177": _both(
                "du får ont i örat när vi har stängt.",
                "your ear hurts when we are closed.",
                "شعرتِ بألم في الأذن ونحن مغلقون.",
            ),
        },
    }
    erik = {
        "did": ["talk", "heart", "blood_pressure", "blood_test", "weight"],
        "did_text": {},
        "medicines": [],
        "found": {"sv": "Erik mår bra. Han väger lika mycket som förra året. Blodproverna var bra."},
        "steps": [
            {
                "key": "promenad",
                "kind": "exercise",
                "who": "helper",
                "on": "",
                "text": {"sv": "Gå en promenad med Erik varje dag."},
            },
            {
                "key": "tandlakare",
                "kind": "referral",
                "who": "clinic",
                "on": "",
                "text": {"sv": "Vi skickar en remiss till tandläkaren."},
            },
            {
                "key": "blodprov",
                "kind": "blood_test",
                "who": "clinic",
                "on": _next_weekday(today + timedelta(days=10)).isoformat(),
                "text": {"sv": "Ett nytt blodprov för sockret. Erik ska inte äta på morgonen."},
            },
        ],
        "calls": {"clinic": {"sv": "Erik har ont i tänderna."}},
    }
    for visit_, document, days_ago in ((maja_visit, maja, 1), (erik_visit, erik, 29)):
        sent_at = now - timedelta(days=days_ago)
        summary = AfterVisit(
            patient=visit_.patient,
            clinic_id=visit_.clinic_id,
            visit=visit_,
            content=document,
            version=1,
            created_by_id=doctor.id,
            updated_by_id=doctor.id,
            created_at=sent_at,
            updated_at=sent_at,
            sent_at=sent_at,
        )
        db.session.add(summary)
        db.session.add(
            AfterVisitVersion(
                summary=summary, number=1, content=document, sent_at=sent_at, sent_by_id=doctor.id
            )
        )
        db.session.flush()
        db.session.add_all(step_rows(summary, document["steps"], [], sent_at))
        if visit_ is erik_visit:
            read_at = sent_at + timedelta(hours=3)
            db.session.add(
                AfterVisitRead(
                    summary=summary,
                    user_id=god_man.id,
                    version=1,
                    first_read_at=read_at,
                    read_at=read_at,
                    understood_version=1,
                    understood_at=read_at,
                    acting_as="representative",
                    mandate_id=mandate.id,
                )
            )


def _demo_health_checks(*, kumla, maja, erik, ali, vardlots, nurse) -> None:
    """Hälsokontrollen, so that the list has every status: Erik overdue and invited 25 days ago
    with no answer (so `flask checkup remind` reminds him); Maja's last check done 12 months ago
    and the next booked (her Hälsokontroll visit in a few days); Ali invited, answered "Ring mig";
    Lina never checked; and more Kumla patients: one due soon, one not due, one who did not come
    (to call), one overdue and not invited."""
    from .models import CheckOutcome, HealthCheck, InvitationAnswer, Visit, VisitType

    today = datetime.now(CLINIC_ZONE).date()
    now = utcnow()

    def done(patient, months_ago: int, days: int = 0) -> None:
        day = add_months(today, -months_ago) - timedelta(days=days)
        db.session.add(
            HealthCheck(
                patient_id=patient.id,
                clinic_id=kumla.id,
                invited_at=datetime.combine(day - timedelta(days=30), time(9), CLINIC_ZONE),
                invited_by_id=vardlots.id,
                outcome=CheckOutcome.DONE.value,
                done_on=day,
                outcome_at=datetime.combine(day, time(12), CLINIC_ZONE),
                outcome_by_id=nurse.id,
            )
        )

    def invited(patient, days_ago: int, **more) -> HealthCheck:
        check = HealthCheck(
            patient_id=patient.id,
            clinic_id=kumla.id,
            invited_at=now - timedelta(days=days_ago),
            invited_by_id=vardlots.id,
            **more,
        )
        db.session.add(check)
        return check

    done(erik, 13)
    invited(erik, 25)
    done(maja, 12)
    maja_visit = db.session.scalars(
        select(Visit)
        .join(VisitType, Visit.visit_type_id == VisitType.id)
        .where(Visit.patient_id == maja.id, VisitType.health_check.is_(True), Visit.starts_at > now)
    ).first()
    invited(maja, 10, visit_id=maja_visit.id if maja_visit is not None else None)
    done(ali, 14)
    invited(
        ali,
        12,
        answer=InvitationAnswer.CALL_ME.value,
        answered_at=now - timedelta(days=9),
        answered_by_id=ali.user_id,
        answered_acting_as="patient",
    )
    more = {
        "Sara Lind": ("19920614", "146"),
        "Oskar Ek": ("19850228", "337"),
        "Tove Nilsson": ("19980430", "268"),
        "Hugo Berglund": ("19760809", "172"),
    }
    people = {
        name: Patient(
            clinic=kumla, name=name, personnummer=fictional_personnummer(born, serial), vardlots=vardlots
        )
        for name, (born, serial) in more.items()
    }
    db.session.add_all(people.values())
    db.session.flush()
    done(people["Sara Lind"], 12, days=-20)  # due in 20 days
    done(people["Oskar Ek"], 3)  # not due
    done(people["Tove Nilsson"], 14)
    missed = invited(people["Tove Nilsson"], 30)  # did not come: to call
    missed.outcome, missed.outcome_at, missed.outcome_by_id = (
        CheckOutcome.DID_NOT_COME.value,
        now - timedelta(days=4),
        nurse.id,
    )
    done(people["Hugo Berglund"], 15)  # overdue, not invited yet
    db.session.flush()


def _demo_health_plan(*, maja, nurse) -> None:
    """Min hälsoplan: Maja's plan from her health check (tied to its round when the demo has
    one), three goals in her words, sent; her own step "walk" is marked done by Maja."""
    from .models import HealthCheck, HealthPlan, HealthPlanGoal, HealthPlanVersion

    today = datetime.now(CLINIC_ZONE).date()
    now = utcnow()
    check = db.session.scalars(
        select(HealthCheck)
        .where(HealthCheck.patient_id == maja.id, HealthCheck.done_on.is_not(None))
        .order_by(HealthCheck.done_on.desc())
    ).first()
    look_again = _next_weekday(today + timedelta(days=60)).isoformat()
    goals = [
        {
            "key": "sova",
            "goal": {"sv": "Jag vill sova bättre."},
            "do": {"sv": "Jag går och lägger mig tidigt. De som jobbar på boendet hjälper mig."},
            "who": "helper",
            "look_on": look_again,
        },
        {
            "key": "ga",
            "goal": {"sv": "Jag vill röra mig mer."},
            "do": {"sv": "Jag går en promenad varje dag efter maten."},
            "who": "patient",
            "look_on": look_again,
        },
        {
            "key": "hora",
            "goal": {"sv": "Jag vill höra bättre."},
            "do": {"sv": "Vi tittar i öronen igen. Vi skickar en tid till dig."},
            "who": "clinic",
            "look_on": _next_weekday(today + timedelta(days=18)).isoformat(),
        },
    ]
    plan = HealthPlan(
        patient_id=maja.id,
        clinic_id=maja.clinic_id,
        health_check_id=check.id if check is not None else None,
        content={"goals": goals},
        version=1,
        created_by_id=nurse.id,
        updated_by_id=nurse.id,
        created_at=now - timedelta(days=1),
        updated_at=now - timedelta(days=1),
        sent_at=now - timedelta(days=1),
    )
    db.session.add(plan)
    db.session.flush()
    db.session.add(
        HealthPlanVersion(
            plan_id=plan.id,
            number=1,
            content={"goals": goals},
            sent_at=now - timedelta(days=1),
            sent_by_id=nurse.id,
        )
    )
    for position, goal in enumerate(goals):
        walked = goal["key"] == "ga"
        db.session.add(
            HealthPlanGoal(
                plan_id=plan.id,
                patient_id=maja.id,
                key=goal["key"],
                position=position,
                who=goal["who"],
                look_on=date.fromisoformat(goal["look_on"]),
                text=goal["goal"],
                done_at=now if walked else None,
                done_by_id=maja.user_id if walked else None,
                done_acting_as="patient" if walked else "",
            )
        )


MAJA_ANSWERS_BEFORE = {
    "sova": {"choice": "ok", "text": ""},
    "ata": {"choice": "ok", "text": ""},
    "vikt": {"choice": "same", "text": ""},
    "mage": {"choice": "ok", "text": ""},
    "toalett": {"choice": "ok", "text": ""},
    "ont": {"choice": "0"},
    "humor": {"choices": ["happy", "calm"], "text": ""},
    "anfall": {"choice": "ok", "text": "Ett anfall i månaden."},
    "tander": {"choice": "some", "text": "Det gör ont i en tand."},
    "hora": {"choice": "ok", "text": ""},
    "se": {"choice": "ok", "text": ""},
    "rora": {"choice": "ok", "text": ""},
    "medicin": {"choice": "ok", "text": ""},
    "mens": {"choice": "ok", "text": ""},
    "cellprov_brev": {"choice": "yes"},
    "cellprov_gick": {"choice": "no"},
    "mammografi_brev": {"choice": "no"},
    "vaccin": {"choice": "yes", "text": ""},
    "prata": {"text": "Min tand."},
}
MAJA_ANSWERS_NOW = {
    **MAJA_ANSWERS_BEFORE,
    "sova": {"choice": "much", "text": "Jag vaknar på natten. Jag är trött på dagen."},
    "vikt": {"choice": "down", "text": "3 kilo sedan i våras."},
    "mage": {"choice": "some", "text": ""},
    "ont": {"choice": "2"},
    "var": {"choices": ["stomach"], "text": ""},
    "humor": {"choices": ["calm", "afraid"], "text": "Jag blir orolig när det är mycket folk."},
    "anfall": {"choice": "some", "text": "Två anfall i månaden. Förut ett."},
    "tander": {"choice": "ok", "text": ""},
    "hora": {"choice": "some", "text": "Jag hör sämre på vänster öra."},
    "cellprov_gick": {"choice": "yes"},
    "vaccin": {"choice": "unsure", "text": ""},
    "prata": {"text": "Jag vill prata om att sova. Och om magen."},
}


def _demo_health_questions(*, maja, nurse) -> None:
    """The questions before the health check: Maja's round done 12 months ago, with the answers
    she sent then, and her open round (her booked Hälsokontroll) with the answers she sent
    yesterday, together with the group home's staff. Rounds the demo already has are used."""
    from .models import HealthCheck, HealthQuestionnaire, Visit, VisitType

    now = utcnow()
    rounds = db.session.scalars(
        select(HealthCheck).where(HealthCheck.patient_id == maja.id).order_by(HealthCheck.id)
    ).all()
    year_ago = now - timedelta(days=365)
    before = next(
        (r for r in rounds if r.done_on is not None and r.done_on <= (now - timedelta(days=300)).date()), None
    )
    if before is None:
        before = HealthCheck(
            patient_id=maja.id,
            clinic_id=maja.clinic_id,
            invited_at=year_ago - timedelta(days=30),
            invited_by_id=nurse.id,
            outcome="done",
            done_on=year_ago.date(),
            outcome_at=year_ago,
            outcome_by_id=nurse.id,
        )
        db.session.add(before)
    current = next((r for r in rounds if r.outcome is None), None)
    if current is None:
        booked = db.session.scalars(
            select(Visit)
            .join(VisitType, Visit.visit_type_id == VisitType.id)
            .where(Visit.patient_id == maja.id, VisitType.health_check.is_(True), Visit.starts_at > now)
            .order_by(Visit.starts_at)
        ).first()
        current = HealthCheck(
            patient_id=maja.id,
            clinic_id=maja.clinic_id,
            invited_at=now - timedelta(days=14),
            invited_by_id=nurse.id,
            visit_id=booked.id if booked is not None else None,
        )
        db.session.add(current)
    db.session.flush()
    for check, answers, sent_at in (
        (before, MAJA_ANSWERS_BEFORE, year_ago - timedelta(days=5)),
        (current, MAJA_ANSWERS_NOW, now - timedelta(days=1)),
    ):
        db.session.add(
            HealthQuestionnaire(
                health_check_id=check.id,
                patient_id=maja.id,
                answers=answers,
                status="sent",
                step="kontrollera",
                who="together",
                revision=len(answers) + 2,
                created_at=sent_at - timedelta(hours=1),
                updated_at=sent_at,
                sent_at=sent_at,
                sent_by_id=maja.user_id,
                times_sent=1,
                user_id=maja.user_id,
                acting_as="patient",
            )
        )


def _demo_usual(*, lina, group_home) -> None:
    """ "Så brukar jag vara": Lina's baseline, written by Jonas at her group home, every area in
    her words; a month later he changed how she sleeps (the history shows both)."""
    from .models import UsualRevision

    now = utcnow()
    mandate = next((m for m in lina.mandates if m.representative_id == group_home.id), None)
    first = {
        "sleep": "Jag sover från 21 till 7. Jag somnar fort.",
        "eat_drink": "Jag äter 3 gånger om dagen och ett mellanmål. Jag äter själv. "
        "Jag dricker mest vatten och mjölk.",
        "toilet": "Jag går på toaletten själv. Jag bajsar varje dag, oftast på morgonen.",
        "moving": "Jag går själv. Jag går en promenad med personalen varje dag.",
        "mood": "Jag är oftast glad och lugn. Jag går till daglig verksamhet 4 dagar i veckan. "
        "Jag tycker om att pussla och lyssna på musik.",
        "pain": "Jag säger inte att jag har ont. Jag blir tyst och vill ligga i sängen. "
        "Ibland gnider jag mig där det gör ont.",
        "normal_for_me": "Jag gungar med kroppen när jag tittar på tv. "
        "Jag har hörselkåpor på mig när det är mycket ljud. Det är vanligt för mig.",
    }
    changed = dict(
        first, sleep="Jag sover från 21 till 7. Jag vaknar ofta en gång på natten och går på toaletten."
    )
    for number, (days_ago, texts) in enumerate(((45, first), (12, changed)), start=1):
        db.session.add(
            UsualRevision(
                patient_id=lina.id,
                number=number,
                at=now - timedelta(days=days_ago),
                user_id=group_home.id,
                acting_as="representative",
                mandate_id=mandate.id if mandate else None,
                texts=texts,
            )
        )


def _demo_contact(*, kumla, anna, maja, erik, ali, lina, god_man, relative, group_home) -> None:
    """Kontakta vårdlotsen: Maja asked about her medicine and Anna has answered (Maja has not
    read it yet); Fatima wrote for Ali today (not read yet); Birgitta asked Anna to call her
    about Erik (planned for tomorrow morning); Jonas asked for a call about Lina (waiting)."""
    from .models import (
        AccessAction,
        AccessEvent,
        CallbackRequest,
        CallbackStatus,
        ContactMessage,
        Conversation,
    )

    now = utcnow()

    def mandate_of(patient, rep):
        # None for Jonas, who helps under his home's mandate.
        return next((m for m in patient.mandates if m.representative_id == rep.id), None)

    maja_conversation = Conversation(
        patient_id=maja.id,
        clinic_id=kumla.id,
        assigned_to_id=anna.id,
        created_at=now - timedelta(days=2),
        last_message_at=now - timedelta(days=1),
    )
    maja_conversation.messages = [
        ContactMessage(
            user_id=maja.user_id,
            acting_as="patient",
            phrases=["medicine"],
            text="Jag har snart slut på mina tabletter.",
            notify=True,
            created_at=now - timedelta(days=2),
        ),
        ContactMessage(
            user_id=anna.user_id,
            acting_as="staff",
            from_staff=True,
            text="Vi har skickat ett nytt recept. Du kan hämta medicinen på apoteket.",
            created_at=now - timedelta(days=1),
        ),
    ]
    ali_mandate = mandate_of(ali, relative)
    ali_conversation = Conversation(
        patient_id=ali.id,
        clinic_id=kumla.id,
        created_at=now - timedelta(hours=3),
        last_message_at=now - timedelta(hours=3),
    )
    ali_conversation.messages = [
        ContactMessage(
            user_id=relative.id,
            acting_as="representative",
            mandate_id=ali_mandate.id,
            phrases=["change_time"],
            text="Ali kan inte komma på tisdag. Kan vi byta tid?",
            notify=True,
            created_at=now - timedelta(hours=3),
        )
    ]
    erik_callback = CallbackRequest(
        patient_id=erik.id,
        clinic_id=kumla.id,
        user_id=god_man.id,
        acting_as="representative",
        mandate_id=mandate_of(erik, god_man).id,
        whom="representative",
        phone="0702345678",
        days=["tue", "thu"],
        times=["morning"],
        topics=["talk"],
        text="Om Eriks nya boende.",
        notify=True,
        status=CallbackStatus.PLANNED,
        assigned_to_id=anna.id,
        planned_on=_next_weekday((now + timedelta(days=1)).date()),
        planned_time="morning",
        created_at=now - timedelta(days=1),
    )
    lina_callback = CallbackRequest(
        patient_id=lina.id,
        clinic_id=kumla.id,
        user_id=group_home.id,
        acting_as="representative",
        mandate_id=None,  # Jonas acts under Solgläntan's mandate
        whom="representative",
        phone="019123456",
        days=[],
        times=["afternoon"],
        topics=["medicine"],
        created_at=now - timedelta(hours=6),
    )
    god_man.phone = "0702345678"  # Birgitta ticked "Kom ihåg mitt nummer"
    db.session.add_all([maja_conversation, ali_conversation, erik_callback, lina_callback])
    db.session.flush()
    # Anna opened Maja's message before she answered it, and Birgitta's request.
    for patient, kind, item, minutes in [
        (maja, "conversation", maja_conversation, 1445),
        (erik, "callback", erik_callback, 1380),
    ]:
        db.session.add(
            AccessEvent(
                at=now - timedelta(minutes=minutes),
                user_id=anna.user_id,
                acting_as="staff",
                patient_id=patient.id,
                clinic_id=kumla.id,
                action=AccessAction.READ,
                object_type=kind,
                object_id=item.public_id,
            )
        )


def _demo_changes(*, kumla, maja, erik, lina, god_man, group_home, nurse) -> None:
    """Något har ändrats: Jonas noted two changes for Lina (she sleeps badly since a week; she fell
    yesterday, urgent), Birgitta one for Erik (he eats less); each in the inbox as a conversation.
    Maja and Lina have weights and blood pressures from the last two years, for the charts."""
    from .models import (
        ChangeNote,
        ContactMessage,
        Conversation,
        ConversationKind,
        Measurement,
        MeasurementKind,
    )

    now = utcnow()
    today = datetime.now(CLINIC_ZONE).date()

    def mandate_of(patient, rep):
        # None for Jonas, who helps under his home's mandate.
        return next((m for m in patient.mandates if m.representative_id == rep.id), None)

    def note(patient, rep, area, since, how, urgent, days_ago, key, words):
        at = now - timedelta(days=days_ago)
        row = ChangeNote(
            patient_id=patient.id,
            clinic_id=kumla.id,
            user_id=rep.id,
            acting_as="representative",
            mandate_id=_id(mandate_of(patient, rep)),
            area=area,
            since=since,
            how=how,
            urgent=urgent,
            form_key=f"demo-change-note-{key}",
            created_at=at,
        )
        db.session.add(row)
        db.session.flush()
        conversation = Conversation(
            patient_id=patient.id,
            clinic_id=kumla.id,
            kind=ConversationKind.CHANGE,
            about=row.public_id,
            created_at=at,
            last_message_at=at,
        )
        conversation.messages = [
            ContactMessage(
                user_id=rep.id,
                acting_as="representative",
                mandate_id=row.mandate_id,
                text=("Brådskande.\n" if urgent else "") + words + (f"\nSå här: {how}" if how else ""),
                language="sv",
                created_at=at,
            )
        ]
        db.session.add(conversation)
        db.session.flush()
        row.conversation_id = conversation.id

    note(
        lina,
        group_home,
        "sleep",
        "week",
        "Lina vaknar flera gånger varje natt. Hon är trött på dagen.",
        False,
        3,
        "lina-sleep",
        "Något har ändrats: Sömn.\nSedan när: En vecka eller mer.",
    )
    note(
        lina,
        group_home,
        "fall",
        "today",
        "Lina ramlade i badrummet i morse. Hon har ont i höften.",
        True,
        1,
        "lina-fall",
        "Något har ändrats: Har ramlat.\nSedan när: Sedan i dag.",
    )
    note(
        erik,
        god_man,
        "eat_drink",
        "days",
        "Erik äter mindre än vanligt.",
        False,
        6,
        "erik-eat",
        "Något har ändrats: Äta och dricka.\nSedan när: Några dagar.",
    )

    def measure(patient, months_ago, kg, systolic, diastolic):
        on = today - timedelta(days=30 * months_ago)
        db.session.add_all(
            [
                Measurement(
                    patient_id=patient.id,
                    clinic_id=kumla.id,
                    kind=MeasurementKind.WEIGHT,
                    weight_kg=kg,
                    measured_on=on,
                    recorded_by_id=nurse.id,
                ),
                Measurement(
                    patient_id=patient.id,
                    clinic_id=kumla.id,
                    kind=MeasurementKind.BLOOD_PRESSURE,
                    bp_systolic=systolic,
                    bp_diastolic=diastolic,
                    measured_on=on,
                    recorded_by_id=nurse.id,
                ),
            ]
        )

    for months_ago, kg, systolic, diastolic in (
        # Steady for two years, then 3 kilo lost since the spring (her answers before the check say so).
        (23, 70.8, 128, 82),
        (16, 71.4, 132, 84),
        (11, 71.2, 135, 86),
        (7, 71.5, 138, 88),
        (0, 68.4, 134, 85),
    ):
        measure(maja, months_ago, kg, systolic, diastolic)
    for months_ago, kg, systolic, diastolic in (
        (22, 58.4, 118, 76),
        (12, 57.1, 120, 78),
        (5, 55.6, 116, 74),
        (1, 54.2, 114, 72),
    ):
        measure(lina, months_ago, kg, systolic, diastolic)


def _demo_application(*, group_home, now) -> None:
    """An application to SMO waiting for the vårdlots's answer (Ansökningar, and a line in the
    inbox): Jonas at Solgläntan applies, on the form, for Ove, who has just moved in there."""
    answers = {
        "vem": {"who": "boende"},
        "namn": {"name": "Ove Lindgren"},
        "personnummer": {"personnummer": fictional_personnummer("19580917", "335")},
        "bostad": {"home": group_home.public_id, "address": ""},
        "kontakt": {
            "applicant": "Jonas Lund",
            "organisation": "Solgläntan",
            "phone": "019-55 66 70",
            "email": "jonas.lund@exempel.se",
            "post": "",
        },
        "varfor": {
            "reasons": ["prata", "vanta"],
            "text": "Ove har flyttat till oss. Han pratar med tecken och bilder.",
        },
        "stod": {"needs": ["quiet_room", "pictures", "companion"]},
        "samtycke": {"grounds": "vill", "text": ""},
        "_language": "sv",
    }
    db.session.add(
        Application(
            clinic_id=group_home.clinic_id,
            answers=answers,
            name=answers["namn"]["name"],
            personnummer=answers["personnummer"]["personnummer"],
            created_at=now - timedelta(days=1, hours=3),
        )
    )


def accounts() -> list[tuple[str, str, str]]:
    rows = []
    for u in db.session.scalars(select(User).order_by(User.role, User.name)):
        duties = u.staff_member.duties if u.staff_member is not None else None
        rows.append((u.name, u.email, f"{u.role.value} ({', '.join(duties)})" if duties else u.role.value))
    return rows


def _id(row) -> int | None:
    return row.id if row is not None else None


def _next_weekday(day):
    """The day itself, or the Monday after it if it is a Saturday or Sunday (calls are planned
    on weekdays)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
