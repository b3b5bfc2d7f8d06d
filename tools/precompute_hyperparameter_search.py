"""Seeded runs behind notebooks/10_hyperparameter_search.ipynb: grid vs random search, repeated.

    python tools/precompute_hyperparameter_search.py                      # notebooks/data/hyperparameter_search.json
    python tools/precompute_hyperparameter_search.py --quick --out X.json # a < 30 s smoke run

Both searches tune AdamW's learning rate (log, 1e-4..1e-1: it matters) and weight decay (log,
1e-5..1e-3: after 5 epochs it hardly does) of a 40-64-64-10 ReLU MLP (5 epochs, batch 100) on
MNIST-1D's 3200/800 split, with the same budget of 9 trials: a 3 x 3 grid, or 9 random trials.
Each search is repeated with 5 seeds (seed s: training seed s for every trial; for random search
also the search seed s); the result is the best validation accuracy of each search.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np

import course_nn as cnn
from course_nn.experiments import train_mlp

HERE = pathlib.Path(__file__).resolve().parent.parent


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2 seeds, 1 epoch, 400 examples (smoke test)")
    ap.add_argument("--out", type=pathlib.Path, default=HERE / "notebooks/data/hyperparameter_search.json")
    args = ap.parse_args(argv)
    seeds = [0, 1] if args.quick else [0, 1, 2, 3, 4]
    fixed = {"epochs": 1 if args.quick else 5, "width": 64}
    if args.quick:
        fixed["n_train"] = 400
    t0 = time.perf_counter()
    out = {"grid": [], "random": []}
    for s in seeds:
        grid = cnn.search.grid_search(train_mlp, {"lr": list(np.geomspace(1e-4, 1e-1, 3)),
                                                  "weight_decay": list(np.geomspace(1e-5, 1e-3, 3)),
                                                  **fixed, "seed": s}, executor="serial")
        rand = cnn.search.random_search(train_mlp, {"lr": ("log", 1e-4, 1e-1), "weight_decay": ("log", 1e-5, 1e-3),
                                                    **fixed, "seed": s}, n_trials=9, rng=s, executor="serial")
        for name, res in (("grid", grid), ("random", rand)):
            out[name].append({"best_val_acc": float(res.best["score"]), "best_lr": float(res.best_params["lr"]),
                              "distinct_lr": len(res.distinct_values("lr")),
                              "scores": [float(t["score"]) for t in res]})
        print(f"seed {s}: grid {out['grid'][-1]['best_val_acc']:.3f}, random {out['random'][-1]['best_val_acc']:.3f}",
              flush=True)
    settings = {"seeds": seeds, "trials_per_search": 9, **fixed,
                "model": "ReLU MLP 40-64-64-10, He init, AdamW, batch 100",
                "grid": {"lr": [1e-4, 1e-1, 3], "weight_decay": [1e-5, 1e-3, 3]},
                "random": {"lr": ["log", 1e-4, 1e-1], "weight_decay": ["log", 1e-5, 1e-3]},
                "data": "MNIST-1D 3200 train / 800 validation (mnist1d_split)",
                "command": "python " + " ".join(["tools/precompute_hyperparameter_search.py", *(argv if argv is not None else sys.argv[1:])]),
                "numpy": np.__version__, "course_nn": cnn.__version__,
                "wall_seconds": round(time.perf_counter() - t0, 1)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"settings": settings, "results": out}, indent=1))
    print(f"wrote {args.out} in {settings['wall_seconds']} s")


if __name__ == "__main__":
    main()
