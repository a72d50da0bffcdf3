"""scripts/pictogram-sheet: the pictures for a blind test, numbered and shuffled, the key apart."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pictogram-sheet"


def test_the_sheet_has_only_numbered_pictures_and_the_key_is_apart(tmp_path):
    sheet, key = tmp_path / "sheet", tmp_path / "key.json"
    ids = ["home", "eye", "who-looked", "body-part-hand-left"]
    subprocess.run(
        [str(SCRIPT), str(sheet), str(key), "--only", ",".join(ids), "--seed", "3", "--size", "80"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    names = sorted(p.name for p in sheet.iterdir())
    assert names == ["001.png", "002.png", "003.png", "004.png", "sheet-01.png"]
    found = json.loads(key.read_text(encoding="utf-8"))
    assert sorted(item["id"] for item in found.values()) == sorted(ids)
    assert found[next(n for n, item in found.items() if item["id"] == "who-looked")]["used_for"] == [
        "Vem har tittat på mina uppgifter?",
        "Vem har tittat?",
    ]
    for name in names:
        assert (sheet / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    refused = subprocess.run(
        [str(SCRIPT), str(sheet), str(sheet / "key.json")], capture_output=True, timeout=120
    )
    assert refused.returncode != 0 and not (sheet / "key.json").exists()
