"""The pilot's figures, counted in SQL: each query groups one table's rows by clinic and by month
(a CASE over the period's month boundaries, in the clinic's time zone, the same on SQLite and
PostgreSQL) and counts; nothing loops over rows in Python. What can be added up (visits per month)
is added up here from the monthly counts; what cannot (patients active in the period, a median)
is counted again for the whole period.

`Figures.value(measure, clinic_id, bucket)` gives one number: `bucket` is a month key
("2026-03"), `ALL` for the whole period or `NOW` for what holds today; `clinic_id` 0 is all the
clinics counted together. Counts only: no query returns a patient."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Date, Text, and_, case, cast, exists, func, literal, literal_column, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from ..checkup.due_services import done_cutoff
from ..contact.catalogue import PHRASES
from ..core.clock import CLINIC_TIME_ZONE, today
from ..extensions import db
from ..models import (
    AfterVisit,
    AfterVisitRead,
    Application,
    ApplicationStatus,
    Attendance,
    CallAttempt,
    CallbackRequest,
    CallOutcome,
    CheckOutcome,
    Clinic,
    ContactMessage,
    Conversation,
    ConversationKind,
    HealthCheck,
    HomeMandate,
    Mandate,
    MandateKind,
    MandateStatus,
    NeedReview,
    Patient,
    Preparation,
    PreparationStatus,
    UsageCount,
    UsageKind,
    Visit,
    utcnow,
)
from .periods import Period

ALL = "all"  # the whole period
NOW = "now"  # as it is today
EVERY_CLINIC = 0  # all the clinics counted together

HOME = "home"  # a helper under a group home's mandate (the other kinds are MandateKind values)
HELPER_KINDS = (*(kind.value for kind in MandateKind), HOME)
MESSAGE_KINDS = tuple(kind.value for kind in ConversationKind)
CALLBACK_TOPICS = tuple(choice.value for choice in PHRASES)


@dataclass
class Figures:
    period: Period
    clinic_ids: list[int]
    values: dict[str, dict[tuple[int, str], float]] = field(default_factory=dict)

    def value(self, measure: str, clinic_id: int = EVERY_CLINIC, bucket: str = ALL) -> float:
        return self.values.get(measure, {}).get((clinic_id, bucket), 0)

    def has(self, measure: str, clinic_id: int = EVERY_CLINIC, bucket: str = ALL) -> bool:
        return (clinic_id, bucket) in self.values.get(measure, {})

    def _put(self, measure: str, clinic_id: int, bucket: str, value: Any) -> None:
        if value is not None:
            self.values.setdefault(measure, {})[clinic_id, bucket] = float(value)

    def _add_up(self, measures: Iterable[str], over_months: bool = True) -> None:
        """The whole period from the months (`over_months`), and every clinic from each clinic."""
        for measure in measures:
            found = self.values.setdefault(measure, {})
            if over_months:
                for (clinic_id, bucket), value in list(found.items()):
                    if bucket not in (ALL, NOW) and clinic_id != EVERY_CLINIC:
                        found[clinic_id, ALL] = found.get((clinic_id, ALL), 0) + value
            for (clinic_id, bucket), value in list(found.items()):
                if clinic_id != EVERY_CLINIC:
                    found[EVERY_CLINIC, bucket] = found.get((EVERY_CLINIC, bucket), 0) + value


# --- the dialects' few differences ---------------------------------------------------------------


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _hours_between(later, earlier) -> ColumnElement:
    if _dialect() == "postgresql":
        return func.extract("epoch", later - earlier) / 3600.0
    return (func.julianday(later) - func.julianday(earlier)) * 24.0


# The clinic's day of a moment stored in UTC, exactly, summer time included: PostgreSQL's AT TIME
# ZONE, and on SQLite the function `clinic_date` (app/core/clock.py), which Python's zoneinfo works
# out. Without it, a visit just after midnight had yesterday's date, and a review that morning did
# not count for it (a test at 00:25 Swedish time found it); with a fixed two hours on, a visit at
# 23:30 on a winter evening had the next day's date, and a review made the day after counted as
# done before it.


def _local_day_of(moment) -> ColumnElement:
    if _dialect() == "postgresql":
        return cast(func.timezone(CLINIC_TIME_ZONE, moment), Date)
    return func.clinic_date(moment)


def _local_year_before(moment) -> ColumnElement:
    if _dialect() == "postgresql":
        return cast(func.timezone(CLINIC_TIME_ZONE, moment) - literal_column("interval '12 months'"), Date)
    return func.date(func.clinic_date(moment), "-12 months")


# --- buckets ---------------------------------------------------------------------------------------


def _month_of(period: Period, column, dates: bool) -> ColumnElement:
    """The month key of `column` (a moment, or a day with `dates`) within the period."""
    return case(
        *((column < (month.next_first if dates else month.ends_at), month.key) for month in period.months),
        else_=literal(None),
    )


def _within(period: Period, column, dates: bool = False) -> ColumnElement:
    if dates:
        return and_(column >= period.first_day, column < period.end_day)
    return and_(column >= period.starts_at, column < period.ends_at)


def _one(flag) -> ColumnElement:
    return func.sum(case((flag, 1), else_=0))


@dataclass(frozen=True)
class _Grouping:
    """How one query groups: by clinic (or not: every clinic at once) and by month (or not: the
    whole period)."""

    period: Period
    by_clinic: bool = True
    by_month: bool = True

    def columns(self, clinic_column, when_column, dates: bool = False) -> list:
        found = []
        if self.by_clinic:
            found.append(clinic_column.label("clinic_id"))
        if self.by_month:
            found.append(_month_of(self.period, when_column, dates).label("bucket"))
        return found

    def keys(self, row) -> tuple[int, str]:
        mapping = row._mapping
        return (
            mapping["clinic_id"] if self.by_clinic else EVERY_CLINIC,
            mapping["bucket"] if self.by_month else ALL,
        )

    def group(self, query, count: int):
        """GROUP BY the first `count` columns (the clinic and the month, as far as grouped)."""
        return query.group_by(*(literal_column(str(n + 1)) for n in range(count))) if count else query


def _run(figures: Figures, grouping: _Grouping, query, measures: list[str]) -> None:
    width = int(grouping.by_clinic) + int(grouping.by_month)
    for row in db.session.execute(grouping.group(query, width)):
        clinic_id, bucket = grouping.keys(row)
        if bucket is None:
            continue
        for index, measure in enumerate(measures):
            figures._put(measure, clinic_id, bucket, row[width + index] or 0)


# --- the queries ---------------------------------------------------------------------------------


def _visits(figures: Figures, grouping: _Grouping) -> None:
    """The visits that have been in the period: begun by now and not cancelled in Lotsen (a
    visit booked for later has not happened, and is in none of these counts)."""
    prepared = exists().where(
        Preparation.visit_id == Visit.id,
        Preparation.status == PreparationStatus.SUBMITTED.value,
        Preparation.submitted_at <= Visit.starts_at,
    )
    reviewed = exists().where(
        NeedReview.patient_id == Visit.patient_id,
        NeedReview.reviewed_on <= _local_day_of(Visit.starts_at),
        NeedReview.reviewed_on > _local_year_before(Visit.starts_at),
    )
    query = select(
        *grouping.columns(Visit.clinic_id, Visit.starts_at),
        func.count(),
        _one(prepared),
        _one(reviewed),
        *(_one(Visit.attendance == mark.value) for mark in ATTENDANCE_MARKS),
        _one(Visit.attendance.is_(None)),
    ).where(_visits_that_have_been(figures))
    _run(figures, grouping, query, VISIT_MEASURES)


def _visits_that_have_been(figures: Figures) -> ColumnElement:
    return and_(
        Visit.clinic_id.in_(figures.clinic_ids),
        Visit.cancelled_at.is_(None),
        Visit.starts_at <= utcnow(),
        _within(figures.period, Visit.starts_at),
    )


ATTENDANCE_MARKS = (Attendance.CAME, Attendance.NO_SHOW, Attendance.LATE_CANCEL)
VISIT_MEASURES = [
    "visits",
    "visits_prepared",
    "visits_reviewed",
    "attendance_came",
    "attendance_no_show",
    "attendance_late_cancel",
    "attendance_unmarked",
]


def _first_answers(figures: Figures):
    """Each conversation's first answer from staff (clinics and period as counted)."""
    return (
        select(ContactMessage.conversation_id, func.min(ContactMessage.created_at).label("at"))
        .join(Conversation, Conversation.id == ContactMessage.conversation_id)
        .where(
            ContactMessage.from_staff.is_(True),
            Conversation.clinic_id.in_(figures.clinic_ids),
            _within(figures.period, Conversation.created_at),
        )
        .group_by(ContactMessage.conversation_id)
        .subquery()
    )


