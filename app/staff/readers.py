"""Who reads on the patient's side, and in what language: the patient (if they have an account
of their own), each helper whose mandate is in force, and each person who works at a group home
whose mandate for the patient is in force ("Jonas Lund (Solgläntan)"), with their relation to the
patient, the language and easy-read setting of their account, and whether they may see what the
vårdlots writes (the conversations and callbacks need the "se uppgifter" scope, as
`app.core.access.decide` says). A person with a personal mandate too is named by it.

Staff pages show it ("Fatima Hassan (anhörig med samtycke) läser arabiska, lättläst"), so that an
answer is written for the people who will read it; the conversation and callback pages add who
is told by e-mail (app/contact/conversations.py, callbacks.py, which e-mail exactly those).

The readers of any number of patients come from two queries, however many there are, and a
third (with its loads) when one of them lives at a group home.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..clinic_words import FORM_NAMES, reader_form
from ..core.clock import today
from ..extensions import db
from ..models import (
    GroupHome,
    GroupHomeMember,
    HomeMandate,
    Mandate,
    MandateStatus,
    Patient,
    Role,
    Scope,
    User,
)
from ..templating import list_words
from .services import mandate_kind_text


@dataclass(frozen=True)
class Reader:
    """One person on the patient's side who may read what the clinic writes."""

    user: User
    name: str
    relation: str  # "patienten", or the mandate's kind for a helper ("god man")
    is_patient: bool
    language: str  # "sv", "en", "ar"
    easy: bool
    sees: bool  # may open the conversations and callbacks (and so read the answer)
    signed_in: bool  # has set a password: has used, or can use, Lotsen
    told: bool = False  # gets an e-mail when the answer comes (set per conversation or callback)
    home: str = ""  # the group home whose mandate they read under, if not a personal one

    @property
    def form(self) -> str:
        """The form of a text this reader reads best ("ar", "sv_easy" …; app/clinic_words.py)."""
        return reader_form(self.language, self.easy)

    @property
    def who(self) -> str:
        """ "Fatima Hassan (anhörig med samtycke)", "Ali Hassan (patienten)"."""
        return f"{self.name} ({self.relation})"

    @property
    def language_word(self) -> str:
        return str(FORM_NAMES.get(self.language) or self.language)

    @property
    def words(self) -> str:
        """ "Fatima Hassan (anhörig med samtycke) läser arabiska, lättläst"."""
        if self.easy:
            return _("%(who)s läser %(language)s, lättläst", who=self.who, language=self.language_word)
        return _("%(who)s läser %(language)s", who=self.who, language=self.language_word)

    @property
    def notes(self) -> list[str]:
        """What else staff should know about this reader, in short phrases."""
        found = []
        if not self.sees:
            found.append(_("ser inte meddelanden och svar (får inte se uppgifter)"))
        elif not self.signed_in:
            found.append(_("har inte loggat in i Lotsen än"))
        if self.told:
            found.append(_("får e-post när svaret kommer"))
        return found


def _patient_reader(patient: Patient, user: User | None) -> Reader | None:
    if user is None or not user.active:
        return None
    return Reader(
        user=user,
        name=patient.name,
        relation=_("patienten"),
        is_patient=True,
        language=user.language or "sv",
        easy=bool(user.easy_read),
        sees=True,
        signed_in=user.password_hash is not None,
    )


def _helper_reader(mandate: Mandate | HomeMandate, user: User, home: str = "") -> Reader | None:
    """A helper reading under `mandate`: a personal one (named by its kind, "god man"), or the
    mandate of the group home `home` they work at (named by the home)."""
    if not user.active or user.role is not Role.REPRESENTATIVE:
        return None
    return Reader(
        user=user,
        name=user.name,
        relation=home or mandate_kind_text(mandate),
        is_patient=False,
        language=user.language or "sv",
        easy=bool(user.easy_read),
        sees=Scope.SEE in mandate.scopes,
        signed_in=user.password_hash is not None,
        home=home,
    )


