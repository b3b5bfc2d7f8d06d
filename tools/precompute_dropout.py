"""The seeded experiment behind section 3 of notebooks/07_dropout.ipynb.

    python tools/precompute_dropout.py                    # writes notebooks/data/dropout.json
    python tools/precompute_dropout.py --quick --out /tmp/dropout.json

A 2-128-128-2 ReLU MLP (about 17,000 parameters) on 100 noisy two-moons points (noise 0.3),
Adam (lr 0.01), batches of 25, 150 epochs, with Dropout(p) after each hidden layer for several
drop probabilities p; scored in eval mode on the training points and on 300 fresh validation
points. Every seed draws a new data set, new weights and a new shuffling order
(``course_nn.experiments.train_moons_dropout``); seed 0 is the notebook's live run.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np

import course_nn as cnn
from course_nn.experiments import train_moons_dropout

FULL = {"seeds": list(range(10)), "ps": [0.0, 0.2, 0.5], "epochs": 150, "n_train": 100, "n_val": 300}
QUICK = {"seeds": [0, 1], "ps": [0.0, 0.5], "epochs": 5, "n_train": 100, "n_val": 300}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="tiny budget: checks that the script runs")
    ap.add_argument("--out", type=pathlib.Path, default=pathlib.Path("notebooks/data/dropout.json"))
    args = ap.parse_args(argv)
    s = QUICK if args.quick else FULL
    t0 = time.perf_counter()
    results = {str(p): [{"seed": seed, **train_moons_dropout(p=p, seed=seed, epochs=s["epochs"],
                                                             n_train=s["n_train"], n_val=s["n_val"])}
                        for seed in s["seeds"]] for p in s["ps"]}
    settings = {**s, "model": "2-128-128-2 ReLU MLP (He-uniform), Dropout(p) after each hidden layer "
                              "(p = drop probability)",
                "optimizer": "Adam lr 0.01, batch 25", "data": "two moons, noise 0.3; a new draw per seed",
                "command": " ".join(["python tools/precompute_dropout.py", *(sys.argv[1:] if argv is None else argv)]),
                "wall_seconds": round(time.perf_counter() - t0, 1),
                "numpy": np.__version__, "course_nn": cnn.__version__}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"settings": settings, "results": results}, indent=1))
    print(f"{len(s['ps']) * len(s['seeds'])} runs in {settings['wall_seconds']} s -> {args.out}")


if __name__ == "__main__":
    main()
