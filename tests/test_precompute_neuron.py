"""tools/precompute_neuron.py --quick writes the structure notebook 01 reads."""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_quick_run_writes_valid_json(tmp_path):
    out = tmp_path / "neuron.json"
    subprocess.run([sys.executable, str(ROOT / "tools" / "precompute_neuron.py"), "--quick",
                    "--out", str(out)], check=True, cwd=tmp_path)
    data = json.loads(out.read_text())
    assert set(data) == {"settings", "results"}
    s = data["settings"]
    for key in ("seeds", "widths", "lams", "epochs", "command", "numpy", "course_nn"):
        assert key in s
    rows = data["results"]
    assert len(rows) == len(s["seeds"]) * len(s["widths"]) * len(s["lams"]) * len(s["epochs"])
    for r in rows:
        for k in ("train_acc", "val_acc", "test_acc"):
            assert 0.0 <= r[k] <= 1.0
    # sanity: with 3 classes every net beats random guessing on its training data
    assert min(r["train_acc"] for r in rows) > 0.4
    # and a 100-unit net fits its training data better than a 3-unit net, for every seed
    for seed in s["seeds"]:
        acc = {r["hidden"]: r["train_acc"] for r in rows if r["seed"] == seed and r["lam"] == 0.0}
        assert acc[100] > acc[3]
