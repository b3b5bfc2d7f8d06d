"""Precompute notebook 02's experiments: ReLU against tanh speed, and dying ReLUs.

    python tools/precompute_activations.py                      # notebooks/data/activations.json
    python tools/precompute_activations.py --quick --out x.json # reduced grid, a few seconds

Speed (Krizhevsky et al. 2012, Figure 1, at small scale): a 40-100-100-10 MLP on MNIST-1D, SGD
with momentum 0.9, batch 100; steps until the training error (first 1000 training signals,
checked every 10 steps) first reaches the target; for each activation, initialization, learning
rate and seed (course_nn.experiments.steps_to_error).
Dying ReLU: one epoch of plain SGD (batch 32) at growing learning rates; the share of hidden
units never active on the 4000 training signals (course_nn.experiments.dead_relu_fraction).
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np

import course_nn as cnn
from course_nn.experiments import dead_relu_fraction, steps_to_error

FULL = {"seeds": [0, 1, 2, 3, 4], "activations": ["relu", "tanh"], "inits": ["normal_0.01", "glorot"],
        "speed_lrs": [0.01, 0.03, 0.1, 0.3, 0.6], "targets": [0.5, 0.25], "max_steps": 10000,
        "dead_lrs": [0.01, 0.03, 0.1, 0.3, 1.0, 1.5, 2.0]}
QUICK = {"seeds": [0, 1], "activations": ["relu", "tanh"], "inits": ["glorot"], "speed_lrs": [0.1],
         "targets": [0.5], "max_steps": 500, "dead_lrs": [0.1, 1.5]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a reduced grid (for tests)")
    ap.add_argument("--out", type=pathlib.Path, default=pathlib.Path("notebooks/data/activations.json"))
    args = ap.parse_args(argv)
    g = QUICK if args.quick else FULL
    t0 = time.perf_counter()
    speed = []
    for target in g["targets"]:
        for init in g["inits"]:
            for act in g["activations"]:
                for lr in g["speed_lrs"]:
                    for seed in g["seeds"]:
                        r = steps_to_error(act, init, seed, target=target, max_steps=g["max_steps"], lr=lr)
                        row = {"target": target, "init": init, "activation": act, "lr": lr,
                               "seed": seed, "steps": r["steps"]}
                        if lr == 0.1:                       # keep the curves of the shared lr
                            row["curve_steps"], row["curve_error"] = r["curve_steps"], r["curve_error"]
                        speed.append(row)
    dead = [{"lr": lr, "seed": seed, **dead_relu_fraction(lr=lr, seed=seed)}
            for lr in g["dead_lrs"] for seed in g["seeds"]]
    settings = {**g, "quick": args.quick,
                "speed_model": "40-100-100-10 MLP, SGD momentum 0.9, batch 100 (random mini-batches "
                               "of the 4000 MNIST-1D training signals), error on the first 1000 "
                               "checked every 10 steps; steps None = target not reached",
                "dead_model": "40-100-100-10 ReLU MLP, He init, plain SGD, batch 32, 1 epoch",
                "command": " ".join(["python", "tools/precompute_activations.py", *(argv or sys.argv[1:])]),
                "numpy": np.__version__, "course_nn": cnn.__version__,
                "wall_seconds": round(time.perf_counter() - t0, 1)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"settings": settings, "results": {"speed": speed, "dead": dead}}))
    print(f"{len(speed)} speed runs, {len(dead)} dead-ReLU runs in {settings['wall_seconds']} s -> {args.out}")


if __name__ == "__main__":
    main()
