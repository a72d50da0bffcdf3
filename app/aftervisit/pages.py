"""What the pages of a summary show, shared by the patient's page, its print, the old versions
and the staff's preview "as the patient sees it": each text in the reader's language where it
is written (else the easy Swedish, marked), days as words and as a calendar picture."""

from __future__ import annotations

from ..clinic_words import Said, choose, reader
from ..next_steps import day_forms, who_words
from . import catalogue
from . import content as shape


def text_for(texts: dict | None) -> Said:
    """One text of a summary for the reader of this page: their language where it is written,
    else the easy Swedish (a `Said`, so that `lang_attrs` marks it)."""
    locale, easy = reader()
    return choose(texts or {}, locale, easy)


def only_in_swedish(document) -> bool:
    """Whether some text of the summary is shown in Swedish to a reader of another language."""
    locale, _easy = reader()
    language = (locale or "sv").split("_")[0]
    if language == "sv":
        return False
    return any(not item.texts.get(language) for item in shape.texts(document))


def page_helpers() -> dict:
    return {
        "av_text": text_for,
        "av_day": day_forms,
        "av_only_in_swedish": only_in_swedish,
        "av_who": who_words,
        "av": catalogue,
        "av_is_empty": shape.is_empty,
    }
