"""What every template can use: the locale and direction, the acting patient, pictograms."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_time
from flask import Flask, current_app, request
from flask_babel import get_locale, to_user_timezone
from flask_babel import gettext as _
from flask_login import current_user

from . import i18n
from .access import acting_patient
from .models import Role
from .pictograms import pictogram


def when(moment: datetime) -> str:
    """A moment as people say it, in their language: "tisdag 24 november 2026, klockan 17:05"."""
    local = to_user_timezone(moment)
    locale = get_locale() or "sv"
    day = format_date(local, "full", locale=locale)
    time = format_time(local, "HH:mm", locale=locale)
    return _("%(day)s, klockan %(time)s", day=day, time=time)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["when"] = when
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["pictogram"] = pictogram

    @app.context_processor
    def shell_context():
        locale = str(get_locale() or "sv")
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
