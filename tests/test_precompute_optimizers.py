import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from course_nn.experiments import train_steps

ROOT = Path(__file__).resolve().parent.parent


def test_quick_mode_writes_settings_and_results(tmp_path):
    out = tmp_path / "optimizers.json"
    subprocess.run([sys.executable, str(ROOT / "tools/precompute_optimizers.py"), "--quick", "--out", str(out)],
                   check=True, cwd=tmp_path)
    d = json.loads(out.read_text())
    assert set(d) >= {"settings", "results"} and d["settings"]["seeds"] == [0, 1]
    assert set(d["results"]["shuffle"]) == {"fixed", "once", "reshuffle"}
    for runs in [*d["results"]["shuffle"].values(), *d["results"]["optimizers"].values()]:
        assert len(runs) == 2 and all(0.0 <= r["test_acc"] <= 1.0 for r in runs)
    # one epoch over class-sorted data in sorted order ends on the last class: it predicts mostly
    # class 9, so it is far below a shuffled run (a property, not a tuned threshold)
    fixed = np.mean([r["test_acc"] for r in d["results"]["shuffle"]["fixed"]])
    reshuffled = np.mean([r["test_acc"] for r in d["results"]["shuffle"]["reshuffle"]])
    assert fixed < reshuffled


class _Recorder:
    """A stand-in model that records which examples it saw (train_steps only needs these calls)."""

    def __init__(self):
        import course_nn as cnn
        self.net, self.seen = cnn.mlp([1, 2, 2], rng=0), []

    def __call__(self, x):
        self.seen.append(x[:, 0].astype(int).tolist())
        return self.net(x)

    def __getattr__(self, name):
        return getattr(self.net, name)


def test_train_steps_orders():
    X, y = np.arange(6, dtype=float)[:, None], np.array([0, 0, 0, 1, 1, 1])
    seen = {}
    for order in ("fixed", "once", "reshuffle"):
        m = _Recorder()
        train_steps(m, X, y, steps=6, batch_size=3, order=order, seed=0)
        seen[order] = m.seen
    assert seen["fixed"] == [[0, 1, 2], [3, 4, 5]] * 3
    assert seen["once"][:2] * 3 == seen["once"] and seen["once"][:2] != [[0, 1, 2], [3, 4, 5]]
    epochs = [seen["reshuffle"][i:i + 2] for i in (0, 2, 4)]
    assert all(sorted(a + b) == list(range(6)) for a, b in epochs) and len({str(e) for e in epochs}) > 1
