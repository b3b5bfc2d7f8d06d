"""Every precompute script in tools/ is kept from rotting, and its stored results are in place.

The notebooks plot results that these scripts computed offline (too slow for a notebook's 30 s)
and stored in notebooks/data/. Each script's ``--quick`` mode runs in a test of its own
(tests/test_precompute_<topic>.py, which also checks the numbers), so the scripts keep working
while the package changes under them; the notebooks themselves re-run one stored configuration
live and check it against the stored spread.
"""
import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p for p in (ROOT / "tools").glob("*.py")
                 if p.name.startswith("precompute_") or p.name == "capstone_search.py")


def _has_own_test(script):
    """A tests/test_precompute_<topic>.py that runs this script's quick mode and checks its content."""
    return any(script.name in t.read_text() for t in (ROOT / "tests").glob("test_precompute_*.py"))


def test_there_are_precompute_scripts():
    assert SCRIPTS, "no tools/precompute_*.py found"


def test_every_script_runs_in_a_test_of_its_own():
    """Each script's quick mode runs once, in tests/test_precompute_<topic>.py, which also checks
    its "settings" and "results" and a property of the numbers; a script without one fails here."""
    assert [p.name for p in SCRIPTS if not _has_own_test(p)] == []


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_stored_results_exist_and_record_their_settings(script):
    """Each script's full run is stored where its notebook loads it, with its settings."""
    stored = [p for p in (ROOT / "notebooks" / "data").glob("*.json")
              if script.stem.removeprefix("precompute_") in p.stem or (script.stem == "capstone_search" and "capstone" in p.stem)]
    assert stored, f"no notebooks/data/*.json for {script.name}"
    for path in stored:
        data = json.loads(path.read_text())
        assert "settings" in data or "config" in data or "space" in data, f"{path.name} records no settings"
