"""The pictogram library: the files and their manifest, every id the app uses, drawing and labels,
extra sets, and the staff gallery."""

from __future__ import annotations

import ast
import json
import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import render_template_string, session
from jinja2 import nodes

from app.bodymap import BODY_PARTS
from app.pictograms import DEFAULT_DIR, PictogramError, label, library, pictogram

pytestmark = pytest.mark.one_database  # see pyproject.toml

SVG_NS = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "app"
TEMPLATES = APP_DIR / "templates"
GALLERY = "/personal/bildstod"


def manifest() -> dict:
    return json.loads((DEFAULT_DIR / "manifest.json").read_text(encoding="utf-8"))


def entries() -> list[dict]:
    return manifest()["pictograms"]


def svg_files() -> list[Path]:
    """The pictures in the project's set; files starting with `_` are work in progress."""
    return sorted(p for p in DEFAULT_DIR.glob("*.svg") if not p.name.startswith("_"))


def cards(html: str) -> int:
    return html.count('class="picto-card"')


# --- the files and the manifest -----------------------------------------------------------------


def test_manifest_and_files_match():
    data = manifest()
    assert data["license"]
    listed = [item["file"] for item in data["pictograms"]]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    missing = sorted(name for name in listed if not (DEFAULT_DIR / name).is_file())
    assert not missing, f"listed in manifest.json but not in pictograms/: {missing}"
    unlisted = sorted({p.name for p in svg_files()} - set(listed))
    assert not unlisted, f"in pictograms/ but not listed in manifest.json: {unlisted}"


def test_every_manifest_entry_is_complete():
    ids = [item.get("id") for item in entries()]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for item in entries():
        where = item.get("id")
        assert isinstance(where, str) and where.strip(), item
        assert item.get("file", "").endswith(".svg"), where
        labels, easy = item.get("labels") or {}, item.get("easy") or {}
        for lang in ("sv", "en", "ar"):
            assert isinstance(labels.get(lang), str) and labels[lang].strip(), f"{where}: labels.{lang}"
        for lang in ("sv", "en"):
            assert isinstance(easy.get(lang), str) and easy[lang].strip(), f"{where}: easy.{lang}"
        assert isinstance(item.get("category"), str) and item["category"].strip(), f"{where}: category"
        keywords = item.get("keywords")
        assert isinstance(keywords, list) and keywords, f"{where}: keywords"
        assert all(isinstance(k, str) and k.strip() for k in keywords), f"{where}: keywords"
        assert isinstance(item.get("mirror", False), bool), f"{where}: mirror must be true or false"


def _svgs_to_check() -> list[Path]:
    listed = [DEFAULT_DIR / item["file"] for item in entries()]
    return sorted({p for p in [*svg_files(), *listed] if p.is_file()})


@pytest.mark.parametrize("path", _svgs_to_check(), ids=lambda p: p.name)
def test_every_file_is_well_formed_svg_with_a_title(path):
    root = ET.parse(path).getroot()  # noqa: S314 - our own files
    assert root.tag == f"{SVG_NS}svg", "not an <svg> in the SVG namespace"
    assert root.get("viewBox") == "0 0 64 64"
    title = root.find(f"{SVG_NS}title")
    assert title is not None and (title.text or "").strip(), "no <title>"
    # No words in pictures: they cannot be translated or read by those who need the picture.
    words = [el.tag for el in root.iter() if el.tag.rsplit("}", 1)[-1] in ("text", "tspan", "textPath")]
    assert not words, f"text elements: {words}"
    # Drawn inline, maybe twice on one page: an id inside would be a duplicate id on the page.
    with_ids = [el.tag for el in root.iter() if el.get("id") is not None]
    assert not with_ids, f"elements with an id: {with_ids}"


def test_every_title_is_the_swedish_label():
    for item in entries():
        path = DEFAULT_DIR / item["file"]
        if not path.is_file():
            continue  # reported by test_manifest_and_files_match
        title = ET.parse(path).getroot().find(f"{SVG_NS}title")  # noqa: S314 - our own files
        assert title is not None and title.text.strip() == item["labels"]["sv"], item["id"]


