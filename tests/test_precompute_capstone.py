import json
import subprocess
import sys
from pathlib import Path

import numpy as np

import course_nn as cnn
from course_nn.experiments import ResidualReLU, paper_mlp

ROOT = Path(__file__).resolve().parent.parent


def test_quick_mode_writes_settings_and_results(tmp_path):
    out = tmp_path / "capstone.json"
    subprocess.run([sys.executable, str(ROOT / "tools/precompute_capstone.py"), "--quick", "--out", str(out)],
                   check=True, cwd=tmp_path)
    d = json.loads(out.read_text())
    assert set(d) >= {"settings", "results"}
    assert d["settings"]["seeds"] == [0, 1] and d["settings"]["numpy"] == np.__version__
    for key in ("paper_mlp", "plain_mlp", "plain_split", "tuned_test"):
        accs = [r["test_acc"] for r in d["results"][key]]
        assert len(accs) == 2
        # 200 quick steps already beat chance (0.1) clearly on 10 balanced classes
        assert all(0.2 < a <= 1.0 for a in accs), (key, accs)


def test_capstone_search_quick(tmp_path):
    out = tmp_path / "search.json"
    subprocess.run([sys.executable, str(ROOT / "tools/capstone_search.py"), "--quick", "--out", str(out)],
                   check=True, cwd=tmp_path)
    d = json.loads(out.read_text())
    assert set(d) >= {"settings", "results"} and len(d["results"]["trials"]) == 3
    assert d["results"]["best_val_acc"] == max(t["val_acc"] for t in d["results"]["trials"])


def test_paper_mlp_backward_and_init():
    m = paper_mlp(seed=0)
    errs = cnn.gradcheck.check_module(m, np.random.default_rng(1).standard_normal((5, 40)))
    assert max(errs.values()) < 1e-6, errs
    bound = 1 / np.sqrt(40)
    assert np.abs(m[0].weight.value).max() <= bound and np.abs(m[0].bias.value).max() > 0
    assert isinstance(m[2], ResidualReLU) and m.num_parameters() == 40 * 100 + 100 + 100 * 100 + 100 + 100 * 10 + 10
