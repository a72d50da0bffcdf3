"""The pictogram library: loads the manifest once and draws pictograms inline in pages."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup, escape

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "pictograms"
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>", re.S)
_TITLE = re.compile(r"<title>.*?</title>", re.S)


@functools.cache
def _library(folder: str) -> dict[str, dict]:
    base = Path(folder)
    manifest = json.loads((base / "manifest.json").read_text(encoding="utf-8"))
    library = {}
    for item in manifest["pictograms"]:
        svg = (base / item["file"]).read_text(encoding="utf-8")
        library[item["id"]] = {**item, "svg": _TITLE.sub("", svg).strip()}
    return library


def library() -> dict[str, dict]:
    folders = [str(DEFAULT_DIR), *current_app.config.get("EXTRA_PICTOGRAM_DIRS", [])]
    merged: dict[str, dict] = {}
    for folder in folders:  # later sets override earlier ids
        merged.update(_library(folder))
    return merged


def label(pictogram_id: str) -> str:
    item = library()[pictogram_id]
    lang = str(get_locale() or "sv").split("_")[0]
    return item["labels"].get(lang) or item["labels"]["sv"]


def pictogram(pictogram_id: str, *, alt: str | None = None, size: str = "md") -> Markup:
    """An inline SVG. Decorative (hidden from screen readers) unless `alt` is given."""
    item = library()[pictogram_id]
    if alt:
        attrs = f' class="picto picto-{size}" role="img" aria-label="{escape(alt)}" focusable="false"'
    else:
        attrs = f' class="picto picto-{size}" aria-hidden="true" focusable="false"'
    svg = _SVG_OPEN.sub(lambda m: f"<svg{m.group(1)}{attrs}>", item["svg"], count=1)
    return Markup(svg)  # noqa: S704 - our own files, read from disk