# --- every id used anywhere exists --------------------------------------------------------------
# Literal ids are found wherever the app names a pictogram: pictogram("…"), a macro argument or
# keyword called picto/pictos (by name or by position), a `{% set … %}`, a Python assignment or
# keyword whose name contains "picto", and the maps and lists given there ({"on": "yes"},
# dict.fromkeys(codes, "language"), [("on", "yes")]). Ids computed at run time cannot be checked.


def _add(uses: dict[str, list[str]], ids: set[str], where: str) -> None:
    for pictogram_id in ids:
        if where not in uses.setdefault(pictogram_id, []):
            uses[pictogram_id].append(where)


def _picto_name(name: str | None) -> bool:
    return bool(name) and "picto" in name.lower()


def _jinja_ids(node) -> set[str]:
    """The pictogram ids in an expression that stands for one id or a map or list of ids."""
    if isinstance(node, nodes.Const):
        return {node.value} if isinstance(node.value, str) and node.value else set()
    if isinstance(node, nodes.Dict):
        return set().union(*(_jinja_ids(pair.value) for pair in node.items))
    if isinstance(node, nodes.Tuple | nodes.List):
        if node.items and all(isinstance(i, nodes.Tuple | nodes.List) and i.items for i in node.items):
            return set().union(*(_jinja_ids(i.items[-1]) for i in node.items))  # (key, id) pairs
        return set().union(*(_jinja_ids(i) for i in node.items))
    if isinstance(node, nodes.CondExpr):
        return _jinja_ids(node.expr1) | (_jinja_ids(node.expr2) if node.expr2 else set())
    if isinstance(node, nodes.Or | nodes.And):
        return _jinja_ids(node.left) | _jinja_ids(node.right)
    if isinstance(node, nodes.Call) and _callee(node) == "dict":
        return set().union(*(_jinja_ids(kw.value) for kw in node.kwargs))
    if isinstance(node, nodes.Call) and _callee(node) == "fromkeys" and len(node.args) > 1:
        return _jinja_ids(node.args[1])
    return set()


def _callee(call: nodes.Call) -> str | None:
    if isinstance(call.node, nodes.Name):
        return call.node.name
    if isinstance(call.node, nodes.Getattr):
        return call.node.attr  # a macro of an imported template: ui.tile(...)
    return None


def _picto_params(trees) -> dict[str, set[tuple[int, str]]]:
    """For every macro, the positions and names of its pictogram parameters."""
    params: dict[str, set[tuple[int, str]]] = {"pictogram": {(0, "pictogram_id")}}
    for tree in trees:
        for macro in tree.find_all(nodes.Macro):
            for index, arg in enumerate(macro.args):
                if _picto_name(arg.name):
                    params.setdefault(macro.name, set()).add((index, arg.name))
    return params


def jinja_uses(sources: dict[str, str], env) -> dict[str, list[str]]:
    """Pictogram id -> where it is used, in templates given as {name: source}."""
    trees = {name: env.parse(source) for name, source in sources.items()}
    params = _picto_params(trees.values())
    uses: dict[str, list[str]] = {}

    def found(ids, name, node):
        _add(uses, ids, f"{name}:{node.lineno}")

    for name, tree in trees.items():
        for macro in tree.find_all(nodes.Macro):  # defaults: {% macro x(picto="home") %}
            for arg, default in zip(
                macro.args[len(macro.args) - len(macro.defaults) :], macro.defaults, strict=True
            ):
                if _picto_name(arg.name):
                    found(_jinja_ids(default), name, default)
        for call in tree.find_all(nodes.Call):
            for index, param in params.get(_callee(call), ()):
                if index < len(call.args):
                    found(_jinja_ids(call.args[index]), name, call)
                for kw in call.kwargs:
                    if kw.key == param:
                        found(_jinja_ids(kw.value), name, call)
            for kw in call.kwargs:
                if _picto_name(kw.key):
                    found(_jinja_ids(kw.value), name, call)
        for assign in tree.find_all(nodes.Assign):
            if isinstance(assign.target, nodes.Name) and _picto_name(assign.target.name):
                found(_jinja_ids(assign.node), name, assign)
    return uses