def readers_of(patients: Iterable[Patient]) -> dict[int, list[Reader]]:
    """Each patient's readers (by patient id): the patient first, then the helpers by name.
    Mandates revoked, run out or not yet in force are left out, as are accounts switched off."""
    patients = list(patients)
    ids = [p.id for p in patients]
    found: dict[int, list[Reader]] = {pid: [] for pid in ids}
    if not ids:
        return found
    user_ids = [p.user_id for p in patients if p.user_id is not None]
    users = (
        {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))} if user_ids else {}
    )
    mandates = db.session.scalars(
        select(Mandate)
        .options(joinedload(Mandate.representative))
        .where(Mandate.patient_id.in_(ids), Mandate.status == MandateStatus.ACTIVE)
        .order_by(Mandate.id)
    ).all()
    on = today()
    helpers: dict[int, dict[int, Reader]] = {pid: {} for pid in ids}
    for mandate in mandates:
        # As `app.core.access.active_mandate`: the first mandate in force for each helper.
        if mandate.effective_status(on) is not MandateStatus.ACTIVE:
            continue
        if mandate.representative_id in helpers[mandate.patient_id]:
            continue
        reader = _helper_reader(mandate, mandate.representative)
        if reader is not None:
            helpers[mandate.patient_id][mandate.representative_id] = reader
    # As `app.core.access.active_home_mandate`: the staff of a home whose mandate is in force,
    # while they work there, unless a personal mandate names them already.
    at_homes = [p.id for p in patients if p.group_home_id is not None]
    home_mandates = (
        db.session.scalars(
            select(HomeMandate)
            .options(
                selectinload(HomeMandate.home)
                .selectinload(GroupHome.members)
                .options(joinedload(GroupHomeMember.user), selectinload(GroupHomeMember.invitations))
            )
            .where(HomeMandate.patient_id.in_(at_homes), HomeMandate.status == MandateStatus.ACTIVE)
            .order_by(HomeMandate.id)
        ).all()
        if at_homes
        else []
    )
    for home_mandate in home_mandates:
        for member in home_mandate.home.members:
            if member.user_id in helpers[home_mandate.patient_id]:
                continue
            reader = (
                _helper_reader(home_mandate, member.user, home_mandate.home.name) if member.active else None
            )
            if reader is not None:
                helpers[home_mandate.patient_id][member.user_id] = reader
    for patient in patients:
        own = _patient_reader(patient, users.get(patient.user_id) if patient.user_id else None)
        others = sorted(helpers[patient.id].values(), key=lambda r: r.name.casefold())
        found[patient.id] = ([own] if own else []) + others
    return found


def patient_readers(patient: Patient) -> list[Reader]:
    return readers_of([patient])[patient.id]


def told(readers: list[Reader], user_ids: Iterable[int]) -> list[Reader]:
    """The readers, with those among `user_ids` who may see the answer marked as told by e-mail."""
    wanted = set(user_ids)
    return [replace(r, told=r.sees and r.user.id in wanted) for r in readers]


def first_by(readers: list[Reader], user_ids: Iterable[int]) -> list[Reader]:
    """The readers with those in `user_ids` first, in that order (newest writer first, say)."""
    order = {uid: index for index, uid in enumerate(dict.fromkeys(user_ids))}
    return sorted(readers, key=lambda r: order.get(r.user.id, len(order)))


@dataclass(frozen=True)
class ReaderSummary:
    """What the staff pages say about the readers of one answer (or of the patient's pages)."""

    readers: list[Reader]

    @property
    def seeing(self) -> list[Reader]:
        return [r for r in self.readers if r.sees]

    @property
    def main(self) -> Reader | None:
        """The reader an answer is written for first: the first who may see it."""
        return next(iter(self.seeing), None)

    @property
    def names(self) -> str:
        """ "Ali Hassan och Fatima Hassan (anhörig med samtycke)"."""
        return list_words(r.who for r in self.seeing)

    @property
    def languages(self) -> list[str]:
        """The languages those who see it read, each once, the main reader's first."""
        return list(dict.fromkeys(r.language for r in self.seeing))

    @property
    def mixed(self) -> str:
        """ "" when all who see it read one language; else the plain words saying who reads
        which ("De läser olika språk: svenska (Ali Hassan), arabiska (Fatima Hassan).")."""
        if len(self.languages) < 2:
            return ""
        parts = []
        for language in self.languages:
            who = [r.name for r in self.seeing if r.language == language]
            word = str(FORM_NAMES.get(language) or language)
            parts.append(f"{word} ({list_words(who)})")
        return _("De läser olika språk: %(parts)s.", parts="; ".join(parts))

    @property
    def easy(self) -> list[Reader]:
        return [r for r in self.seeing if r.easy]