def _messages(figures: Figures, grouping: _Grouping) -> None:
    answers = _first_answers(figures)
    query = (
        select(
            *grouping.columns(Conversation.clinic_id, Conversation.created_at),
            func.count(),
            _one(answers.c.at.is_not(None)),
            *(_one(Conversation.kind == kind) for kind in MESSAGE_KINDS),
        )
        .outerjoin(answers, answers.c.conversation_id == Conversation.id)
        .where(
            Conversation.clinic_id.in_(figures.clinic_ids), _within(figures.period, Conversation.created_at)
        )
    )
    _run(figures, grouping, query, MESSAGE_MEASURES)


MESSAGE_MEASURES = ["messages", "messages_answered", *(f"messages_{kind}" for kind in MESSAGE_KINDS)]


def _median_answer_hours(figures: Figures, grouping: _Grouping) -> None:
    """The median time from a message to its first answer, in hours, with window functions (the
    middle row, or the mean of the two middle rows, of each group ordered by time)."""
    answers = _first_answers(figures)
    inner = (
        select(
            *grouping.columns(Conversation.clinic_id, Conversation.created_at),
            _hours_between(answers.c.at, Conversation.created_at).label("hours"),
        )
        .join(answers, answers.c.conversation_id == Conversation.id)
        .where(
            Conversation.clinic_id.in_(figures.clinic_ids), _within(figures.period, Conversation.created_at)
        )
        .subquery()
    )
    parts = [inner.c[name] for name in ("clinic_id", "bucket") if name in inner.c]
    ranked = select(
        *parts,
        inner.c.hours,
        func.row_number().over(partition_by=parts or None, order_by=inner.c.hours).label("rn"),
        func.count().over(partition_by=parts or None).label("n"),
    ).subquery()
    keys = [ranked.c[column.name] for column in parts]
    query = select(*keys, func.avg(ranked.c.hours)).where(
        or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    )
    _run(figures, grouping, query, ["answer_hours_median"])