def _py_ids(node) -> set[str]:
    if isinstance(node, ast.Constant):
        return {node.value} if isinstance(node.value, str) and node.value else set()
    if isinstance(node, ast.Dict):
        return set().union(*(_py_ids(v) for v in node.values))
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        if node.elts and all(isinstance(e, ast.Tuple | ast.List) and e.elts for e in node.elts):
            return set().union(*(_py_ids(e.elts[-1]) for e in node.elts))
        return set().union(*(_py_ids(e) for e in node.elts))
    if isinstance(node, ast.IfExp):
        return _py_ids(node.body) | _py_ids(node.orelse)
    if isinstance(node, ast.BoolOp):
        return set().union(*(_py_ids(v) for v in node.values))
    if isinstance(node, ast.Call):
        called = _py_callee(node)
        if called == "fromkeys" and len(node.args) > 1:
            return _py_ids(node.args[1])
        if called == "dict":
            return set().union(*(_py_ids(kw.value) for kw in node.keywords))
    return set()


def _py_callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def python_uses(sources: dict[str, str]) -> dict[str, list[str]]:
    """Pictogram id -> where it is used, in Python modules given as {name: source}."""
    uses: dict[str, list[str]] = {}

    def found(ids, name, node):
        _add(uses, ids, f"{name}:{node.lineno}")

    for name, source in sources.items():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                if _py_callee(node) == "pictogram" and node.args:
                    found(_py_ids(node.args[0]), name, node)
                for kw in node.keywords:
                    if _picto_name(kw.arg):
                        found(_py_ids(kw.value), name, node)
            elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and _picto_name(t.id) for t in targets):
                    found(_py_ids(node.value), name, node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args.args + node.args.kwonlyargs
                defaults = [None] * (len(node.args.args) - len(node.args.defaults))
                defaults += [*node.args.defaults, *node.args.kw_defaults]
                for arg, default in zip(args, defaults, strict=True):
                    if default is not None and _picto_name(arg.arg):
                        found(_py_ids(default), name, default)
    return uses


def test_the_scan_finds_ids_in_every_way_they_are_passed(app):
    templates = {
        "components/x.html": "{% macro card(href, text, picto, hint=None) %}{{ pictogram(picto) }}"
        '{% endmacro %}{% macro button(text, picto="t-default") %}{% endmacro %}',
        "page.html": """
            {% from "components/x.html" import card %}
            {% import "components/ui.html" as ui %}
            {{ pictogram("t-call") }}{{ pictogram('t-single', size="sm") }}
            {{ pictogram("t-if" if x else "t-else") }}
            {{ card(url, _("Text"), "t-positional") }}{{ ui.card(url, "Text", picto="t-keyword") }}
            {{ submit(_("Spara"), picto='t-single-kw') }}
            {{ choice_cards(f, pictos={"on": "t-map-on", "off": "t-map-off"}) }}
            {{ choice_cards(f, pictos=dict(on="t-dict")) }}
            {% set language_pictos = [("sv", "t-pair")] %}
            {{ pictogram(item.picto) }}
        """,
    }
    found = set(jinja_uses(templates, app.jinja_env))
    assert found == {
        "t-default",
        "t-call",
        "t-single",
        "t-if",
        "t-else",
        "t-positional",
        "t-keyword",
        "t-single-kw",
        "t-map-on",
        "t-map-off",
        "t-dict",
        "t-pair",
    }
    code = {
        "mod.py": """
PICTOS = {Choice.ON: "p-map"}
NEED_PICTOGRAMS: dict = {"a": "p-annotated"}
def view(picto="p-default"):
    render_template("x.html", language_pictos=dict.fromkeys(codes, "p-fromkeys"), picto="p-kw")
    pictogram("p-call", alt=True)
    Need(code="wheelchair-x", picto="p-model")
"""
    }
    assert set(python_uses(code)) == {
        "p-map",
        "p-annotated",
        "p-default",
        "p-fromkeys",
        "p-kw",
        "p-call",
        "p-model",
    }


def test_every_pictogram_used_anywhere_exists(app):
    templates = {
        str(p.relative_to(TEMPLATES)): p.read_text(encoding="utf-8") for p in TEMPLATES.rglob("*.html")
    }
    code = {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
        for p in APP_DIR.rglob("*.py")
        if "migrations" not in p.parts
    }
    uses = jinja_uses(templates, app.jinja_env)
    for pictogram_id, where in python_uses(code).items():
        uses.setdefault(pictogram_id, []).extend(where)
    assert len(uses) >= 5, f"the scan found almost nothing: {sorted(uses)}"
    # The project's own set alone must cover the app: extra sets are optional.
    ids = {item["id"] for item in entries()}
    missing = {i: where for i, where in sorted(uses.items()) if i not in ids}
    assert not missing, "pictogram ids used but not in manifest.json:\n" + "\n".join(
        f"  {i}: {', '.join(where)}" for i, where in missing.items()
    )


# --- drawing and labels -------------------------------------------------------------------------


def _svg(title: str, body: str = '<circle cx="32" cy="32" r="20"/>', root_attrs: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 64 64"{root_attrs}><title>{title}</title>{body}</svg>'
    )


def make_set(folder: Path, items: list[dict], name: str | None = None) -> Path:
    """A tiny pictogram set on disk: its SVGs and its manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    listed = []
    for item in items:
        item = dict(item)
        svg = item.pop("svg", None) or _svg(item["labels"]["sv"])
        item.setdefault("file", f"{item['id']}.svg")
        item.setdefault("category", "regional")
        item.setdefault("keywords", ["test"])
        (folder / item["file"]).write_text(svg, encoding="utf-8")
        listed.append(item)
    data = {"license": "test", "pictograms": listed, **({"name": name} if name else {})}
    (folder / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture
def tiny_set(tmp_path):
    return make_set(
        tmp_path / "region",
        [
            {
                "id": "home",
                "category": "home",
                "labels": {"sv": "Hus", "en": "House", "ar": "بيت"},
                "easy": {"sv": "Huset", "en": "The house"},
                "svg": _svg(
                    "Hus",
                    '<rect data-set="regional" width="64" height="64"/>',
                    ' class="theirs" role="presentation" aria-label="x" width="64"',
                ),
            },
            {
                "id": "walk-on",
                "labels": {"sv": "Gå vidare", "en": "Go on", "ar": "تابع"},
                "easy": {"sv": "Gå"},
                "mirror": True,
            },
            {"id": "only-swedish", "labels": {"sv": "Bara svenska"}},
        ],
        name="Region Örebro län",
    )


@pytest.fixture
def with_set(app, tiny_set, monkeypatch):
    monkeypatch.setitem(app.config, "EXTRA_PICTOGRAM_DIRS", [str(tiny_set)])
    return tiny_set


def test_drawn_decorative_or_with_a_name(app):
    with app.test_request_context():
        decorative = str(pictogram("home"))
        assert 'aria-hidden="true"' in decorative and "<title>" not in decorative
        assert "role=" not in decorative and "aria-label" not in decorative
        named = str(pictogram("home", alt='Hem "start"'))
        assert 'role="img"' in named and 'aria-label="Hem &#34;start&#34;"' in named
        assert "aria-hidden" not in named
        assert 'class="picto picto-sm"' in str(pictogram("home", size="sm"))


def test_alt_true_names_it_with_its_label(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert f'aria-label="{label("home")}"' in str(pictogram("home", alt=True))


def test_label_follows_the_locale(app):
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert label("home") == "الرئيسية"
    with app.test_request_context():
        assert label("home") == "Hem"
    with app.test_request_context():
        assert label("home", "en") == "Home"


def test_easy_labels_when_easy_read_is_on(app):
    for item in entries():
        with app.test_request_context():
            session["easy_read"] = True
            assert label(item["id"]) == item["easy"]["sv"], item["id"]
            assert label(item["id"], "en") == item["easy"]["en"], item["id"]
            assert label(item["id"], "ar") == item["labels"]["ar"], item["id"]  # no easy Arabic
        with app.test_request_context():
            assert label(item["id"]) == item["labels"]["sv"], item["id"]


def test_easy_label_falls_back_to_standard_then_swedish(app, with_set):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        session["easy_read"] = True
        assert label("walk-on") == "Go on"  # no easy English: the standard English
        assert label("walk-on", "sv") == "Gå"
        assert label("only-swedish") == "Bara svenska"  # no English at all: Swedish
        assert 'aria-label="Go on"' in str(pictogram("walk-on", alt=True))
        session["easy_read"] = False
        assert label("walk-on", "sv") == "Gå vidare"


def test_mirror_pictograms_get_the_mirror_class(app, with_set):
    with app.test_request_context():
        assert "picto-mirror" in str(pictogram("walk-on"))
        assert "picto-mirror" not in str(pictogram("home"))
        for item in entries():
            assert ("picto-mirror" in str(pictogram(item["id"]))) == bool(item.get("mirror")), item["id"]
    css = (APP_DIR / "static" / "lotsen.css").read_text(encoding="utf-8")
    assert re.search(r'\[dir="rtl"\]\s*\.picto-mirror\s*\{\s*transform:\s*scaleX\(-1\)', css)


def test_extra_set_overrides_ids(app, tiny_set, monkeypatch):
    with app.test_request_context():
        before = str(pictogram("home"))
        assert 'data-set="regional"' not in before
    monkeypatch.setitem(app.config, "EXTRA_PICTOGRAM_DIRS", [str(tiny_set)])
    with app.test_request_context():
        drawn = str(pictogram("home"))
        assert 'data-set="regional"' in drawn
        # The file's own class, role and aria attributes give way to ours.
        assert drawn.count("class=") == 1 and "theirs" not in drawn and "presentation" not in drawn
        assert "<?xml" not in drawn and "<title>" not in drawn
        assert label("home") == "Hus"
        assert library()["home"]["set"] == "Region Örebro län"
        assert library()["home"]["replaces"] == "lotsen"
        assert "settings" in library()  # the rest of the own set stays
        assert len(library()) == len(entries()) + 2
    monkeypatch.setitem(app.config, "EXTRA_PICTOGRAM_DIRS", [])
    with app.test_request_context():  # taken away again: nothing cached from before
        assert str(pictogram("home")) == before


def test_a_later_extra_set_wins(app, tiny_set, tmp_path, monkeypatch):
    later = make_set(
        tmp_path / "later",
        [
            {
                "id": "home",
                "labels": {"sv": "Bostad", "en": "Dwelling", "ar": "مسكن"},
                "easy": {"sv": "Bostad", "en": "Home"},
            }
        ],
    )
    monkeypatch.setitem(app.config, "EXTRA_PICTOGRAM_DIRS", [str(tiny_set), str(later)])
    with app.test_request_context():
        assert label("home") == "Bostad"
        assert library()["home"]["set"] == "later"


def test_unknown_ids_fail_loudly_in_tests(app):
    with app.test_request_context():
        with pytest.raises(PictogramError):
            pictogram("no-such-picture")
        with pytest.raises(PictogramError):
            label("no-such-picture")
        with pytest.raises(PictogramError):
            render_template_string('{{ pictogram("no-such-picture") }}')


def test_unknown_ids_draw_nothing_in_production(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "PICTOGRAMS_STRICT", False)
    with app.test_request_context(), caplog.at_level(logging.ERROR):
        page = render_template_string('<p>{{ pictogram("no-such-picture") }}Fortsätt</p>')
        assert page == "<p>Fortsätt</p>"
        assert label("no-such-picture") == ""
        assert 'class="picto picto-md"' in str(pictogram("home", size="huge"))
    assert "no-such-picture" in caplog.text and "huge" in caplog.text


def test_a_broken_extra_set(app, tmp_path, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "EXTRA_PICTOGRAM_DIRS", [str(tmp_path / "not-there")])
    with app.test_request_context():
        with pytest.raises(PictogramError):
            library()
    monkeypatch.setitem(app.config, "PICTOGRAMS_STRICT", False)
    with app.test_request_context(), caplog.at_level(logging.ERROR):
        assert "home" in library()  # the own set still works
    assert "not-there" in caplog.text


# --- the staff gallery --------------------------------------------------------------------------


def test_gallery_for_staff(client, world, sign_in):
    sign_in(client, world.staff)
    response = client.get(GALLERY)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    total = len(entries())
    assert f"Bildstödet har {total} bilder." in html
    assert cards(html) == total
    for item in entries():
        assert f'<code dir="ltr">{item["id"]}</code>' in html, item["id"]
        assert f'<dd lang="ar" dir="rtl">{item["labels"]["ar"]}</dd>' in html, item["id"]
    categories = {item["category"] for item in entries()}
    assert html.count('<section aria-labelledby="kategori-') == len(categories)
    assert f'href="{GALLERY}" aria-current="page">Bildstöd</a>' in html  # in the staff menu


@pytest.mark.parametrize("who", ["patient_user", "god_man", "admin"])
def test_gallery_refused_for_everyone_but_staff(client, world, sign_in, who):
    sign_in(client, getattr(world, who))
    assert client.get(GALLERY).status_code == 403


def test_gallery_refused_when_signed_out(client):
    response = client.get(GALLERY)
    assert response.status_code == 302 and "/logga-in" in response.location


def test_gallery_category_filter(client, world, sign_in):
    sign_in(client, world.staff)
    category = entries()[0]["category"]
    in_it = [item for item in entries() if item["category"] == category]
    html = client.get(f"{GALLERY}?kategori={category}").get_data(as_text=True)
    assert cards(html) == len(in_it)
    assert f"Bildstödet har {len(entries())} bilder." in html  # the whole count stays
    assert f'kategori={category}" aria-current="page"' in html
    for item in entries():
        assert (f'<code dir="ltr">{item["id"]}</code>' in html) == (item in in_it), item["id"]


@pytest.mark.parametrize("asked", ["finns-inte", "<script>alert(1)</script>", "x" * 5000, "HOME"])
def test_gallery_unknown_category_shows_everything(client, world, sign_in, asked):
    sign_in(client, world.staff)
    response = client.get(GALLERY, query_string={"kategori": asked})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert cards(html) == len(entries())
    assert "Det finns ingen kategori som heter" in html and "Här är alla bilder i stället." in html
    assert "<script>alert" not in html


def test_gallery_shows_extra_sets(app, client, world, sign_in, tiny_set, monkeypatch):
    sign_in(client, world.staff)
    monkeypatch.setitem(app.config, "EXTRA_PICTOGRAM_DIRS", [str(tiny_set)])
    html = client.get(GALLERY).get_data(as_text=True)
    assert f"Bildstödet har {len(entries()) + 2} bilder." in html
    assert "Region Örebro län" in html and "Ersätter bilden med samma id i Lotsens egna." in html
    assert "Ja, på arabiska" in html  # walk-on is mirrored
    html = client.get(GALLERY, query_string={"kategori": "regional"}).get_data(as_text=True)
    assert cards(html) == 2  # walk-on and only-swedish; the new home stays in its category


REFERENCE = re.compile(r'<svg class="picto[^"]*"[^>]*><use href="(/bilder/(\w+)\.svg)#(p-[\w-]+)"/></svg>')


def test_a_staff_page_refers_to_one_sheet_of_drawings(client, make_client, world, sign_in):
    """On staff pages a picture is a reference into one sheet of every drawing, which the
    browser keeps (the inbox shows the same pictures hundreds of times): every reference has
    its drawing there, each once, and the drawing is the picture itself."""
    sign_in(client, world.staff)
    html = client.get(GALLERY).get_data(as_text=True)
    references = REFERENCE.findall(html)
    assert len(references) >= len(entries())
    (address, version), *others = {(address, version) for address, version, _id in references}
    assert not others  # one sheet
    response = client.get(address)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    sheet = response.get_data(as_text=True)
    symbols = re.findall(r'<symbol id="(p-[\w-]+)"', sheet)
    assert len(symbols) == len(set(symbols)) >= len(entries()) + len(BODY_PARTS)
    assert {symbol for _a, _v, symbol in references} <= set(symbols)
    drawing = re.sub(r"<title>.*?</title>", "", (DEFAULT_DIR / "calendar.svg").read_text(encoding="utf-8"))
    inner = drawing[drawing.index(">") + 1 : drawing.rindex("</svg>")].strip()
    assert f'<symbol id="p-calendar" viewBox="0 0 64 64">{inner}</symbol>' in sheet
    # Another version is not this sheet: the address changes when a picture does.
    assert client.get(f"/bilder/{'0' * len(version)}.svg").status_code == 404
    # The same for everyone, also before signing in (nothing in it is about anyone).
    assert make_client().get(address).get_data(as_text=True) == sheet


def test_a_patient_page_draws_its_pictures_in_place(client, world, sign_in):
    sign_in(client, world.patient_user)
    html = client.get(f"/min-sida/{world.patient.public_id}/").get_data(as_text=True)
    assert not REFERENCE.findall(html) and '<use href="/bilder/' not in html
    assert html.count('class="picto picto-') > 5
