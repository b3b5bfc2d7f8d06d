"""Every precompute script in tools/ still runs: its quick mode, into a temporary file.

The notebooks plot results that these scripts computed offline (too slow for a notebook's 30 s)
and stored in notebooks/data/. Running each script's ``--quick`` mode here keeps the scripts
from rotting while the package changes under them; the notebooks themselves re-run one stored
configuration live and check it against the stored spread.
"""
import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p for p in (ROOT / "tools").glob("*.py")
                 if p.name.startswith("precompute_") or p.name == "capstone_search.py")


def test_there_are_precompute_scripts():
    assert SCRIPTS, "no tools/precompute_*.py found"


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_quick_mode_writes_settings_and_results(script, tmp_path):
    out = tmp_path / f"{script.stem}.json"
    proc = subprocess.run([sys.executable, str(script), "--quick", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900,
                          env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(out.read_text())
    assert {"settings", "results"} <= set(data), sorted(data)
    assert data["settings"] and data["results"]


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_stored_results_exist_and_record_their_settings(script):
    """Each script's full run is stored where its notebook loads it, with its settings."""
    stored = [p for p in (ROOT / "notebooks" / "data").glob("*.json")
              if script.stem.removeprefix("precompute_") in p.stem or (script.stem == "capstone_search" and "capstone" in p.stem)]
    assert stored, f"no notebooks/data/*.json for {script.name}"
    for path in stored:
        data = json.loads(path.read_text())
        assert "settings" in data or "config" in data or "space" in data, f"{path.name} records no settings"
