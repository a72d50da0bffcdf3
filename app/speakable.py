"""The read-aloud building blocks of every page, written in Python rather than as Jinja macros.

A patient's page has dozens of them (each text block, heading, tile and button is one step when
the page is read aloud, and most have a "Lyssna" of their own); as a chain of macro calls per
block they cost more than the rest of the page. Templates call them as globals:

    {% call speakable(picto="lock") %}<p>…</p>{% endcall %}
    {{ heading(_("Nästa besök")) }}  {{ banner(text, "warning") }}  {{ tile(url, text, "calendar") }}

An element with `data-clip` is one step when the whole page is read aloud (in page order);
`listen` is the visible "Lyssna" button for one block or one choice. Without JavaScript each is a
plain link to the MP3; lotsen.js plays it in place and highlights the block. `clip()` (in
app/templating.py) gives no address when read-aloud is off or the page is not for patients, and
then none of this is drawn.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_babel import gettext as _
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from .pictograms import pictogram
from .readability import visible_text
from .speech import service as speech
from .templating import clip

# Built with f-strings and `escape` (every value that is not Markup is escaped): several times
# faster than Markup.format, and these run hundreds of times a page.


def _built(html: str) -> Markup:
    """HTML built in this module, where every value that comes from outside went through
    `escape` (or was Markup already)."""
    return Markup(html)  # noqa: S704  # nosec B704


def clip_attrs(url: str | None) -> Markup:
    return _built(f' data-clip="{escape(url)}"') if url else Markup("")


def listen(url: str | None, what=None) -> Markup:
    """The "Lyssna" button of a block (`what` names it for screen readers, in a list of them)."""
    if not url or not speech.available():
        return Markup("")
    # (The texts outside the f-strings: the catalogue extractor does not look inside them.)
    label = ""
    if what:
        plain = what.unescape() if isinstance(what, Markup) else str(what)  # escaped once, below
        short = do_truncate(current_app.jinja_env, plain, 60, True, "…")
        name = _("Lyssna: %(what)s", what=short)
        label = f' aria-label="{escape(name)}"'
    word = _("Lyssna")
    return _built(
        f'<a class="listen no-read" href="{escape(url)}" data-listen{label}>'
        f"{pictogram('speaker', size='xs')}<span>{escape(word)}</span></a>"
    )


def speakable(cls: str = "", picto: str | None = None, public: bool = False, *, caller: Callable) -> Markup:
    """A block of text with its own Lyssna (and a picture before it, if `picto` names one).
    `public=True`: the block holds fixed texts and settings only (no name, nothing typed), so it
    is one clip for everyone, also before signing in."""
    inner = caller()
    url = clip(visible_text(inner), public=public)
    extra = f" {escape(cls)}" if cls else ""
    picture = pictogram(picto, size="md") if picto else ""
    return _built(
        f'<div class="speakable{extra}"{clip_attrs(url)}>\n  {picture}'
        f'<div class="speakable-text">{escape(inner)}</div>\n  {listen(url)}\n</div>\n'
    )


def heading(text, level: int = 2, id: str | None = None) -> Markup:  # noqa: A002 (the attribute)
    """A heading that is read as part of the page (no button of its own)."""
    level = int(level)
    anchor = f' id="{escape(id)}"' if id else ""
    return _built(f"<h{level}{anchor}{clip_attrs(clip(text))}>{escape(text)}</h{level}>\n")


def banner(text, kind: str = "info", picto: str | None = None) -> Markup:
    url = clip(text)
    picture = pictogram(picto, size="sm") if picto else ""
    return _built(
        f'<div class="banner speakable banner-{escape(kind)}"{clip_attrs(url)}>\n  {picture}'
        f'<p class="speakable-text">{escape(text)}</p>\n  {listen(url)}\n</div>\n'
    )


def restored_banner(text, public: bool = False) -> Markup:
    """Over a form filled with what was typed before: nothing is saved yet, press the button."""
    url = clip(text, public=public)
    return _built(
        f'<div class="banner speakable banner-warning" role="status"{clip_attrs(url)}>\n'
        f"  {pictogram('draft-back', size='md')}\n"
        f'  <p class="speakable-text">{escape(text)}</p>\n  {listen(url)}\n</div>\n'
    )


def link_button(href, text, picto: str | None = None, kind: str = "primary", big: bool = False,
                download: bool = False) -> Markup:  # fmt: skip
    size = " button-big" if big else ""
    saved = " download" if download else ""
    picture = pictogram(picto, size="sm") if picto else ""
    return _built(
        f'<a{clip_attrs(clip(text))} class="button button-{escape(kind)}{size}" href="{escape(href)}"'
        f"{saved}>{picture}<span>{escape(text)}</span></a>\n"
    )


def tile(href, text, picto: str, hint=None, badge=None, badge_picto: str = "new-answer") -> Markup:
    """A tile on a start page. `badge`: news on it ("Ett nytt svar"), with its own picture."""
    url = clip("\n".join(str(part) for part in (text, badge, hint) if part))
    news = (
        f'<span class="tile-badge">{pictogram(badge_picto, size="sm")}<span>{escape(badge)}</span></span>\n'
        if badge
        else ""
    )
    more = f'<span class="tile-hint">{escape(hint)}</span>\n' if hint else ""
    return _built(
        f'<li class="tile-item"{clip_attrs(url)}>\n'
        f'  <a class="tile{" has-badge" if badge else ""}" href="{escape(href)}">\n'
        f'    {pictogram(picto, size="lg")}\n    <span class="tile-text">{escape(text)}</span>\n'
        f"    {news}{more}  </a>\n  {listen(url, text)}\n</li>\n"
    )


BLOCKS = {
    "clip_attrs": clip_attrs,
    "listen": listen,
    "speakable": speakable,
    "heading": heading,
    "banner": banner,
    "restored_banner": restored_banner,
    "link_button": link_button,
    "tile": tile,
}


def init_app(app) -> None:
    app.jinja_env.globals.update(BLOCKS)
