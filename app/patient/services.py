"""The patient's own pages: what the patient, or someone who helps them, sees."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from babel.dates import format_time
from flask_babel import get_locale, to_user_timezone
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from .. import i18n
from ..core import audit_words
from ..core.words import SCOPE_WORDS
from ..extensions import db
from ..models import AccessAction, AccessEvent, HomeMandate, Mandate, Patient, User
from ..templating import day_heading

# The patient's log: lines on a page, and how close in time one person's repeated actions on one
# thing must be to fold into one line ("Du ändrade din förberedelse 12 gånger").
LINES_PER_PAGE = 30
FOLD_GAP = timedelta(hours=1)
_BATCH = 200


@dataclass
class LogLine:
    """One line of the patient's log: one event, or one person's repeated action on one thing."""

    events: list[AccessEvent] = field(default_factory=list)  # newest first

    @property
    def newest(self) -> AccessEvent:
        return self.events[0]

    @property
    def count(self) -> int:
        return len(self.events)


@dataclass
class LogDay:
    heading: str
    lines: list[LogLine]


@dataclass
class LogPage:
    days: list[LogDay]
    next_from: int | None  # the event the next page starts at, or None when this is the last
    people: list[tuple[str, str, str]]  # (name, role in words, pictogram) of the others on it
    names: dict[int | None, str]  # what the lines call each person (see `_names`)


def _visible(patient: Patient, viewer: User):
    """The patient's events the viewer sees: all but their own reads (they know what they looked
    at, and those would drown the rest)."""
    return (
        select(AccessEvent)
        .where(AccessEvent.patient_id == patient.id)
        .where(~((AccessEvent.user_id == viewer.id) & (AccessEvent.action == AccessAction.READ)))
    )


def _stream(patient: Patient, viewer: User, since: datetime | None) -> Iterator[AccessEvent]:
    """The visible events, newest first, from `since` (or the newest) down, fetched in batches."""
    query = _visible(patient, viewer).options(
        selectinload(AccessEvent.user).selectinload(User.staff_member), selectinload(AccessEvent.mandate)
    )
    if since is not None:
        query = query.where(AccessEvent.at <= since)
    last: AccessEvent | None = None
    while True:
        batch = query
        if last is not None:
            batch = batch.where(
                or_(AccessEvent.at < last.at, and_(AccessEvent.at == last.at, AccessEvent.id < last.id))
            )
        rows = db.session.scalars(
            batch.order_by(AccessEvent.at.desc(), AccessEvent.id.desc()).limit(_BATCH)
        ).all()
        yield from rows
        if len(rows) < _BATCH:
            return
        last = rows[-1]


def _fold_key(event: AccessEvent) -> tuple:
    """What a line says: who, in what capacity, did what to which thing. Events that would make
    the same line fold; a page and its print version, or two visits, read the same to the patient."""
    logged = audit_words.LOGGED.get(event.object_type)
    return (event.user_id, event.acting_as, event.action, logged.patient if logged else event.object_type)


def _local_day(moment: datetime) -> date:
    return to_user_timezone(moment).date()


def access_log_page(patient: Patient, viewer: User, start: int | None = None) -> LogPage | None:
    """One page of the patient's access log, newest first, folded and grouped by day; None when
    `start` is not an event of this log the viewer can see.

    Lines are the same whatever page they fall on: a run of one person's action on one thing
    (same user, action and thing, each within FOLD_GAP of the next, on one day) is one line,
    placed by its newest event, and pages end between lines. A page that starts at event `start`
    first reads the events just above it (within FOLD_GAP), so that the older events of runs
    shown on an earlier page are not shown again.
    """
    first: AccessEvent | None = None
    if start is not None:
        first = db.session.scalar(_visible(patient, viewer).where(AccessEvent.id == start))
        if first is None:
            return None
    lines: list[LogLine] = []
    runs: dict[tuple, tuple[LogLine | None, AccessEvent]] = {}  # key -> (line, its oldest event)
    next_from: int | None = None
    since = first.at + FOLD_GAP if first is not None else None
    for event in _stream(patient, viewer, since):
        if next_from is not None and not _open(runs, event):
            break  # every line of this page is complete
        earlier = first is not None and (event.at, event.id) > (first.at, first.id)
        key = _fold_key(event)
        run = runs.get(key)
        day = _local_day(event.at)
        if run is not None and run[1].at - event.at <= FOLD_GAP and _local_day(run[1].at) == day:
            line = run[0]
            if line is not None:
                line.events.append(event)
            runs[key] = (line, event)
            continue
        if earlier:  # a run shown on an earlier page
            runs[key] = (None, event)
            continue
        if next_from is not None:
            continue  # the next page's
        if len(lines) == LINES_PER_PAGE:
            next_from = event.id
            runs[key] = (None, event)
        else:
            line = LogLine([event])
            lines.append(line)
            runs[key] = (line, event)
    return LogPage(_days(lines), next_from, _people(lines, patient, viewer), _names(lines))


def _open(runs, event: AccessEvent) -> bool:
    """Whether a line of this page may still take in older events than `event`."""
    day = _local_day(event.at)
    return any(
        line is not None and oldest.at - event.at <= FOLD_GAP and _local_day(oldest.at) == day
        for line, oldest in runs.values()
    )


def _days(lines: list[LogLine]) -> list[LogDay]:
    days: list[LogDay] = []
    for line in lines:
        heading = day_heading(line.newest.at)
        if not days or days[-1].heading != heading:
            days.append(LogDay(heading, []))
        days[-1].lines.append(line)
    return days


def _people(lines: list[LogLine], patient: Patient, viewer: User) -> list[tuple[str, str, str]]:
    """Who the others on the page are, once each: the lines name people, the list says their role."""
    people: dict[int, tuple[str, str, str]] = {}
    for line in lines:
        event = line.newest
        if event.user is None or event.user_id == viewer.id or event.user_id in people:
            continue
        if event.user_id is None or event.user_id == patient.user_id:
            continue
        words, picture = audit_words.role(event)
        if words:
            people[event.user_id] = (event.user.name, words, picture)
    return sorted(people.values(), key=lambda person: person[0].casefold())


def _names(lines: list[LogLine]) -> dict[int | None, str]:
    """In easy read, the lines call people by their first name ("Anna såg ditt besök"), as people
    do, and "Vem är vem?" gives the whole name and the role; two people on the page with the same
    first name keep their whole names. Otherwise everyone has their whole name."""
    users = {line.newest.user.id: line.newest.user for line in lines if line.newest.user}
    if not i18n.easy_read_enabled():
        return {user_id: user.name for user_id, user in users.items()}
    firsts = Counter(_first_name(user.name) for user in users.values())
    return {
        user_id: (_first_name(user.name) if firsts[_first_name(user.name)] == 1 else user.name)
        for user_id, user in users.items()
    }


def _first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


def line_time(line: LogLine) -> str:
    """When a line happened, as a clock time under its day: "14:20", or "14:05–14:20"."""
    locale = get_locale() or "sv"
    last = format_time(to_user_timezone(line.newest.at), "HH:mm", locale=locale)
    if line.count == 1:
        return last
    first = format_time(to_user_timezone(line.events[-1].at), "HH:mm", locale=locale)
    return last if first == last else _("%(first)s–%(last)s", first=first, last=last)


def line_words(log: LogPage, line: LogLine, patient: Patient, viewer: User) -> str:
    return audit_words.patient_line(
        line.newest, patient, viewer, num=line.count, who=log.names.get(line.newest.user_id)
    )


def line_picture(line: LogLine) -> tuple[str, str]:
    """The pictogram of whoever did it, and its name for screen readers (their role)."""
    words, picture = audit_words.role(line.newest)
    return picture, words


def mandate_words(mandate: Mandate | HomeMandate) -> list[str]:
    """What a representative may do, in words (by a personal mandate, or a home's)."""
    return [str(SCOPE_WORDS[scope]) for scope in sorted(mandate.scopes, key=list(SCOPE_WORDS).index)]
