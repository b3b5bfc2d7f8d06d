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


def test_error_vs_lambda_draws_zero_tick_and_honest_band():
    """The plot the notebook draws from these results: lambda = 0 gets its own tick, and where
    mean - sd <= 0 on a log axis the band runs to the bottom edge (never to an invented value)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    import course_nn as cnn

    lams = [0.0, 1e-3, 1e-2, 1e-1]
    curves = np.array([[5.0, 1.0, 0.3, 0.5], [0.1, 0.9, 0.35, 0.55], [0.2, 1.1, 0.25, 0.6]])
    ax = cnn.plots.error_vs_lambda(lams, {"val": curves}, logy=True, chosen={"val": [1e-2, 1e-2, 0.0]})
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "0" and len(labels) == 4
    m, sd = curves.mean(0), curves.std(0, ddof=1)
    assert m[0] - sd[0] <= 0                                       # the case under test
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    bottom = ax.get_ylim()[0]
    assert np.isclose(band.min(), bottom)
    assert np.all(band >= bottom - 1e-12)
    assert any(t.get_text() == "x2" for t in ax.texts)             # two seeds chose 1e-2
    plt.close(ax.figure)
