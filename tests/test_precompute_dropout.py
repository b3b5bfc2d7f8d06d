"""tools/precompute_dropout.py in its quick mode: runs, writes the documented structure."""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_quick_mode_writes_settings_and_results(tmp_path):
    out = tmp_path / "dropout.json"
    subprocess.run([sys.executable, str(ROOT / "tools/precompute_dropout.py"), "--quick", "--out", str(out)],
                   check=True, cwd=tmp_path, capture_output=True)
    data = json.loads(out.read_text())
    s, r = data["settings"], data["results"]
    assert {"seeds", "ps", "epochs", "command", "numpy", "course_nn"} <= set(s)
    assert set(r) == {str(p) for p in s["ps"]}
    for runs in r.values():
        assert [run["seed"] for run in runs] == s["seeds"]
        for run in runs:
            for key in ("train_acc", "val_acc"):
                assert 0.0 <= run[key] <= 1.0
            assert run["train_loss"] >= 0 and run["val_loss"] >= 0
            assert len(run["val_loss_curve"]) == s["epochs"]
    # sanity: even 5 epochs on two moons beat chance (50%) on average
    assert sum(run["val_acc"] for run in r["0.0"]) / len(r["0.0"]) > 0.6