def _callbacks(figures: Figures, grouping: _Grouping) -> None:
    first_ids = (
        select(CallAttempt.callback_id, func.min(CallAttempt.id).label("first_id"))
        .join(CallbackRequest, CallbackRequest.id == CallAttempt.callback_id)
        .where(
            CallbackRequest.clinic_id.in_(figures.clinic_ids),
            _within(figures.period, CallbackRequest.created_at),
        )
        .group_by(CallAttempt.callback_id)
        .subquery()
    )
    first = aliased(CallAttempt)
    topics = cast(CallbackRequest.topics, Text)
    query = (
        select(
            *grouping.columns(CallbackRequest.clinic_id, CallbackRequest.created_at),
            func.count(),
            _one(first_ids.c.first_id.is_not(None)),
            _one(first.outcome == CallOutcome.REACHED.value),
            *(_one(topics.like(f'%"{code}"%')) for code in CALLBACK_TOPICS),
        )
        .outerjoin(first_ids, first_ids.c.callback_id == CallbackRequest.id)
        .outerjoin(first, first.id == first_ids.c.first_id)
        .where(
            CallbackRequest.clinic_id.in_(figures.clinic_ids),
            _within(figures.period, CallbackRequest.created_at),
        )
    )
    _run(figures, grouping, query, CALLBACK_MEASURES)


CALLBACK_MEASURES = [
    "callbacks",
    "callbacks_tried",
    "callbacks_first_try",
    *(f"callbacks_{code}" for code in CALLBACK_TOPICS),
]


def _new_patients(figures: Figures, grouping: _Grouping) -> None:
    """New in Lotsen: when the patient's record was made (Lotsen does not know when a patient
    who was added by the staff joined SMO)."""
    query = select(*grouping.columns(Patient.clinic_id, Patient.created_at), func.count()).where(
        Patient.clinic_id.in_(figures.clinic_ids), _within(figures.period, Patient.created_at)
    )
    _run(figures, grouping, query, ["patients_new"])


