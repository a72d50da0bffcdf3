"""The house rules that scripts/test runs (import-linter's contracts, mypy, ruff's format check and
its complexity rule) pass on the code as it is, and each fails on a copy of the code that breaks
it: a rule that cannot fail would keep nothing."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.one_database  # no database: the code itself is checked

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The app and its configuration, copied: each test breaks one rule in it."""
    folder = tmp_path_factory.mktemp("house")
    shutil.copytree(ROOT / "app", folder / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", folder)
    return folder


def run(tool: str, *args: str, where: Path) -> subprocess.CompletedProcess:
    # The copy comes first on the path, before the installed (editable) app.
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run(
        [str(BIN / tool), *args], cwd=where, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def changed(copy: Path, module: str, added: str):
    """Append `added` to one module of the copy; the context manager puts the module back."""
    path = copy / module
    original = path.read_text(encoding="utf-8")

    class Change:
        def __enter__(self):
            path.write_text(original + "\n" + added + "\n", encoding="utf-8")

        def __exit__(self, *exc):
            path.write_text(original, encoding="utf-8")

    return Change()


def test_the_contracts_hold_on_the_code_as_it_is(copy):
    result = run("lint-imports", "--no-cache", where=copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "added", "broken"),
    [
        # The kernel may not import an area.
        (
            "app/core/clock.py",
            "from ..visits import listing  # noqa",
            "The kernel (app.core) imports no feature area",
        ),
        # No module but create_app imports a routes module.
        ("app/visits/pages.py", "from ..needs import routes  # noqa", "No module imports a routes module"),
        # An area may not use a higher one: the needs are below contact.
        ("app/needs/services.py", "from ..contact import inbox  # noqa", "The areas depend downward only"),
        # ... and no cycle: the picture library is below i18n's users, not above them.
        ("app/i18n.py", "from . import pictograms  # noqa", "No import cycles"),
    ],
)
def test_each_contract_fails_when_broken(copy, module, added, broken):
    with changed(copy, module, added):
        result = run("lint-imports", "--no-cache", where=copy)
    assert result.returncode != 0
    line = next(line for line in result.stdout.splitlines() if line.startswith(broken))
    assert "BROKEN" in line and "KEPT" not in line, result.stdout


def test_mypy_fails_on_a_type_error_in_the_kernel(copy):
    with changed(copy, "app/core/clock.py", 'WRONG: int = "not a number"'):
        result = run("mypy", "app/core/clock.py", where=copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        'Incompatible types in assignment (expression has type "str", variable has type "int")'
        in result.stdout
    )


def test_the_format_check_fails_on_code_not_in_the_house_format(copy):
    assert run("ruff", "format", "--check", "app/core/clock.py", where=copy).returncode == 0
    with changed(copy, "app/core/clock.py", "def odd( a,b ):\n  return a+b"):
        result = run("ruff", "format", "--check", "app/core/clock.py", where=copy)
    assert result.returncode == 1
    assert "1 file would be reformatted" in result.stdout


def test_the_complexity_rule_fails_on_a_tangled_function(copy):
    branches = "".join(f"    if x == {n}:\n        return {n}\n" for n in range(16))
    with changed(copy, "app/core/clock.py", f"def tangled(x):\n{branches}    return -1"):
        result = run("ruff", "check", "--select", "C901", "app/core/clock.py", where=copy)
    assert result.returncode == 1
    assert "C901 `tangled` is too complex (17 > 15)" in result.stdout


def test_no_route_commits():
    """Transactions commit in the service layer (app/core/__init__.py): a routes module never
    calls commit(), so a page cannot save half of what its service meant to."""
    found = []
    for path in sorted((ROOT / "app").rglob("*routes.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "commit"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, found
    assert len(list((ROOT / "app").rglob("*routes.py"))) >= 14  # the check sees the routes modules


GETTEXT_NAMES = {"_", "_l", "gettext", "ngettext", "lazy_gettext", "pgettext"}


def gettext_in_fstrings(source: str) -> list[int]:
    """Lines where a translated text is written inside an f-string: Babel's extractor does not
    look inside f-strings, so the text would fall out of the catalogues (and stay Swedish)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in GETTEXT_NAMES
                ):
                    lines.append(inner.lineno)
    return lines


def test_no_translated_text_inside_an_f_string():
    assert gettext_in_fstrings("word = f\"<span>{escape(_('Lyssna'))}</span>\"\n") == [1]
    assert gettext_in_fstrings('word = _("Lyssna")\nhtml = f"<span>{word}</span>"\n') == []
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        for line in gettext_in_fstrings(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
