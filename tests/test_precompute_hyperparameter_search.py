import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_mode_writes_settings_and_results(tmp_path):
    out = tmp_path / "hp.json"
    subprocess.run([sys.executable, str(ROOT / "tools/precompute_hyperparameter_search.py"), "--quick",
                    "--out", str(out)], check=True, cwd=tmp_path)
    d = json.loads(out.read_text())
    assert set(d) >= {"settings", "results"} and d["settings"]["trials_per_search"] == 9
    for name, distinct in (("grid", 3), ("random", 9)):
        runs = d["results"][name]
        assert len(runs) == 2
        for r in runs:
            assert r["distinct_lr"] == distinct and len(r["scores"]) == 9
            assert r["best_val_acc"] == max(s for s in r["scores"] if s == s)
