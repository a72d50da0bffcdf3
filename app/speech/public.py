"""The fixed interface texts: every text of the interface and every pictogram's label, in each
language and easy-read variant. They are what `flask speech warm` says ahead of time, and what
counts as public speech (the same words for everyone, so a clip of them may be cached and shared).
"""

from __future__ import annotations

import functools
import re

from babel.messages.pofile import read_po

from .. import i18n
from ..pictograms import library

_PLACEHOLDER = re.compile(r"%(\(\w+\))?[sd]")
_TAG = re.compile(r"<[^>]+>")


@functools.cache
def _message_ids() -> tuple[str, ...]:
    with (i18n.TRANSLATIONS / "messages.pot").open("rb") as f:
        template = read_po(f)
    ids: list[str] = []
    for message in template:
        if not message.id:
            continue  # the catalogue's header
        if isinstance(message.id, str):
            ids.append(message.id)
        else:  # a plural text: its singular and plural
            ids.extend(message.id)
    return tuple(ids)


def _spoken_form(text: str) -> str:
    return " ".join(_TAG.sub(" ", text).split())


@functools.cache
def _interface_texts(language: str, easy: bool) -> frozenset[str]:
    translations = i18n.catalogue(language, easy)
    texts = set()
    for message_id in _message_ids():
        if _PLACEHOLDER.search(message_id):
            continue  # filled in per page; cannot be said ahead of time
        text = _spoken_form(translations.ugettext(message_id))
        if text:
            texts.add(text)
    for item in library().values():
        words = (item.get("easy", {}) if easy else {}).get(language) or item["labels"].get(language)
        if words:
            texts.add(_spoken_form(words))
    return frozenset(texts)


def interface_texts() -> list[tuple[str, str]]:
    """Every fixed interface text in every language and easy-read variant, as (language, text).

    This is what `flask speech warm` says ahead of time, and what counts as public speech: the
    same words for everyone, so a clip of them may be cached and shared.
    """
    pairs: set[tuple[str, str]] = set()
    for language in i18n.languages():
        for easy in (False, True):
            pairs.update((language, text) for text in _interface_texts(language, easy))
    return sorted(pairs)


@functools.lru_cache(maxsize=8192)
def is_interface_text(language: str, text: str) -> bool:
    text = _spoken_form(text)
    return text in _interface_texts(language, False) or text in _interface_texts(language, True)
