"""What every template can use: the locale and direction, the acting patient, pictograms."""

from __future__ import annotations

import re
from datetime import datetime

import flask_babel
from babel.dates import format_date, format_time
from babel.lists import format_list
from flask import Flask, current_app, request
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user
from markupsafe import Markup, escape

from . import bodymap, i18n
from .core import drafts
from .core.access import acting_patient
from .core.words import about_her
from .models import Role
from .pictograms import draw_by_reference, pictogram, sheet_version
from .readability import visible_text
from .speech import service as speech
from .speech.public import is_interface_text
from .speech.spoken import script_of

# Pages for patients and the people who help them are read aloud; staff and admin pages are not.
_NOT_READ_ALOUD = ("staff", "admin")


def when(moment: datetime) -> str:
    """A moment as people say it, in their language: "tisdag 24 november 2026, klockan 17:05"."""
    local = to_user_timezone(moment)
    locale = i18n.current_locale() or "sv"
    day = format_date(local, "full", locale=locale)
    time = format_time(local, "HH:mm", locale=locale)
    return _("%(day)s, klockan %(time)s", day=day, time=time)


def recently(moment: datetime, now: datetime | None = None) -> str:
    """A recent moment in words, as people say it: "i dag klockan 14:20", "i går klockan 9:05",
    "måndag klockan 14:20" within a week, else "23 november klockan 14:20" (with the year
    when it is another year). Easier to read and to hear than "2026-11-23 14:20"."""
    days, day = days_ago(moment, now)
    time = format_time(to_user_timezone(moment), "HH:mm", locale=i18n.current_locale() or "sv")
    if days == 0:
        return _("i dag klockan %(time)s", time=time)
    if days == 1:
        return _("i går klockan %(time)s", time=time)
    return _("%(day)s klockan %(time)s", day=day, time=time)


def days_ago(moment: datetime, now: datetime | None = None) -> tuple[int, str]:
    """How many days before today `moment` was, in the user's time zone, and its day as people
    say it when it is not today or yesterday: the weekday within a week ("måndag"), else the date
    ("23 november", with the year when it is another year)."""
    local = to_user_timezone(moment)
    today = to_user_timezone(now or datetime.now(local.tzinfo)).date()
    locale = i18n.current_locale() or "sv"
    days = (today - local.date()).days
    if 1 < days < 7:
        day = format_date(local, "EEEE", locale=locale)
    elif local.year == today.year:
        day = format_date(local, "d MMMM", locale=locale)
    else:
        day = format_date(local, "d MMMM y", locale=locale)
    return days, day


def day_heading(moment: datetime, now: datetime | None = None) -> str:
    """The day of a moment as a heading, said as the patient side says days (see `recently`):
    "I dag", "I går", "Måndag" within a week, else "23 november" (with the year when it is
    another year)."""
    days, day = days_ago(moment, now)
    if days == 0:
        return _("I dag")
    if days == 1:
        return _("I går")
    return day[:1].upper() + day[1:]


def clock_time(moment: datetime) -> str:
    """The time of day of a moment, on the 24-hour clock, in the user's time zone: "14:20"."""
    return format_time(to_user_timezone(moment), "HH:mm", locale=i18n.current_locale() or "sv")


def short_moment(moment: datetime, format: str = "short") -> str:  # noqa: A002 (the filter's name)
    """Flask-Babel's `datetimeformat`, but always with the 24-hour clock (Swedish care, and what
    the clinic says on the phone), also in locales whose short form has AM/PM."""
    if format != "short":
        return flask_babel.format_datetime(moment, format)
    local = to_user_timezone(moment)
    locale = i18n.current_locale() or "sv"
    return f"{format_date(local, 'short', locale=locale)} {format_time(local, 'HH:mm', locale=locale)}"


def read_aloud_here() -> bool:
    """Whether this page offers read-aloud: the user wants it and the page is for patients.

    An error page is for whoever met it (a patient sent to a staff address gets its 403 read
    aloud too), so there only the viewer's role counts, not the address's blueprint."""
    from flask import g

    error_page = g.get("error_page", False)
    return i18n.per_request(
        "read_aloud_here" + ("_error" if error_page else ""),
        lambda: (
            i18n.read_aloud_enabled()
            and (request.blueprint not in _NOT_READ_ALOUD or error_page)
            and not (current_user.is_authenticated and current_user.role in (Role.STAFF, Role.ADMIN))
        ),
        "read_aloud",
    )


def remember_submit(text: str) -> str:
    """Called by the `submit` macro: the page's first main button, so that the notice that gives
    back what was typed can name the button to press ("Tryck sedan på Spara")."""
    from flask import g

    g.setdefault("submit_label", str(text))
    return ""


