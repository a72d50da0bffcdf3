"""The pictogram library: loads each set's manifest once and draws pictograms inline in pages.

A set is a folder with a `manifest.json` and its SVG files. The project's own set is
`pictograms/`; `EXTRA_PICTOGRAM_DIRS` in the config lists more folders (a region's licensed
symbols, say). A later set overrides the ids of earlier ones, so a region can replace any picture.

Unknown ids and broken sets: when `PICTOGRAMS_STRICT` is on (it follows `TESTING` unless set),
they raise `PictogramError`, so a test fails at once. Otherwise a page must never break over a
picture: the problem is logged as an error, nothing is drawn and `label()` gives an empty text.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from flask import current_app, g, has_request_context
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from . import bodymap, i18n

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "pictograms"
OWN_SET = "lotsen"
SIZES = ("xs", "sm", "md", "lg", "xl")

_PROLOGUE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.S | re.I)
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>", re.S)
_TITLE = re.compile(r"<title\b[^>]*>.*?</title>", re.S)
# Attributes of a file's own <svg> that ours replace (two class or role attributes are invalid).
_OWN_ATTRS = re.compile(r"""\s(?:class|role|focusable|aria-[\w-]+)\s*=\s*(?:"[^"]*"|'[^']*')""")


class PictogramError(LookupError):
    """An unknown pictogram id, or a set that cannot be read."""


def _strict() -> bool:
    return bool(current_app.config.get("PICTOGRAMS_STRICT", current_app.testing))


def _problem(message: str, strict: bool) -> None:
    if strict:
        raise PictogramError(message)
    current_app.logger.error("pictograms: %s", message)


# --- loading ------------------------------------------------------------------------------------


