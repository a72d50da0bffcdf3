"""Which pictogram stands for which choice, read from the app itself (the catalogues, the other
Python modules and the templates), for tests/test_pictogram_meanings.py and scripts/pictogram-sheet.

A *use* is one place where a picture stands for one choice a person makes or one way they go:
a catalogue entry with a `pictogram` and a `text` (a wizard answer, a need, a quick phrase), a
(value, text, pictogram) row in a module's list, a card in `choice_cards(…, pictos={…})` (its
field and value), a tile or a button with its text. Its *meaning* is the set of Swedish texts it
may show (`_("A") if x else _("B")` gives two). Pictures beside headings are not choices.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import nodes

ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "app"
TEMPLATES = APP_DIR / "templates"
# Macros whose text argument names what their picture stands for: (position of text, of picto).
TEXT_MACROS = {"tile": (1, 2)}


@dataclass(frozen=True)
class Use:
    pictogram: str
    meaning: frozenset[str]
    where: str


def _texts(value) -> frozenset[str]:
    return frozenset({str(value).strip()}) if str(value).strip() else frozenset()


# --- the catalogues and other modules (imported: lazy texts are read in Swedish) ----------------


def _rows(value):
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, tuple | list):
        return list(value)
    return []


def module_uses(app) -> list[Use]:
    """Every entry with a `pictogram` and a `text`, and every (value, text, pictogram) row, in the
    module-level lists of every app module."""
    ids = set(_library(app))
    uses: list[Use] = []
    with app.test_request_context():
        for info in pkgutil.walk_packages([str(APP_DIR)], "app."):
            if ".migrations" in info.name:
                continue
            module = importlib.import_module(info.name)
            source = Path(module.__file__ or "").read_text(encoding="utf-8")
            for name, value in vars(module).items():
                # A list is a use where it is made, not in each module that imports it (the needs
                # were once first seen as app.apply.catalogue.NEEDS_BY_CODE, and not as needs).
                if not re.search(rf"^{re.escape(name)}\b[^=\n]*=", source, re.M):
                    continue
                for number, row in enumerate(_rows(value)):
                    where = f"{info.name}.{name}[{number}]"
                    picto, text = getattr(row, "pictogram", None), getattr(row, "text", None)
                    if isinstance(picto, str) and text is not None:
                        uses.append(Use(picto, _texts(text), where))
                    elif (
                        isinstance(row, tuple)
                        and len(row) == 3
                        and isinstance(row[2], str)
                        and row[2] in ids
                        and not isinstance(row[1], str | int)
                    ):
                        uses.append(Use(row[2], _texts(row[1]), where))
    return _dedupe(uses)


def _library(app):
    from app.pictograms import library

    with app.app_context():
        return library()


def _dedupe(uses: list[Use]) -> list[Use]:
    # One object seen under two names (REASONS and a map made from it) is one use.
    seen: dict[tuple[str, frozenset[str]], Use] = {}
    for use in uses:
        seen.setdefault((use.pictogram, use.meaning), use)
    return list(seen.values())


# --- maps given to templates in Python: pictos=dict.fromkeys(codes, "language") ----------------


def python_map_uses() -> list[Use]:
    """Pictures given to choice cards from Python: one id for every key is a use per key."""
    uses: list[Use] = []
    for path in sorted(APP_DIR.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        where = str(path.relative_to(ROOT))
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if not (kw.arg and "picto" in kw.arg.lower()):
                    continue
                value = kw.value
                if (
                    isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Attribute)
                    and value.func.attr == "fromkeys"
                    and len(value.args) > 1
                    and isinstance(value.args[1], ast.Constant)
                ):
                    # Every key gets the same picture: at least two different choices.
                    for key in ("first key", "second key"):
                        uses.append(
                            Use(
                                value.args[1].value,
                                frozenset({f"{kw.arg}: {ast.unparse(value.args[0])}, {key}"}),
                                f"{where}:{node.lineno}",
                            )
                        )
                elif isinstance(value, ast.DictComp | ast.Name):
                    # A map built from a module's own constant: {c: PICTOS.get(c, "x") for c in …}
                    for name in {n.id for n in ast.walk(value) if isinstance(n, ast.Name) and n.id.isupper()}:
                        constant = getattr(importlib.import_module(module), name, None)
                        if isinstance(constant, dict):
                            uses.extend(
                                Use(picto, frozenset({f"{kw.arg}: {key}"}), f"{where}:{node.lineno}")
                                for key, picto in constant.items()
                                if isinstance(picto, str)
                            )
                elif isinstance(value, ast.Dict):
                    for key, item in zip(value.keys, value.values, strict=True):
                        if isinstance(item, ast.Constant) and isinstance(item.value, str):
                            label = ast.unparse(key) if key is not None else "**"
                            uses.append(
                                Use(item.value, frozenset({f"{kw.arg}: {label}"}), f"{where}:{node.lineno}")
                            )
    return uses


# --- the templates ------------------------------------------------------------------------------


def _gettext_texts(node) -> frozenset[str]:
    """The Swedish texts an expression may show: `_("…")`, `gettext("…")` and the branches of
    `a if x else b`. Empty when the text is computed."""
    if (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name in ("_", "gettext")
        and node.args
        and isinstance(node.args[0], nodes.Const)
    ):
        return frozenset({str(node.args[0].value)})
    if isinstance(node, nodes.CondExpr):
        return _gettext_texts(node.expr1) | (_gettext_texts(node.expr2) if node.expr2 else frozenset())
    return frozenset()


def _ids(node) -> set[str]:
    if isinstance(node, nodes.Const) and isinstance(node.value, str) and node.value:
        return {node.value}
    if isinstance(node, nodes.CondExpr):
        return _ids(node.expr1) | (_ids(node.expr2) if node.expr2 else set())
    return set()


def _callee(call: nodes.Call) -> str | None:
    if isinstance(call.node, nodes.Name):
        return call.node.name
    if isinstance(call.node, nodes.Getattr):
        return call.node.attr
    return None


def _argument(call: nodes.Call, position: int, name: str):
    if position < len(call.args):
        return call.args[position]
    return next((kw.value for kw in call.kwargs if kw.key == name), None)


def template_uses(env, sources: dict[str, str] | None = None) -> list[Use]:
    """Tiles and buttons (their picture and text) and choice cards with a literal map of
    pictures (field and value), in templates given as {name: source} (default: all)."""
    if sources is None:
        sources = {
            str(p.relative_to(TEMPLATES)): p.read_text(encoding="utf-8")
            for p in sorted(TEMPLATES.rglob("*.html"))
        }
    uses: list[Use] = []
    for name, source in sources.items():
        for call in env.parse(source).find_all(nodes.Call):
            callee = _callee(call)
            where = f"{name}:{call.lineno}"
            if callee in TEXT_MACROS:
                text_at, picto_at = TEXT_MACROS[callee]
                text = _gettext_texts(_argument(call, text_at, "text"))
                picto = _argument(call, picto_at, "picto")
                if text and picto is not None:
                    uses.extend(Use(i, text, where) for i in _ids(picto))
            elif callee == "choice_cards":
                pictos = _argument(call, 2, "pictos")
                field = _argument(call, 0, "field")
                field_name = field.attr if isinstance(field, nodes.Getattr) else "field"
                if isinstance(pictos, nodes.Dict):
                    for pair in pictos.items:
                        if isinstance(pair.key, nodes.Const):
                            uses.extend(
                                Use(i, frozenset({f"{field_name}: {pair.key.value}"}), where)
                                for i in _ids(pair.value)
                            )
    return uses


def all_uses(app) -> list[Use]:
    return [*module_uses(app), *python_map_uses(), *template_uses(app.jinja_env)]


def clashes(uses: list[Use]) -> dict[str, list[Use]]:
    """Pictogram id -> its uses, for every id that stands for two choices that share no text."""
    by_id: dict[str, list[Use]] = {}
    for use in uses:
        by_id.setdefault(use.pictogram, []).append(use)
    found = {}
    for picto, its in by_id.items():
        if any(not (a.meaning & b.meaning) for n, a in enumerate(its) for b in its[n + 1 :]):
            found[picto] = its
    return found
