"""The manager's "Vem gjorde vad": what the home's people did for its residents (the access log,
under the home's mandate) and what happened at the home itself (the home's own log: staff
invited and removed, the tablet marked, the lock time changed; app/core/home_log.py), newest
first, a day at a time, in the words of the patient's log, filtered by resident or by person, a
page at a time.

Only what matters to a manager is listed: what was read and written for a resident, messages
sent, visits prepared, needs changed. Opening an empty form, tapping read-aloud, and reading
the log itself are not. A person who has left the home keeps their lines, named "(slutat)"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ..core import audit
from ..core.access import AccessDenied, decide
from ..core.audit_words import patient_line, role
from ..core.grants import Capability, Grant
from ..extensions import db
from ..models import (
    AccessAction,
    AccessEvent,
    GroupHome,
    GroupHomeMember,
    HomeEvent,
    HomeEventKind,
    HomeMandate,
    User,
)
from ..templating import clock_time, day_heading

PAGE_SIZE = 30
# Pages further back than this are not offered (a year of a busy home is far fewer).
MAX_PAGE = 200

# Patient-side pages whose read is only the opening of a form (what is sent from them is
# logged as a write of its own: "skrev ett meddelande", "ändrade Eriks förberedelse").
FORM_PAGES = frozenset(
    {
        "contact.write",
        "contact.reply",
        "contact.callback_new",
        "contact.callback_cancel",
        "changes.new",
        "changes.send",
        "prepare.start",
        "prepare.step",
        "prepare.review",
        "prepare.reopen",
        "visits.request_visit",
        "visits.change_request",
        "needs.suggest",
        "needs.usual_edit",
        "questions.start",
        "questions.step",
        "questions.review",
        "questions.reopen",
        "aftervisit.question",
        "checkup.answer",
        "patient.preferences",
    }
)
# Never listed: read-aloud (any action) and reading a log.
NOT_LISTED = frozenset({"speech.clip", "grouphome.log", "patient.access_log"})

HOME_EVENT_PICTURES = {
    HomeEventKind.MEMBER_INVITED: "envelope",
    HomeEventKind.INVITATION_SENT_AGAIN: "envelope",
    HomeEventKind.INVITATION_WITHDRAWN: "no",
    HomeEventKind.MEMBER_JOINED: "door-in",
    HomeEventKind.MEMBER_REMOVED: "door-out",
    HomeEventKind.TABLET_MARKED: "lock",
    HomeEventKind.TABLET_REMOVED: "lock",
    HomeEventKind.LOCK_TIME_CHANGED: "clock",
}


@dataclass
class LogLine:
    at: datetime
    words: str
    picture: str

    @property
    def time(self) -> str:
        return clock_time(self.at)


@dataclass
class LogDay:
    heading: str
    lines: list[LogLine] = field(default_factory=list)


@dataclass
class HomeLog:
    days: list[LogDay]
    page: int
    more: bool  # an older page follows


@dataclass(frozen=True)
class Person:
    """Someone who works or worked at the home, for the filter: one entry per account."""

    public_id: str  # of their newest membership
    user_id: int
    name: str
    current: bool

    @property
    def label(self) -> str:
        return self.name if self.current else _("%(name)s (slutat)", name=self.name)


def people(home: GroupHome) -> list[Person]:
    """Everyone who works or worked at the home (invited only and never accepted: not), by name."""
    found: dict[int, Person] = {}
    for member in home.members:  # oldest first: the newest membership wins
        if member.invited_only:
            continue
        current = member.ended_at is None and member.user.active
        earlier = found.get(member.user_id)
        found[member.user_id] = Person(
            member.public_id, member.user_id, member.user.name, current or bool(earlier and earlier.current)
        )
    return sorted(found.values(), key=lambda p: p.name.casefold())


def resident_grants(member: GroupHomeMember) -> dict[int, Grant]:
    """The residents the manager may see today (by patient id), with the grant to read their log."""
    grants: dict[int, Grant] = {}
    for mandate in member.home.mandates:
        if mandate.patient_id in grants:
            continue
        try:
            grants[mandate.patient_id] = decide(member.user, mandate.patient, Capability.SEE)
        except AccessDenied:
            continue
    return grants


def home_log(
    member: GroupHomeMember,
    grants: dict[int, Grant],
    *,
    patient_id: int | None = None,
    person: Person | None = None,
    page: int = 1,
) -> HomeLog:
    """One page of the log for the manager `member`, for one resident or all the manager may see
    (`grants`), by one person or all. Reading it is a read of each resident's log shown."""
    home, viewer = member.home, member.user
    page = max(1, min(page, MAX_PAGE))
    wanted = PAGE_SIZE * page + 1
    shown = [patient_id] if patient_id is not None else list(grants)
    events: list[AccessEvent] = []
    if shown:
        query = (
            select(AccessEvent)
            .join(HomeMandate, AccessEvent.home_mandate_id == HomeMandate.id)
            .where(HomeMandate.home_id == home.id, AccessEvent.patient_id.in_(shown))
            .where(AccessEvent.object_type.not_in(NOT_LISTED))
            .where(~((AccessEvent.action == AccessAction.READ) & AccessEvent.object_type.in_(FORM_PAGES)))
            # As the patient's log: not the viewer's own reads (they know what they looked at).
            .where(~((AccessEvent.user_id == viewer.id) & (AccessEvent.action == AccessAction.READ)))
        )
        if person is not None:
            query = query.where(AccessEvent.user_id == person.user_id)
        events = list(
            db.session.scalars(query.order_by(AccessEvent.at.desc(), AccessEvent.id.desc()).limit(wanted))
        )
    happenings: list[HomeEvent] = []
    if patient_id is None:  # the home's own events are about no resident
        query = select(HomeEvent).where(HomeEvent.home_id == home.id)
        if person is not None:
            about = [m.id for m in home.members if m.user_id == person.user_id]
            query = query.where((HomeEvent.actor_id == person.user_id) | HomeEvent.member_id.in_(about))
        happenings = list(
            db.session.scalars(query.order_by(HomeEvent.at.desc(), HomeEvent.id.desc()).limit(wanted))
        )
    working = {m.user_id for m in home.members if m.ended_at is None and m.user.active}
    worked = {m.user_id for m in home.members if not m.invited_only}
    rows: list[tuple[datetime, AccessEvent | HomeEvent]] = [(e.at, e) for e in events]
    rows += [(h.at, h) for h in happenings]
    rows.sort(key=lambda row: row[0], reverse=True)
    chosen = rows[PAGE_SIZE * (page - 1) : PAGE_SIZE * page]
    days: list[LogDay] = []
    for at, row in chosen:
        if isinstance(row, AccessEvent):
            line = _access_line(row, grants, viewer, working, worked)
        else:
            line = _home_line(row, viewer, working, worked)
        heading = day_heading(at)
        if not days or days[-1].heading != heading:
            days.append(LogDay(heading))
        days[-1].lines.append(line)
    for pid in {e.patient_id for _at, e in chosen if isinstance(e, AccessEvent)} or set(shown):
        if pid in grants:
            audit.record(grants[pid], AccessAction.READ, "grouphome.log")
    db.session.commit()
    return HomeLog(days=days, page=page, more=len(rows) > PAGE_SIZE * page)


