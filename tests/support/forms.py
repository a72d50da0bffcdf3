"""The forms on a page, as a browser sees them, and the whole database to compare before and after.

Shared by the security sweeps (tests/security/) and the form fuzzer (tests/test_fuzz_forms.py),
which both find the forms on the pages rather than list them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from app.extensions import db
from tests.support.pages import norm

# Kinds of field a person types text into (hidden fields, radios, checkboxes are not typed).
TEXT_KINDS = {"text", "search", "email", "tel", "url", "textarea"}


@dataclass
class Field:
    name: str
    kind: str  # the input type, or "select", "textarea", "button"
    offered: list[str] = field(default_factory=list)  # every value the page offers
    sent: list[str] = field(default_factory=list)  # what a browser sends if nobody changes it


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def text_fields(self) -> list[str]:
        return [name for name, spec in self.fields.items() if spec.kind in TEXT_KINDS]

    def data(self, **changes: str) -> dict[str, list[str]]:
        """What a browser would send, with some fields typed in anew."""
        values = {name: list(spec.sent) for name, spec in self.fields.items() if spec.sent}
        values.update((name, [value]) for name, value in changes.items())
        return values

    def key(self) -> tuple:
        return self.method, self.action, tuple(sorted(self.fields))

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.action} (from {self.page}; fields {sorted(self.fields)})"


class _Forms(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._text: Field | None = None  # the textarea being read
        self._select: Field | None = None
        self._option: dict | None = None
        self._submit_taken = False

    def _field(self, name: str, kind: str) -> Field:
        return self._form.fields.setdefault(name, Field(name, kind))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urlsplit(urljoin("http://localhost" + self.page, attrs.get("action") or self.page))
            self._form = Form(
                self.page,
                (attrs.get("method") or "get").lower(),
                action.path + (f"?{action.query}" if action.query else ""),
            )
            self._submit_taken = False
            return
        if tag == "option":
            if self._select is not None:
                self._option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
            return
        name = attrs.get("name")
        if self._form is None or attrs.get("disabled") is not None or not name:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            value = attrs.get("value") or ("on" if kind == "checkbox" else "")
            if kind in ("reset", "file"):
                return
            spec = self._field(name, kind)
            if value not in spec.offered:
                spec.offered.append(value)
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    spec.sent.append(value)
            elif kind in ("submit", "image", "button"):
                if kind != "button" and not self._submit_taken:
                    spec.sent.append(value)
                    self._submit_taken = True
            else:
                spec.sent.append(value)
        elif tag == "button":
            spec = self._field(name, "button")
            value = attrs.get("value", "")
            if value not in spec.offered:
                spec.offered.append(value)
            if (attrs.get("type") or "submit") == "submit" and not self._submit_taken:
                spec.sent.append(value)
                self._submit_taken = True
        elif tag == "textarea":
            self._text = self._field(name, "textarea")
            self._text.sent.append("")
        elif tag == "select":
            self._select = self._field(name, "select")

    def handle_data(self, data):
        if self._text is not None:
            self._text.sent[-1] += data
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._text is not None:
            self._text.sent[-1] = self._text.sent[-1].removeprefix("\n")
            self._text = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value = self._option["value"]
            value = norm(self._option["text"]) if value is None else value
            self._select.offered.append(value)
            if self._option["selected"]:
                self._select.sent.append(value)
            self._option = None
        elif tag == "select" and self._select is not None:
            if not self._select.sent and self._select.offered:
                self._select.sent.append(self._select.offered[0])  # a browser sends the first
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def forms_on(html: str, page: str) -> list[Form]:
    """Every form on the page `page` (its path), with the action resolved against it."""
    parser = _Forms(page)
    parser.feed(html)
    return parser.forms


# --- the whole database, to compare --------------------------------------------------------------


def snapshot(session) -> dict[str, dict[tuple, dict]]:
    """Every row of every table, keyed by primary key."""
    tables = {}
    for table in db.metadata.sorted_tables:
        primary = list(table.primary_key.columns)
        rows = session.execute(select(table).order_by(*primary)).mappings().all()
        tables[table.name] = {tuple(row[c.name] for c in primary): dict(row) for row in rows}
    return tables


@dataclass
class Change:
    table: str
    kind: str  # "added", "removed", "changed"
    key: tuple
    row: dict
    columns: frozenset[str] = frozenset()

    def __str__(self) -> str:
        what = f" {sorted(self.columns)}" if self.columns else ""
        return f"{self.table} {self.kind} {self.key}{what}"


def changes(before: dict, after: dict) -> list[Change]:
    found = []
    for name in after:
        old, new = before.get(name, {}), after[name]
        for key in new.keys() - old.keys():
            found.append(Change(name, "added", key, new[key]))
        for key in old.keys() - new.keys():
            found.append(Change(name, "removed", key, old[key]))
        for key in new.keys() & old.keys():
            if new[key] != old[key]:
                columns = frozenset(c for c in new[key] if new[key][c] != old[key][c])
                found.append(Change(name, "changed", key, new[key], columns))
    return found