def drafts_to_announce() -> list:
    """Once, on the first page shown after a sign-in: what the person typed before and is kept
    for them (a timeout, "Logga ut" or "Det är inte jag" on the home's tablet), so that they know
    it is there and can open it with one tap, not only if they happen to open the same form."""
    from flask import session

    if not current_user.is_authenticated or not session.pop(drafts.ANNOUNCE_KEY, False):
        return []
    # A path with a NUL (a made-up address, answered 404) cannot be a draft's, and PostgreSQL
    # refuses NUL in a text parameter.
    return drafts.kept_drafts(current_user.id, but_not=request.path.replace("\x00", ""))


def restored_notice() -> tuple[str, bool]:
    """The notice shown over a form filled with what was typed before (after signing in again,
    or after a page that could not save it), and whether it is said to everyone (fixed texts)."""
    from flask import g

    button = g.get("submit_label")
    if not button:
        return _(
            "Här är det du skrev förut. Ingenting är sparat än. "
            "Kontrollera och tryck på knappen för att spara."
        ), True
    language = str(i18n.current_locale() or "sv").split("_")[0]
    return (
        _(
            "Här är det du skrev förut. Ingenting är sparat än. Kontrollera det. Tryck sedan på %(button)s.",
            button=f"”{button}”",
        ),
        is_interface_text(language, button),
    )


def clip(
    text: str,
    lang: str | None = None,
    public: bool = False,
    known: str | None = None,
    rate: str | None = None,
    pieces=None,
) -> str | None:
    """The address of `text` read aloud in the page's language, or None when not offered.

    Fixed interface texts are public clips, shared by everyone and said ahead of time; any
    other text (names, dates, what someone wrote) is a private clip only this viewer can fetch,
    tied to the patient the page is about (`g.grant`), so that it plays only while the viewer
    may see that patient, and each play is logged. `public` says a template joined fixed texts
    and constants only ("Akut? Ring" and "112"). Words in another script than the page's are
    said with their own language's voice (`known`: the language Latin text is known to be in).

    Someone who is not signed in gets fixed texts only: interface texts that `flask speech warm`
    knows, or several of them, one a line (a field's label and hint, a block of paragraphs, the
    whole page), and what the template said is fixed with `public`. Anything else gets no clip
    and registers nothing, so visitors cannot fill the cache folder.

    `rate` says it at that speed instead of the viewer's own ("Långsamt" in Inställningar is a
    sample of the slow speed).

    `pieces`: the block as (text, language) parts in the order shown, the language None for the
    page's own; then `text` is not used. One clip says each part with its language's voice, also
    a Swedish text on an English page (the same letters: only the writer's language tells them).
    """
    from flask import g

    if not read_aloud_here():
        return None
    spoken_pieces = None
    if pieces is not None:
        spoken_pieces = tuple((language or "", str(part)) for part, language in pieces if part)
        text = "\n".join(part for _language, part in spoken_pieces)
    lines = [line for line in (speech.normalise(part) for part in str(text).splitlines()) if line]
    if not lines:
        return None
    text = " ".join(lines)
    language = lang or str(i18n.current_locale() or "sv").split("_")[0]
    rate = rate if rate in i18n.SPEECH_RATES else i18n.speech_rate()
    owner = i18n.per_request("speech_owner", speech.current_owner)
    if owner is None:  # nobody signed in
        fixed = g.setdefault("speech_fixed_lines", set())  # said fixed by `public` on this page
        if public:
            fixed.update(lines)
        elif not all(line in fixed or is_interface_text(language, line) for line in lines):
            return None
        return speech.clip_url(text, lang=language, rate=rate, known=known, pieces=spoken_pieces)
    if public or is_interface_text(language, text):
        return speech.clip_url(text, lang=language, rate=rate, known=known, pieces=spoken_pieces)
    grant = g.get("grant")
    return speech.clip_url(
        text,
        lang=language,
        rate=rate,
        owner_id=owner,
        patient_id=grant.patient.public_id if grant is not None else None,
        known=known,
        pieces=spoken_pieces,
    )


_CARE_NUMBERS = re.compile(r"(?<!\d)(112|1177)(?!\d)([.,!?:;]?)")


def tel_links(text: str) -> Markup:
    """The emergency numbers in a text (112, 1177) as phone links, so that one tap rings them.

    A link is at least 48 px wide (a finger's target), wider than "112": a full stop right
    after it would stand apart ("Ring 112 ."), and read-along would mark "112" and "." as two
    boxes. So on a left-to-right page the punctuation goes inside the link, after the number.
    On a right-to-left page it stays outside: there the spare width is on the number's other
    side, and a full stop inside the left-to-right number would land on the wrong side."""

    def link(match: re.Match) -> str:
        number, stop = match.group(1), match.group(2)
        inside = f'<span class="tel-stop">{stop}</span>' if stop and not right_to_left() else ""
        outside = stop if right_to_left() else ""
        return f'<a dir="ltr" href="tel:{number}"><strong>{number}</strong>{inside}</a>{outside}'

    # The text is escaped first; only the links are added.
    linked = _CARE_NUMBERS.sub(link, str(escape(text)))
    return Markup(linked)  # noqa: S704  # nosec B704


# A short note in brackets after a name or a time: "(god man)", "(halv elva)", "(Solgläntan)".
_SHORT_NOTE = re.compile(r"\(([^()\n]{1,40})\)")


