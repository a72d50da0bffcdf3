"""Finds the patient-facing pages by following links, as a person would."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

NOT_PATIENT_FACING = ("/personal", "/admin", "/static", "/tal/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def body(html: str) -> str:
    start = html.find("<body")
    return html[start:] if start >= 0 else html


def crawl(client, seeds: list[str], limit: int = 80) -> dict[str, str]:
    """GET every patient-facing page reachable by links from the seeds; path → HTML."""
    seen: dict[str, str] = {}
    queue = list(seeds)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or path.startswith(NOT_PATIENT_FACING):
            continue
        response = client.get(path, follow_redirects=True)
        if "text/html" not in response.content_type:
            continue
        html = response.get_data(as_text=True)
        seen[path] = html
        parser = _Links()
        parser.feed(html)
        for href in parser.links:
            target = urlsplit(urljoin("http://localhost" + path, href))
            if target.scheme in ("http", "https") and target.netloc == "localhost":
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen
