"""The seeded training comparison behind section 4 of notebooks/08_initialization.ipynb.

    python tools/precompute_initialization.py             # writes notebooks/data/initialization.json
    python tools/precompute_initialization.py --quick --out /tmp/init.json

An 8-hidden-layer ReLU MLP (40-100x8-10) on MNIST-1D (3200 training, 800 validation, 1000 test
examples), trained with plain SGD in batches of 60 for 20 epochs, for three initializations
(He-uniform, Xavier-uniform, N(0, 0.01^2)), several learning rates and 5 seeds each
(``course_nn.experiments.train_deep_relu``). Learning rates are to be chosen on validation accuracy.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np

import course_nn as cnn
from course_nn.experiments import train_deep_relu

FULL = {"seeds": [0, 1, 2, 3, 4], "inits": ["he_uniform", "xavier_uniform", "normal_0.01"],
        "lrs": [0.01, 0.03, 0.1, 0.3, 1.0], "depth": 8, "width": 100, "epochs": 20, "batch_size": 60, "n_train": None}
QUICK = {**FULL, "seeds": [0, 1], "lrs": [0.1], "depth": 3, "width": 16, "epochs": 2, "n_train": 600}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="tiny budget: checks that the script runs")
    ap.add_argument("--out", type=pathlib.Path, default=pathlib.Path("notebooks/data/initialization.json"))
    args = ap.parse_args(argv)
    s = QUICK if args.quick else FULL
    kw = {k: s[k] for k in ("depth", "width", "epochs", "batch_size", "n_train")}
    t0 = time.perf_counter()
    results = {init: {str(lr): [{"seed": seed, **train_deep_relu(init=init, lr=lr, seed=seed, **kw)}
                                for seed in s["seeds"]] for lr in s["lrs"]} for init in s["inits"]}
    settings = {**s, "model": f"40-{s['width']}x{s['depth']}-10 ReLU MLP, plain SGD",
                "data": "MNIST-1D: first 3200 training examples, last 800 for validation, 1000 test",
                "command": " ".join(["python tools/precompute_initialization.py",
                                     *(sys.argv[1:] if argv is None else argv)]),
                "wall_seconds": round(time.perf_counter() - t0, 1), "numpy": np.__version__,
                "course_nn": cnn.__version__}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"settings": settings, "results": results}, indent=1))
    print(f"{len(s['inits']) * len(s['lrs']) * len(s['seeds'])} runs in {settings['wall_seconds']} s -> {args.out}")


if __name__ == "__main__":
    main()
