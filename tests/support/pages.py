"""Checks every HTML page the test client fetches: the rules of the page shell."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from flask.testing import FlaskClient


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.h1_count = 0
        self.h1_text = ""
        self.title = ""
        self.html_attrs: dict[str, str | None] = {}
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "h1":
            self.h1_count += 1
        if tag in ("h1", "title"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if "h1" in self._in and self.h1_count == 1:
            self.h1_text += data
        if "title" in self._in:
            self.title += data


def _error_prefixes() -> tuple[str, ...]:
    from babel.messages.pofile import read_po

    prefixes = ["Fel:"]
    for path in sorted(Path(__file__).resolve().parents[2].glob("translations/*/LC_MESSAGES/*.po")):
        with path.open("rb") as f:
            message = read_po(f).get("Fel:")
        if message is not None and message.string:
            prefixes.append(message.string)
    return tuple(dict.fromkeys(prefixes))


ERROR_PREFIXES = _error_prefixes()


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def words(response) -> str:
    """A page as read: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split()).replace(" .", ".")


def check_page(html: str, url: str) -> None:
    page = _PageParser()
    page.feed(html)
    assert page.h1_count == 1, f"{url}: {page.h1_count} h1 elements"
    h1, title = norm(page.h1_text), norm(page.title)
    for prefix in ERROR_PREFIXES:  # a page with errors says so first, in its own language
        title = title.removeprefix(prefix + " ")
    assert h1 and title.startswith(h1), f"{url}: title {title!r} does not begin with h1 {h1!r}"
    duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
    assert not duplicates, f"{url}: duplicate ids {duplicates}"
    assert page.html_attrs.get("lang"), f"{url}: <html> has no lang"
    assert page.html_attrs.get("dir") in ("ltr", "rtl"), f"{url}: <html> has no dir"


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class PageCheckingClient(FlaskClient):
    """A test client that checks each HTML page it gets, and fills in the CSRF token on posts."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            check_page(response.get_data(as_text=True), response.request.path)
        return response

    def csrf_token(self) -> str:
        html = self.get("/tillganglighet").get_data(as_text=True)
        return CSRF_META.search(html).group(1)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        """POST like a browser would after showing the form: with a valid CSRF token."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)
