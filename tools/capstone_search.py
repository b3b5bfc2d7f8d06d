"""The offline hyperparameter search behind notebooks/11_capstone.ipynb.

    python tools/capstone_search.py [--trials 48] [--workers 2] [--out notebooks/data/capstone_search.json]
    python tools/capstone_search.py --min-width 64 --max-width 512 --epochs 60 --out notebooks/data/capstone_search_wide.json

A random search over learning rate, width, dropout and weight decay of a 40-w-w-10 ReLU MLP
(He init, AdamW, mini-batches of 100) on MNIST-1D, judged on a validation split (the last 800 of
the 4000 training examples; ``course_nn.experiments.mnist1d_split``). It never looks at the test
set: the notebook evaluates the best configuration on it, once. Too slow for the notebook's 30 s
budget (several minutes on 2 cores), so it runs here and stores its small result as JSON; the
notebook reruns the best configuration and checks that it gets the stored validation accuracy.
The default space keeps widths up to 256 and 40 epochs so that this rerun fits the notebook's
budget; the second command above is the wider, slower search the notebook also reports.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import platform
import time

import numpy as np

import course_nn as cnn
from course_nn.experiments import train_mlp

SPACE = {"lr": ("log", 1e-3, 3e-2), "width": ("logint", 32, 256), "dropout": ("uniform", 0.0, 0.5),
         "weight_decay": ("log", 1e-4, 1e-1), "epochs": 40, "seed": 0}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=48)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0, help="seed of the random search")
    ap.add_argument("--min-width", type=int, default=32, help="smallest hidden width searched")
    ap.add_argument("--max-width", type=int, default=256, help="largest hidden width searched")
    ap.add_argument("--epochs", type=int, default=40, help="epochs of every trial")
    ap.add_argument("--out", type=pathlib.Path, default=pathlib.Path("notebooks/data/capstone_search.json"))
    args = ap.parse_args(argv)
    from concurrent.futures import ProcessPoolExecutor

    space = {**SPACE, "width": ("logint", args.min_width, args.max_width), "epochs": args.epochs}
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.workers, initializer=cnn.search._one_blas_thread) as pool:
        res = cnn.search.random_search(train_mlp, space, n_trials=args.trials, rng=args.seed, executor=pool)
    seconds = time.perf_counter() - t0
    trials = [{**{k: t["params"][k] for k in ("lr", "width", "dropout", "weight_decay")},
               "val_acc": t["score"], "best_val_acc": t["extra"].get("best_val_acc"),
               "train_acc": t["extra"].get("train_acc"), "status": t["status"],
               "seconds": round(t["seconds"], 2)} for t in res]
    best = res.best["params"]
    out = {"script": "tools/capstone_search.py", "space": {k: list(v) if isinstance(v, tuple) else v
                                                           for k, v in space.items()},
           "search_seed": args.seed, "n_trials": args.trials, "workers": args.workers,
           "wall_seconds": round(seconds, 1), "python": platform.python_version(),
           "numpy": np.__version__, "course_nn": cnn.__version__,
           "best": best, "best_val_acc": res.best["score"], "trials": trials}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1))
    print(f"{len(res)} trials in {seconds:.0f} s; best val_acc {res.best['score']:.3f} with {best}")


if __name__ == "__main__":
    main()
