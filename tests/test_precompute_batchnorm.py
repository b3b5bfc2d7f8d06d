"""tools/precompute_batchnorm.py in its quick mode: runs, writes the documented structure."""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_quick_mode_writes_settings_and_results(tmp_path):
    out = tmp_path / "bn.json"
    subprocess.run([sys.executable, str(ROOT / "tools/precompute_batchnorm.py"), "--quick", "--out", str(out)],
                   check=True, cwd=tmp_path, capture_output=True)
    data = json.loads(out.read_text())
    s, r = data["settings"], data["results"]
    assert {"seeds", "epochs", "batch_size", "lrs", "command", "numpy", "course_nn"} <= set(s)
    assert set(r) == {"sweep", "init", "logreg"}
    for variant in ("plain", "bn_before", "bn_after"):
        for lr in s["lrs"]:
            runs = r["sweep"][variant][str(lr)]
            assert [run["seed"] for run in runs] == s["seeds"]
            for run in runs:                       # accuracies are fractions, one val_acc per epoch
                if not run["diverged"]:
                    assert 0.0 <= run["test_acc"] <= 1.0
                    assert len(run["val_acc"]) == s["epochs"]
                    assert all(0.0 <= a <= 1.0 for a in run["val_acc"])
    for init in s["inits"]:
        assert len(r["init"]["bn_before"][init]) == len(s["seeds"])
    # sanity: logistic regression (convex, small lr) learns something even in 2 quick epochs
    assert max(run["test_acc"] for runs in r["logreg"].values() for run in runs) > 0.15