@functools.cache
def _load_set(folder: str, strict: bool) -> tuple[str, dict[str, dict[str, Any]]]:
    """One set's name and pictograms, read from disk once per process."""
    base = Path(folder)
    name = OWN_SET if base.resolve() == DEFAULT_DIR else base.name
    try:
        manifest = json.loads((base / "manifest.json").read_text(encoding="utf-8"))
        entries = manifest["pictograms"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        _problem(f"cannot read the set in {folder}: {error}", strict)
        return name, {}
    name = OWN_SET if name == OWN_SET else str(manifest.get("name") or name)
    items: dict[str, dict[str, Any]] = {}
    for number, entry in enumerate(entries, start=1):
        try:
            pictogram_id = str(entry["id"])
            svg = (base / entry["file"]).read_text(encoding="utf-8")
        except (OSError, KeyError, TypeError) as error:
            _problem(f"{folder}: cannot read entry {number} of the manifest: {error!r}", strict)
            continue
        if pictogram_id in items:
            _problem(f"{folder}: the id {pictogram_id!r} is listed twice", strict)
        # The title is dropped: the accessible name comes from the page (aria-label or a label
        # beside the picture), and a title would pop up as a tooltip.
        svg = _TITLE.sub("", _PROLOGUE.sub("", svg)).strip()
        items[pictogram_id] = {**entry, "svg": svg, "set": name, "own": name == OWN_SET}
    return name, items


@functools.cache
def _merged(folders: tuple[str, ...], strict: bool) -> MappingProxyType:
    merged: dict[str, dict[str, Any]] = {}
    for folder in folders:  # later sets override earlier ids
        _name, items = _load_set(folder, strict)
        for pictogram_id, item in items.items():
            if pictogram_id in merged:
                item = {**item, "replaces": merged[pictogram_id]["set"]}
            merged[pictogram_id] = item
    return MappingProxyType(merged)


def _folders() -> tuple[str, ...]:
    extra = current_app.config.get("EXTRA_PICTOGRAM_DIRS") or ()
    if isinstance(extra, str | Path):
        extra = (extra,)
    return (str(DEFAULT_DIR), *(str(folder) for folder in extra))


def library() -> MappingProxyType:
    """Every pictogram by id, from the project's own set and the configured extra sets (read-only).

    Keyed by the folders in the config at the moment, so changing EXTRA_PICTOGRAM_DIRS takes
    effect at once; each folder is still read from disk only once.
    """
    return _merged(_folders(), _strict())


@functools.cache
def _drawn_in_code() -> dict[str, dict[str, Any]]:
    """Pictograms the app draws from its own data: a small body figure for each place on the
    body map, with that place marked (app/bodymap.py). A set may still replace them."""
    return {
        pictogram_id: {
            "id": pictogram_id,
            "svg": svg,
            "category": "body",
            "text": part.text,
            "set": OWN_SET,
            "own": True,
        }
        for pictogram_id, (part, svg) in bodymap.small_figures().items()
    }


def find(pictogram_id: str) -> dict[str, Any] | None:
    """The manifest entry of a pictogram, or None (logged, or raised when strict) if unknown."""
    item = library().get(pictogram_id) or _drawn_in_code().get(pictogram_id)
    if item is None:
        _problem(f"unknown pictogram id {pictogram_id!r}", _strict())
    return item


# --- words and pictures -------------------------------------------------------------------------


def _language() -> str:
    return str(i18n.current_locale() or "sv").split("_")[0]


def label(pictogram_id: str, lang: str | None = None, *, easy: bool | None = None) -> str:
    """The pictogram's label in `lang` (default: the page's language).

    With easy read on (default: the user's setting), the manifest's easy label for that language
    when there is one; else the standard label; else the Swedish one.
    """
    item = find(pictogram_id)
    if item is None:
        return ""
    if "text" in item:  # drawn from the app's data: its own (lazy) text, in the page's language
        return str(item["text"])
    lang = lang or _language()
    if easy is None:
        easy = i18n.easy_read_enabled()
    labels = item.get("labels") or {}
    words = (item.get("easy") or {}).get(lang) if easy else None
    return words or labels.get(lang) or labels.get("sv") or ""


def pictogram(pictogram_id: str, *, alt: str | bool | None = None, size: str = "md") -> Markup:
    """An inline SVG.

    Decorative (`aria-hidden`) by default: use it so when a visible label stands beside it.
    `alt` names it for screen readers instead: a text, or True for its label in the current
    language (and easy-read mode). Pictograms marked `"mirror": true` get `picto-mirror`, which
    lotsen.css flips in right-to-left pages.
    """
    if not (alt is None or alt is False or type(alt) is str) or not has_request_context():
        return _pictogram(pictogram_id, alt, size)
    # A page shows the same few pictures many times (the speaker of every Lyssna): once each.
    drawn = g._get_current_object().__dict__.setdefault("_pictograms_drawn", {})
    key = (pictogram_id, alt, size)
    found = drawn.get(key)
    if found is None:
        found = drawn[key] = _pictogram(pictogram_id, alt, size)
    return found


def _pictogram(pictogram_id: str, alt: str | bool | None, size: str) -> Markup:
    item = find(pictogram_id)
    if item is None:
        return Markup("")
    if size not in SIZES:
        _problem(f"unknown pictogram size {size!r}", _strict())
        size = "md"
    name = label(pictogram_id) if alt is True else (str(alt) if alt else "")
    classes = f"picto picto-{size}" + (" picto-mirror" if item.get("mirror") else "")
    if name:
        attrs = f' class="{classes}" role="img" aria-label="{escape(name)}" focusable="false"'
    else:
        attrs = f' class="{classes}" aria-hidden="true" focusable="false"'
    sheet = _sheet_in_use()
    if sheet is not None:
        return Markup(f'<svg{attrs}><use href="{sheet}#{_symbol_id(pictogram_id)}"/></svg>')  # noqa: S704  # nosec B704
    return _with_attributes(item["svg"], attrs)


# --- one sheet of every drawing, for staff pages --------------------------------------------------
# A staff list shows the same few pictures hundreds of times (the inbox: each item's kind, each
# patient's needs). On staff pages (base.html calls `draw_by_reference`) a picture is a
# reference to its drawing in one sheet of every picture, which the browser fetches once and
# keeps: <svg class="picto …"><use href="/bilder/<version>.svg#p-ID"/></svg>. The sheet's
# version is a hash of its content, so a changed picture is a new address.

# A symbol keeps the drawing's own attributes (its viewBox) but not its size and namespace, nor
# those a page sets on it (`_OWN_ATTRS`).
_SIZE_ATTRS = re.compile(r"""\s(?:xmlns|width|height)\s*=\s*(?:"[^"]*"|'[^']*')""")


def _sheet_in_use() -> str | None:
    if not has_request_context():
        return None
    return g._get_current_object().__dict__.get("_picto_sheet")


def _symbol_id(pictogram_id: str) -> str:
    return f"p-{escape(pictogram_id)}"


def draw_by_reference(sheet_address: str) -> str:
    """From here on in this request, pictures are references into the sheet at that address."""
    g._picto_sheet = str(escape(sheet_address))
    g.pop("_pictograms_drawn", None)  # those were drawn in full
    return ""


def sheet() -> tuple[str, str]:
    """(version, SVG) of the sheet of every picture: the sets' and the body figures."""
    return _sheet(_folders(), _strict())


def sheet_version() -> str:
    return sheet()[0]


@functools.cache
def _sheet(folders: tuple[str, ...], strict: bool) -> tuple[str, str]:
    items = {**_drawn_in_code(), **_merged(folders, strict)}  # a set may replace a body figure
    symbols = []
    for pictogram_id, item in items.items():
        svg = item["svg"]
        opening = _SVG_OPEN.match(svg)
        if opening is None:
            continue
        inner = svg[opening.end() : svg.rfind("</svg>")]
        attrs = _SIZE_ATTRS.sub("", _OWN_ATTRS.sub("", opening.group(1)))
        symbols.append(f'<symbol id="{_symbol_id(pictogram_id)}"{attrs}>{inner}</symbol>')
    text = f'<svg xmlns="http://www.w3.org/2000/svg">{"".join(symbols)}</svg>'
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest(), text


@functools.lru_cache(maxsize=2048)
def _with_attributes(svg: str, attrs: str) -> Markup:
    """The SVG with our attributes on its root (kept: a page shows the same pictures each time)."""
    svg = _SVG_OPEN.sub(lambda m: f"<svg{_OWN_ATTRS.sub('', m.group(1))}{attrs}>", svg, count=1)
    # The SVG files of the configured pictogram sets, read from disk (trusted, like templates);
    # the only text put in, the accessible name, is escaped in `pictogram`.
    return Markup(svg)  # noqa: S704  # nosec B704


# --- the staff gallery --------------------------------------------------------------------------

# Names for the categories of the project's own set; any other category shows its own id.
CATEGORY_WORDS = {
    "home": _l("Start"),
    "people": _l("Personer"),
    "actions": _l("Att göra"),
    "settings": _l("Inställningar"),
    "contact": _l("Kontakt"),
    "places": _l("Platser"),
    "reasons": _l("Varför patienten kommer"),
    "needs": _l("Anpassningar"),
    "body": _l("Kroppen"),
    "pain": _l("Hur ont det gör"),
    "feelings": _l("Känslor"),
    "time": _l("Tid"),
}
CATEGORY_MAX_LENGTH = 60


def category_name(category: str) -> str:
    return str(CATEGORY_WORDS.get(category, category))


@dataclass
class Category:
    id: str
    name: str
    items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass
class Gallery:
    total: int
    categories: list[Category]  # every category, for the filter
    shown: list[Category]  # the categories on the page
    chosen: Category | None = None
    unknown: str = ""  # a category asked for that does not exist


def gallery(category: str | None = None) -> Gallery:
    """Every pictogram grouped by category (in the order they first appear), optionally one only.

    An unknown category gives the whole gallery, with `unknown` set so the page can say so.
    """
    groups: dict[str, Category] = {}
    for item in library().values():
        key = str(item.get("category") or "")
        groups.setdefault(key, Category(key, category_name(key))).items.append(item)
    everything = list(groups.values())
    total = sum(group.count for group in everything)
    asked = (category or "").strip()
    if not asked:
        return Gallery(total, everything, everything)
    chosen = groups.get(asked) if len(asked) <= CATEGORY_MAX_LENGTH else None
    if chosen is None:
        return Gallery(total, everything, everything, unknown=asked[:CATEGORY_MAX_LENGTH])
    return Gallery(total, everything, [chosen], chosen=chosen)