def whole_notes(text) -> Markup:
    """`text` with each short note in brackets kept whole on its line ("(god man)" never breaks
    into "(god" and "man)" at a tablet's width; found by a persona walk). Escaped first."""
    escaped = str(escape(text))
    return Markup(_SHORT_NOTE.sub(r'<span class="note">(\1)</span>', escaped))  # noqa: S704  # nosec B704


def right_to_left() -> bool:
    return i18n.direction(str(i18n.current_locale() or "sv")) == "rtl"


def list_words(items) -> str:
    """Words joined as the language joins a list: "a, b och c", "a, b and c", "أ، ب و ج"
    (Arabic separates with its own comma "،", which Babel's Arabic list pattern leaves out)."""
    words = [str(item) for item in items]
    locale = str(i18n.current_locale() or "sv")
    if locale.split("_")[0] == "ar":
        if len(words) <= 2:
            return " و".join(words) if len(words) == 2 else "".join(words)
        return "، ".join(words[:-1]) + " و" + words[-1]
    return format_list(words, locale=locale)


def arabic_comma(separator: str = ", ") -> str:
    """The separator of a list the app joins: "، " on an Arabic page, else `separator`."""
    return "، " if str(i18n.current_locale() or "sv").startswith("ar") else separator


def page_language() -> str:
    return str(i18n.current_locale() or "sv").split("_")[0]


def text_language(text: object, known: str | None = None) -> str | None:
    """The language a text shown on this page is written in, when it is not the page's own;
    None when it is the page's, or cannot be told (no letters, or two scripts: then `dir="auto"`
    and read-aloud's runs take care of it).

    `known` is the language Lotsen knows the text was written in (the writer's interface
    language, "sv" for the clinic's own texts). Letters decide first: Arabic letters are Arabic;
    Latin letters are `known` when it is a Latin-script language, else Swedish (names, places).
    """
    scripts = {script_of(ch) for ch in str(text or "")} - {None}
    if scripts == {"arabic"}:
        language = "ar"
    elif scripts == {"latin"}:
        language = known if known in ("sv", "en") else "sv"
    else:
        return None
    return None if language == page_language() else language


def lang_attr(text: object, known: str | None = None) -> Markup:
    """` lang="sv"` for an element that shows `text`, when the text is in another language than
    the page (so screen readers and the browser's fonts and hyphenation take the right one)."""
    language = text_language(text, known)
    return Markup(' lang="%s"') % language if language else Markup("")


def body_figure(side: str) -> Markup:
    """The body map's big figure (app/bodymap.py; imported here, when first drawn, since
    the visits package imports the pages that import this module)."""
    return bodymap.figure(side)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["recently"] = recently
    app.jinja_env.filters["list_words"] = list_words
    app.jinja_env.filters["lang_attr"] = lang_attr
    app.jinja_env.filters["about_staff"] = about_her
    app.jinja_env.globals["list_comma"] = arabic_comma
    app.jinja_env.filters["tel_links"] = tel_links
    app.jinja_env.filters["whole_notes"] = whole_notes
    app.jinja_env.filters["datetimeformat"] = short_moment
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["pictogram"] = pictogram
    app.jinja_env.globals["draw_by_reference"] = draw_by_reference
    app.jinja_env.globals["sheet_version"] = sheet_version
    app.jinja_env.globals["body_figure"] = body_figure
    app.jinja_env.globals["clip"] = clip
    app.jinja_env.globals["visible_text"] = visible_text
    app.jinja_env.globals["read_aloud_here"] = read_aloud_here
    app.jinja_env.globals["remember_submit"] = remember_submit
    app.jinja_env.globals["restored_notice"] = restored_notice
    app.jinja_env.globals["drafts_to_announce"] = drafts_to_announce
    app.jinja_env.globals["speech_works"] = speech.available

    @app.context_processor
    def shell_context():
        locale = str(i18n.current_locale() or "sv")
        role = current_user.role if current_user.is_authenticated else None
        patient = acting_patient() if role in (Role.PATIENT, Role.REPRESENTATIVE) else None
        clinic = None
        if patient is not None:
            clinic = patient.clinic
        elif role is Role.STAFF and current_user.staff_member is not None:
            clinic = current_user.staff_member.clinic
        return {
            "locale": locale,
            "text_direction": i18n.direction(locale),
            "languages": i18n.languages(),
            "easy_read": i18n.easy_read_enabled(),
            "easy_read_here": locale.split("_")[0] in i18n.easy_languages(),
            "read_aloud": i18n.read_aloud_enabled(),
            "text_size": i18n.text_size(),
            "Role": Role,
            "role": role,
            "acting_patient": patient,
            "header_clinic": clinic,
            "staff_area": role in (Role.STAFF, Role.ADMIN),
            "current_path": request.full_path.rstrip("?") if request else "/",
            "idle_timeout_minutes": current_app.config["IDLE_TIMEOUT_MINUTES"],
        }
