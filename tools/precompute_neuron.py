"""Precompute notebook 01's capacity experiment: a small net against a big L2-regularised one.

    python tools/precompute_neuron.py                      # writes notebooks/data/neuron.json
    python tools/precompute_neuron.py --quick --out x.json # reduced grid, a few seconds

For every seed (a fresh sample of noisy spirals and a fresh initialization), every hidden width
and every L2 strength it trains a 2-h-3 ReLU net (course_nn.experiments.spiral_net) and records
train / validation / test accuracy. The notebook picks lambda per width and seed on the
validation accuracy and reports the test accuracy of that choice, mean +- sd over seeds.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np

import course_nn as cnn
from course_nn.experiments import spiral_net

FULL = {"seeds": [0, 1, 2, 3, 4], "widths": [3, 6, 20, 100],
        "lams": [0.0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3], "epochs": [300, 3000]}
QUICK = {"seeds": [0, 1], "widths": [3, 100], "lams": [0.0, 1e-3], "epochs": [100]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a reduced grid (for tests)")
    ap.add_argument("--out", type=pathlib.Path, default=pathlib.Path("notebooks/data/neuron.json"))
    args = ap.parse_args(argv)
    grid = QUICK if args.quick else FULL
    t0 = time.perf_counter()
    results = []
    for epochs in grid["epochs"]:
        for hidden in grid["widths"]:
            for lam in grid["lams"]:
                for seed in grid["seeds"]:
                    r = spiral_net(hidden=hidden, lam=lam, seed=seed, epochs=epochs)
                    results.append({"epochs": epochs, "hidden": hidden, "lam": lam, "seed": seed,
                                    **{k: round(v, 6) for k, v in r.items()}})
    settings = {**grid, "quick": args.quick, "data": "cnn.datasets.spirals, noise 0.6, 3 classes; "
                "150 training, 600 validation and 600 test points, resampled per seed",
                "model": "2-h-3 ReLU MLP, He init, full-batch Adam lr 0.02, L2 on weights only",
                "command": " ".join(["python", "tools/precompute_neuron.py", *(argv or sys.argv[1:])]),
                "numpy": np.__version__, "course_nn": cnn.__version__,
                "wall_seconds": round(time.perf_counter() - t0, 1)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"settings": settings, "results": results}, indent=1))
    print(f"{len(results)} runs in {settings['wall_seconds']} s -> {args.out}")


if __name__ == "__main__":
    main()