def _accepted_applications(figures: Figures, grouping: _Grouping) -> None:
    """Yes to an application for SMO (Ansök om SMO), when the vårdlots said yes: the day a
    patient who applied in Lotsen joined SMO."""
    query = select(*grouping.columns(Application.clinic_id, Application.decided_at), func.count()).where(
        Application.clinic_id.in_(figures.clinic_ids),
        Application.status == ApplicationStatus.ACCEPTED.value,
        Application.decided_at.is_not(None),
        _within(figures.period, Application.decided_at),
    )
    _run(figures, grouping, query, ["patients_accepted"])


def _active_patients(figures: Figures, grouping: _Grouping) -> None:
    """Patients with a visit, a message or a callback request in the month (or the period)."""
    clinics, period = figures.clinic_ids, figures.period
    done = select(
        Visit.clinic_id.label("clinic_id"), Visit.patient_id.label("patient_id"), Visit.starts_at.label("at")
    ).where(_visits_that_have_been(figures))
    wrote = select(Conversation.clinic_id, Conversation.patient_id, Conversation.created_at).where(
        Conversation.clinic_id.in_(clinics), _within(period, Conversation.created_at)
    )
    asked = select(CallbackRequest.clinic_id, CallbackRequest.patient_id, CallbackRequest.created_at).where(
        CallbackRequest.clinic_id.in_(clinics), _within(period, CallbackRequest.created_at)
    )
    events = done.union_all(wrote, asked).subquery()
    query = select(
        *grouping.columns(events.c.clinic_id, events.c.at), func.count(func.distinct(events.c.patient_id))
    )
    _run(figures, grouping, query, ["patients_active"])


def _helpers(figures: Figures) -> None:
    """Patients with at least one helper today, in all and by kind of helper (one patient may
    have several kinds); a group home's mandate is its own kind."""
    on = today()
    personal = (
        select(
            Patient.clinic_id.label("clinic_id"),
            Mandate.patient_id.label("patient_id"),
            cast(Mandate.kind, Text).label("kind"),
        )
        .join(Patient, Patient.id == Mandate.patient_id)
        .where(
            Patient.clinic_id.in_(figures.clinic_ids),
            Mandate.status == MandateStatus.ACTIVE.value,
            or_(Mandate.valid_until.is_(None), Mandate.valid_until >= on),
        )
    )
    home = (
        select(Patient.clinic_id, HomeMandate.patient_id, cast(literal(HOME), Text))
        .join(Patient, Patient.id == HomeMandate.patient_id)
        .where(Patient.clinic_id.in_(figures.clinic_ids), HomeMandate.status == MandateStatus.ACTIVE.value)
    )
    ties = personal.union_all(home).subquery()
    for row in db.session.execute(
        select(ties.c.clinic_id, ties.c.kind, func.count(func.distinct(ties.c.patient_id))).group_by(
            ties.c.clinic_id, ties.c.kind
        )
    ):
        figures._put(f"helpers_{row[1]}", row[0], NOW, row[2])
    for row in db.session.execute(
        select(ties.c.clinic_id, func.count(func.distinct(ties.c.patient_id))).group_by(ties.c.clinic_id)
    ):
        figures._put("helpers_any", row[0], NOW, row[1])
    for row in db.session.execute(
        select(Patient.clinic_id, func.count())
        .where(Patient.clinic_id.in_(figures.clinic_ids))
        .group_by(Patient.clinic_id)
    ):
        figures._put("patients_all", row[0], NOW, row[1])


HELPER_MEASURES = ["patients_all", "helpers_any", *(f"helpers_{kind}" for kind in HELPER_KINDS)]


def _after_visits(figures: Figures, grouping: _Grouping) -> None:
    read = exists().where(AfterVisitRead.summary_id == AfterVisit.id)
    query = select(
        *grouping.columns(AfterVisit.clinic_id, AfterVisit.sent_at), func.count(), _one(read)
    ).where(
        AfterVisit.clinic_id.in_(figures.clinic_ids),
        AfterVisit.sent_at.is_not(None),
        _within(figures.period, AfterVisit.sent_at),
    )
    _run(figures, grouping, query, ["after_sent", "after_read"])


def _health_checks_done(figures: Figures, grouping: _Grouping) -> None:
    query = select(
        *grouping.columns(HealthCheck.clinic_id, HealthCheck.done_on, dates=True), func.count()
    ).where(
        HealthCheck.clinic_id.in_(figures.clinic_ids),
        HealthCheck.outcome == CheckOutcome.DONE.value,
        _within(figures.period, HealthCheck.done_on, dates=True),
    )
    _run(figures, grouping, query, ["checks_done"])


