"""The reduced run of tools/precompute_regularization.py writes the structure 05 reads."""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_quick_run_writes_valid_results(tmp_path):
    out = tmp_path / "reg.json"
    subprocess.run([sys.executable, str(ROOT / "tools" / "precompute_regularization.py"), "--quick",
                    "--out", str(out)], check=True, cwd=tmp_path, timeout=600)
    data = json.loads(out.read_text())
    settings, results = data["settings"], data["results"]
    for key in ("seeds", "epochs", "lams", "small_widths", "command", "numpy", "course_nn"):
        assert key in settings
    assert [r["seed"] for r in results] == settings["seeds"]
    for r in results:
        assert [row["lam"] for row in r["l2"]] == settings["lams"]
        assert [row["width"] for row in r["small"]] == settings["small_widths"]
        # lambda and width are chosen on validation loss, never on the test points
        assert r["chosen_lam"] == min(r["l2"], key=lambda row: row["val_loss"])["lam"]
        assert r["chosen_width"] == min(r["small"], key=lambda row: row["val_loss"])["width"]
        for row in r["l2"] + r["small"] + [r["early_stopping"]]:
            assert 0.0 <= row["test_acc"] <= 1.0 and row["test_loss"] > 0
        # sanity: a stronger L2 penalty leaves smaller weights
        by_lam = sorted(r["l2"], key=lambda row: row["lam"])
        assert by_lam[-1]["mean_abs_w"] < by_lam[0]["mean_abs_w"]
        assert r["early_stopping"]["epochs_run"] <= settings["epochs"]
