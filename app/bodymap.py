"""The body map, where a person shows where it hurts: its places (each with its spot on the figure),
the big figure a person taps on (in the wizard), and a small figure for each place with that place
marked (on Kontrollera, the sent page, the print and the staff's view). Both figures are drawn
from the places' own coordinates (`BodyPart.x`, `.y`), so the small figures cannot drift from the
map; the stylesheet's spot positions are checked against the same numbers
(tests/visits/test_bodymap.py). It is below the visits area, which asks the question, because the
picture library and the templates draw the figures too."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from markupsafe import Markup


@dataclass(frozen=True)
class BodyPart:
    """A place on the body map. `side` is "front" or "back"; `x`, `y` is where its spot is on the
    figure (below, 120 × 200 units): the stylesheet's `.spot-…` rules put the
    checkbox there, and the part's small figure on the summary marks the same place."""

    value: str
    text: str
    side: str
    x: float
    y: float


BODY_PARTS = (
    BodyPart("head", _l("Huvudet"), "front", 60, 20),
    BodyPart("chest", _l("Bröstet"), "front", 60, 60),
    BodyPart("stomach", _l("Magen"), "front", 60, 93),
    BodyPart("arm_right", _l("Höger arm"), "front", 26, 80),
    BodyPart("arm_left", _l("Vänster arm"), "front", 94, 80),
    BodyPart("hand_right", _l("Höger hand"), "front", 16, 122),
    BodyPart("hand_left", _l("Vänster hand"), "front", 104, 122),
    BodyPart("leg_right", _l("Höger ben"), "front", 47, 148),
    BodyPart("leg_left", _l("Vänster ben"), "front", 73, 148),
    BodyPart("foot_right", _l("Höger fot"), "front", 40, 186),
    BodyPart("foot_left", _l("Vänster fot"), "front", 80, 186),
    BodyPart("back_head", _l("Bakhuvudet"), "back", 60, 16),
    BodyPart("neck", _l("Nacken"), "back", 60, 40),
    BodyPart("upper_back", _l("Övre delen av ryggen"), "back", 60, 64),
    BodyPart("lower_back", _l("Nedre delen av ryggen"), "back", 60, 90),
    BodyPart("bottom", _l("Stjärten"), "back", 60, 114),
    BodyPart("back_leg_left", _l("Baksidan av vänster ben"), "back", 47, 160),
    BodyPart("back_leg_right", _l("Baksidan av höger ben"), "back", 73, 160),
)

WIDTH, HEIGHT = 120, 200  # the figure's own units
INK, SKIN, RED = "#1b1b1b", "#f2c9a0", "#c62828"
PREFIX = "body-part-"  # pictogram ids of the small figures: body-part-head, body-part-arm-left, …


# Each limb from the shoulder or hip to the wrist or ankle: the figure's right arm (on the left),
# its left arm; the leg on the left, the leg on the right.
ARMS = ((40, 50, 21, 110), (80, 50, 99, 110))
LEGS = ((49, 108, 46, 180), (71, 108, 74, 180))


def _path(limbs) -> str:
    return "".join(f"M{x1} {y1} {x2} {y2}" for x1, y1, x2, y2 in limbs)


def _marked_limb(part: BodyPart) -> str:
    """An arm marked as a whole: red over the ring, from where it leaves the torso to the hand. A
    dot alone on a thin arm was read as the hand beside it."""
    # Arms only: the legs stand close together, and a red leg from the hip was read as the groin
    # (a blind reading, docs/pictogram-blind-test.md); a leg's dot sits on the thigh instead.
    if "arm" not in part.value:
        return ""
    limbs, width = ARMS, 11
    x1, y1, x2, y2 = limbs[0 if part.x < WIDTH / 2 else 1]
    start = 0.3
    a = (x1 + (x2 - x1) * start, y1 + (y2 - y1) * start)
    b = (x1 + (x2 - x1) * 0.97, y1 + (y2 - y1) * 0.97)
    d = f"M{a[0]:.1f} {a[1]:.1f} {b[0]:.1f} {b[1]:.1f}"
    return (
        f'<path d="{d}" fill="none" stroke="{INK}" stroke-width="{width + 12}" stroke-linecap="round"/>'
        f'<path d="{d}" fill="none" stroke="{RED}" stroke-width="{width}" stroke-linecap="round"/>'
    )


