import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from app.pictograms import DEFAULT_DIR, label, library, pictogram

SVG_NS = "{http://www.w3.org/2000/svg}"


def test_manifest_and_files_match():
    manifest = json.loads((DEFAULT_DIR / "manifest.json").read_text(encoding="utf-8"))
    listed = {item["file"] for item in manifest["pictograms"]}
    on_disk = {p.name for p in DEFAULT_DIR.glob("*.svg")}
    assert listed == on_disk
    assert manifest["license"]
    for item in manifest["pictograms"]:
        assert set(item["labels"]) >= {"sv", "en", "ar"} and set(item["easy"]) >= {"sv", "en"}


def test_every_file_is_well_formed_svg_with_a_title():
    for path in DEFAULT_DIR.glob("*.svg"):
        root = ET.parse(path).getroot()  # noqa: S314 - our own files
        assert root.tag == f"{SVG_NS}svg", path.name
        assert root.get("viewBox") == "0 0 64 64", path.name
        title = root.find(f"{SVG_NS}title")
        assert title is not None and title.text.strip(), path.name


def test_every_pictogram_used_in_templates_exists():
    used = set()
    for template in (Path(__file__).resolve().parent.parent / "app" / "templates").rglob("*.html"):
        used |= set(re.findall(r'pictogram\(\s*"([a-z0-9-]+)"', template.read_text()))
        used |= set(re.findall(r'picto="([a-z0-9-]+)"', template.read_text()))
    assert used, "no pictogram ids found in templates"
    # The default set alone must cover the templates.
    ids = {item["id"] for item in json.loads((DEFAULT_DIR / "manifest.json").read_text())["pictograms"]}
    assert used <= ids, used - ids


def test_drawn_decorative_or_with_a_name(app):
    with app.test_request_context():
        decorative = str(pictogram("home"))
        assert 'aria-hidden="true"' in decorative and "<title>" not in decorative
        named = str(pictogram("home", alt='Hem "start"'))
        assert 'role="img"' in named and 'aria-label="Hem &#34;start&#34;"' in named


def test_label_follows_the_locale(app):
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert label("home") == "الرئيسية"
    with app.test_request_context():
        assert label("home") == "Hem"


def test_extra_set_overrides_ids(app, tmp_path):
    (tmp_path / "home.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><title>Hus</title>'
        '<rect id="regional" width="64" height="64"/></svg>')
    (tmp_path / "manifest.json").write_text(json.dumps({"license": "test", "pictograms": [
        {"id": "home", "file": "home.svg", "category": "home",
         "labels": {"sv": "Hus", "en": "House", "ar": "بيت"}, "easy": {"sv": "Hus", "en": "House"},
         "keywords": []}]}))
    app.config["EXTRA_PICTOGRAM_DIRS"] = [str(tmp_path)]
    try:
        with app.test_request_context():
            assert 'id="regional"' in str(pictogram("home"))
            assert label("home") == "Hus"
            assert "settings" in library()  # the rest of the default set stays
    finally:
        app.config.pop("EXTRA_PICTOGRAM_DIRS")