def _name(user: User | None, viewer: User, working: set[int], worked: set[int]) -> str:
    """Who, for the log: "Du", the name, "Jonas Lund (slutat)" for someone who has left the
    home, "Anna Lindqvist (vårdcentralen)" for the clinic's staff."""
    if user is None:
        return _("Någon")
    if user.id == viewer.id:
        return _("Du")
    if user.staff_member is not None:
        return _("%(name)s (vårdcentralen)", name=user.name)
    if user.id in worked and user.id not in working:
        return _("%(name)s (slutat)", name=user.name)
    return user.name


def _access_line(
    event: AccessEvent, grants: dict[int, Grant], viewer: User, working: set[int], worked: set[int]
) -> LogLine:
    patient = grants[event.patient_id].patient if event.patient_id in grants else event.patient
    who = None if event.user_id == viewer.id else _name(event.user, viewer, working, worked)
    _words, picture = role(event)
    return LogLine(event.at, patient_line(event, patient, viewer, who=who), picture)


def _home_line(event: HomeEvent, viewer: User, working: set[int], worked: set[int]) -> LogLine:
    who = _name(event.actor, viewer, working, worked)
    name = ""
    if event.member is not None:
        # The removal says itself that they left: no "(slutat)" there.
        removed = event.kind is HomeEventKind.MEMBER_REMOVED
        name = event.member.user.name if removed else _name(event.member.user, viewer, working, worked)
    return LogLine(
        event.at, home_event_words(event.kind, who, name, event.detail), HOME_EVENT_PICTURES[event.kind]
    )


def home_event_words(kind: HomeEventKind, who: str, name: str, detail: str) -> str:
    """One event of the home's own log as a sentence: "Sara Nilsson bjöd in Jonas Lund."."""
    if kind is HomeEventKind.MEMBER_INVITED:
        return _("%(who)s bjöd in %(name)s att arbeta här.", who=who, name=name)
    if kind is HomeEventKind.INVITATION_SENT_AGAIN:
        return _("%(who)s skickade inbjudan till %(name)s igen.", who=who, name=name)
    if kind is HomeEventKind.INVITATION_WITHDRAWN:
        return _("%(who)s tog bort inbjudan till %(name)s.", who=who, name=name)
    if kind is HomeEventKind.MEMBER_JOINED:
        return _("%(name)s tackade ja och började arbeta här.", name=name)
    if kind is HomeEventKind.MEMBER_REMOVED:
        return _("%(who)s tog bort %(name)s. Hen arbetar inte här längre.", who=who, name=name)
    if kind is HomeEventKind.TABLET_MARKED:
        return _("%(who)s gjorde en surfplatta till boendets surfplatta.", who=who)
    if kind is HomeEventKind.TABLET_REMOVED:
        return _("%(who)s tog bort en surfplatta. Den är inte boendets längre.", who=who)
    minutes = detail.rpartition("->")[2]
    if minutes.isdigit():
        return ngettext(
            "%(who)s ändrade när surfplattan låses. Nu låses den efter %(num)d minut.",
            "%(who)s ändrade när surfplattan låses. Nu låses den efter %(num)d minuter.",
            int(minutes),
            who=who,
        )
    return _("%(who)s ändrade när surfplattan låses.", who=who)