def _health_checks_due(figures: Figures) -> None:
    """Patients whose health check was due by the end of the period (never done, or done long
    enough before the period began), and how many of them had one done in the period."""
    period = figures.period
    months = dict(
        db.session.execute(
            select(Clinic.id, Clinic.health_check_months).where(Clinic.id.in_(figures.clinic_ids))
        ).all()
    )
    last_day = period.end_day - timedelta(days=1)
    cutoffs = {clinic_id: done_cutoff(last_day, n or 12) for clinic_id, n in months.items()}
    if not cutoffs:
        return
    done = CheckOutcome.DONE.value
    before = (
        select(HealthCheck.patient_id, func.max(HealthCheck.done_on).label("last"))
        .where(
            HealthCheck.clinic_id.in_(figures.clinic_ids),
            HealthCheck.outcome == done,
            HealthCheck.done_on < period.first_day,
        )
        .group_by(HealthCheck.patient_id)
        .subquery()
    )
    done_in_period = exists().where(
        HealthCheck.patient_id == Patient.id,
        HealthCheck.outcome == done,
        _within(period, HealthCheck.done_on, dates=True),
    )
    cutoff = case(cutoffs, value=Patient.clinic_id)
    query = (
        select(Patient.clinic_id, func.count(), _one(done_in_period))
        .outerjoin(before, before.c.patient_id == Patient.id)
        .where(
            Patient.clinic_id.in_(figures.clinic_ids),
            Patient.created_at < period.ends_at,
            or_(before.c.last.is_(None), before.c.last <= cutoff),
        )
        .group_by(Patient.clinic_id)
    )
    for row in db.session.execute(query):
        figures._put("checks_due", row[0], ALL, row[1])
        figures._put("checks_due_done", row[0], ALL, row[2] or 0)


def _usage(figures: Figures, grouping: _Grouping) -> None:
    query = select(
        *grouping.columns(UsageCount.clinic_id, UsageCount.day, dates=True),
        func.sum(case((UsageCount.kind == UsageKind.SPEECH_PLAY.value, UsageCount.count), else_=0)),
        func.sum(case((UsageCount.kind == UsageKind.EASY_READ_PAGE.value, UsageCount.count), else_=0)),
    ).where(UsageCount.clinic_id.in_(figures.clinic_ids), _within(figures.period, UsageCount.day, dates=True))
    _run(figures, grouping, query, ["speech_plays", "easy_read_pages"])


# What the months add up to; the others are counted again for the whole period.
ADDITIVE: list[tuple[Callable[[Figures, _Grouping], None], list[str]]] = [
    (_visits, VISIT_MEASURES),
    (_messages, MESSAGE_MEASURES),
    (_callbacks, CALLBACK_MEASURES),
    (_new_patients, ["patients_new"]),
    (_accepted_applications, ["patients_accepted"]),
    (_after_visits, ["after_sent", "after_read"]),
    (_health_checks_done, ["checks_done"]),
    (_usage, ["speech_plays", "easy_read_pages"]),
]


def count(period: Period, clinic_ids: list[int], *, every_clinic_median: bool = False) -> Figures:
    """Every figure of `clinic_ids` for `period`, per clinic and month, for the whole period and
    for all the clinics together (a median for all the clinics together only with
    `every_clinic_median`: it is counted again, it cannot be added up)."""
    figures = Figures(period, list(clinic_ids))
    if not figures.clinic_ids:
        return figures
    monthly = _Grouping(period)
    whole = _Grouping(period, by_month=False)
    for query, measures in ADDITIVE:
        query(figures, monthly)
        figures._add_up(measures)
    for grouping in (monthly, whole):
        _active_patients(figures, grouping)
        _median_answer_hours(figures, grouping)
    figures._add_up(["patients_active"], over_months=False)
    if every_clinic_median:
        for grouping in (
            _Grouping(period, by_clinic=False),
            _Grouping(period, by_clinic=False, by_month=False),
        ):
            _median_answer_hours(figures, grouping)
    _helpers(figures)
    figures._add_up(HELPER_MEASURES, over_months=False)
    _health_checks_due(figures)
    figures._add_up(["checks_due", "checks_due_done"], over_months=False)
    return figures


__all__ = ["ALL", "EVERY_CLINIC", "NOW", "Figures", "count"]