def _shapes(side: str, outline: float) -> str:
    o = outline
    limbs = (
        f'<g fill="none" stroke-linecap="round">'
        f'<path d="{_path(ARMS)}" stroke="{INK}" stroke-width="{11 + 2 * o}"/>'
        f'<path d="{_path(ARMS)}" stroke="{SKIN}" stroke-width="11"/>'
        f'<path d="{_path(LEGS)}" stroke="{INK}" stroke-width="{15 + 2 * o}"/>'
        f'<path d="{_path(LEGS)}" stroke="{SKIN}" stroke-width="15"/></g>'
    )
    line = f'fill="{SKIN}" stroke="{INK}" stroke-width="{o}"'
    parts = [
        limbs,
        f'<circle cx="18" cy="118" r="8" {line}/>',
        f'<circle cx="102" cy="118" r="8" {line}/>',
        f'<ellipse cx="41" cy="189" rx="11" ry="6" {line}/>',
        f'<ellipse cx="79" cy="189" rx="11" ry="6" {line}/>',
        f'<rect x="53" y="30" width="14" height="16" {line}/>',
        f'<rect x="35" y="42" width="50" height="74" rx="14" {line}/>',
        f'<circle cx="60" cy="20" r="15" {line}/>',
    ]
    if side == "front":
        parts += [
            f'<path d="M46 15a15 15 0 0 1 28 0c-8-3-20-3-28 0z" fill="{INK}" stroke="{INK}" '
            f'stroke-width="{o}" stroke-linejoin="round"/>',
            f'<path d="M60 44v6" stroke="{INK}" stroke-width="2"/>',
        ]
    else:
        parts += [
            f'<path d="M45 20a15 15 0 0 1 30 0c0 4-1 7-3 10-8-3-16-3-24 0-2-3-3-6-3-10z" '
            f'fill="{INK}" stroke="{INK}" stroke-width="{o}" stroke-linejoin="round"/>',
            _seat(o),
            f'<path d="M60 48v60" stroke="{INK}" stroke-width="2.5" stroke-linecap="round"/>',
        ]
    return "".join(parts)


def _seat(outline: float) -> str:
    """The buttocks on the back: two round cheeks over the lower torso, a little wider than it, so
    that the bottom can be told from the lower back even round a marked spot."""
    line = f'fill="{SKIN}" stroke="{INK}" stroke-width="{outline}"'
    return f'<circle cx="45" cy="116" r="16" {line}/><circle cx="75" cy="116" r="16" {line}/>'


def figure(side: str) -> Markup:
    """The big figure of the body map (decorative: the places are checkboxes on top of it)."""
    svg = (
        f'<svg class="body-figure" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-hidden="true" focusable="false">'
        f"{_shapes(side, 3)}</svg>"
    )
    return Markup(svg)  # noqa: S704  # nosec B704


def pictogram_id(part: BodyPart) -> str:
    return PREFIX + part.value.replace("_", "-")


def small_figure(part: BodyPart) -> str:
    """A 64×64 pictogram: the figure from its side, with this part marked by a red dot in a
    white ring where its checkbox is on the map (the dot the person tapped turns red there too);
    a marked arm is red as a whole too, over the ring."""
    scale = 60 / HEIGHT
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        f'<g transform="translate({32 - WIDTH * scale / 2:g} 2) scale({scale:g})">'
        f"{_shapes(part.side, 7)}"
        f'<circle cx="{part.x:g}" cy="{part.y:g}" r="22" fill="#ffffff" stroke="{INK}" '
        f'stroke-width="6"/>{_marked_limb(part)}'
        f'<circle cx="{part.x:g}" cy="{part.y:g}" r="15" fill="{RED}"/>'
        f"</g></svg>"
    )


def small_figures() -> dict[str, tuple[BodyPart, str]]:
    """Pictogram id -> (its body part, its SVG), for every part on the map."""
    return {pictogram_id(part): (part, small_figure(part)) for part in BODY_PARTS}


def spot_position(part: BodyPart) -> tuple[float, float]:
    """Where the part's checkbox sits on the map, in per cent of the figure (left, top)."""
    return round(part.x / WIDTH * 100, 1), round(part.y / HEIGHT * 100, 1)
