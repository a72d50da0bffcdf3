"""Every text in code and templates has its English and Arabic wording, and every catalogue compiles."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

pytestmark = pytest.mark.one_database  # see pyproject.toml

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "translations"


def load(language: str, domain: str = "messages"):
    with (CATALOGUES / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as f:
        return read_po(f)


EASY = [path.parent.parent.name for path in sorted(CATALOGUES.glob("*/LC_MESSAGES/easy.po"))]


def source_messages() -> set[str]:
    method_map = [("app/**.py", "python"), ("app/templates/**.html", "jinja2")]
    options = {"app/templates/**.html": {"trimmed": "true"}}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        options,
        keywords={"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("language", ["sv", "en", "ar"])
def test_every_text_is_translated(language):
    catalogue = load(language)
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalogue
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(source_messages() - translated)
    assert not missing, (
        f"{len(missing)} texts lack a {language} translation; run "
        f"`flask translate extract` and `update`, then translate: {missing[:10]}"
    )


@pytest.mark.parametrize(
    "language,domain",
    [("sv", "messages"), ("en", "messages"), ("ar", "messages")] + [(lang, "easy") for lang in EASY],
)
def test_catalogue_compiles_without_errors(language, domain):
    catalogue = load(language, domain)
    problems = [(m.id, errors) for m, errors in catalogue.check()]
    assert not problems, problems[:5]
    write_mo(io.BytesIO(), catalogue)


def test_there_is_easy_swedish_and_easy_english():
    assert {"sv", "en"} <= set(EASY)


def test_easy_english_covers_what_easy_swedish_covers():
    def written(language):
        return {m.id for m in load(language, "easy") if m.id and m.string and not m.fuzzy}

    missing = sorted(written("sv") - written("en"))
    assert not missing, f"{len(missing)} easy Swedish texts have no easy English: {missing[:5]}"


def test_placeholders_survive_translation():
    catalogues = [load("en"), load("ar")] + [load(language, "easy") for language in EASY]
    for catalogue in catalogues:
        language = catalogue.locale
        for m in catalogue:
            if m.id and isinstance(m.id, str) and m.string:
                for token in ("%(", "\n"):
                    assert m.id.count(token) == m.string.count(token), (language, m.id)


def test_translate_commands_run():
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "translate", "compile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
