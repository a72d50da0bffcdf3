"""The time of a visit as a clock picture and, in Swedish, as people say it ("kvart över tio")."""

from __future__ import annotations

import math
from datetime import datetime

from markupsafe import Markup

HOURS = ("tolv", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva")


def spoken_time_sv(moment: datetime) -> str:
    """How a Swede reads an analogue clock, for times on a five-minute mark; else ""."""
    hour, minute = moment.hour, moment.minute
    if minute % 5:
        return ""
    this, next_ = HOURS[hour % 12], HOURS[(hour + 1) % 12]
    words = {
        0: f"prick {this}",
        5: f"fem över {this}",
        10: f"tio över {this}",
        15: f"kvart över {this}",
        20: f"tjugo över {this}",
        25: f"fem i halv {next_}",
        30: f"halv {next_}",
        35: f"fem över halv {next_}",
        40: f"tjugo i {next_}",
        45: f"kvart i {next_}",
        50: f"tio i {next_}",
        55: f"fem i {next_}",
    }
    return words[minute]


def part_of_day(moment: datetime) -> str:
    """ "morning", "afternoon" or "evening", for a small picture next to the time."""
    if moment.hour < 12:
        return "morning"
    return "afternoon" if moment.hour < 17 else "evening"


def clock_svg(moment: datetime, size: int = 96) -> Markup:
    """An analogue clock showing `moment`; decorative, as the time is always written beside it."""
    minute_angle = moment.minute * 6
    hour_angle = (moment.hour % 12) * 30 + moment.minute / 2

    def hand(angle: float, length: float) -> tuple[float, float]:
        radians = math.radians(angle)
        return 32 + length * math.sin(radians), 32 - length * math.cos(radians)

    hx, hy = hand(hour_angle, 13)
    mx, my = hand(minute_angle, 21)
    ticks = []
    for number in range(12):
        x1, y1 = hand(number * 30, 24 if number % 3 else 21)
        x2, y2 = hand(number * 30, 27)
        ticks.append(f'<path d="M{x1:.1f} {y1:.1f}L{x2:.1f} {y2:.1f}"/>')
    # Numbers computed here and fixed markup: nothing typed by anyone goes into it.
    return Markup(  # noqa: S704  # nosec B704
        f'<svg class="clock" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" '
        f'width="{size}" height="{size}" aria-hidden="true" focusable="false">'
        '<circle cx="32" cy="32" r="29" fill="#ffffff" stroke="#1b1b1b" stroke-width="3"/>'
        '<g stroke="#1b1b1b" stroke-width="2.5" stroke-linecap="round">' + "".join(ticks) + "</g>"
        f'<path d="M32 32L{hx:.1f} {hy:.1f}" stroke="#1b1b1b" stroke-width="5" '
        'stroke-linecap="round"/>'
        f'<path d="M32 32L{mx:.1f} {my:.1f}" stroke="#1d5fa8" stroke-width="3.5" '
        'stroke-linecap="round"/>'
        '<circle cx="32" cy="32" r="3" fill="#1b1b1b"/></svg>'
    )
