"""tools/precompute_activations.py --quick writes the structure notebook 02 reads."""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_quick_run_writes_valid_json(tmp_path):
    out = tmp_path / "activations.json"
    subprocess.run([sys.executable, str(ROOT / "tools" / "precompute_activations.py"), "--quick",
                    "--out", str(out)], check=True, cwd=tmp_path)
    data = json.loads(out.read_text())
    assert set(data) == {"settings", "results"}
    s, res = data["settings"], data["results"]
    for key in ("seeds", "inits", "speed_lrs", "targets", "dead_lrs", "command", "numpy", "course_nn"):
        assert key in s
    speed, dead = res["speed"], res["dead"]
    assert len(speed) == (len(s["seeds"]) * len(s["inits"]) * len(s["activations"])
                          * len(s["speed_lrs"]) * len(s["targets"]))
    for r in speed:
        assert r["steps"] is None or 0 < r["steps"] <= s["max_steps"]
        if r["steps"] is not None:          # the recorded curve ends at the target
            assert r["curve_error"][-1] <= r["target"] and r["curve_steps"][-1] == r["steps"]
    assert len(dead) == len(s["seeds"]) * len(s["dead_lrs"])
    for r in dead:
        if r["dead"] is not None:
            assert len(r["dead"]) == 2 and all(0.0 <= d <= 1.0 for d in r["dead"])
    # sanity: at lr 0.1 no unit of the first hidden layer is dead (its inputs take both signs)
    assert all(r["dead"][0] == 0.0 for r in dead if r["lr"] == 0.1)
