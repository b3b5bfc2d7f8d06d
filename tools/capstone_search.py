"""The offline hyperparameter search behind notebooks/11_capstone.ipynb.

    python tools/capstone_search.py [--trials 48] [--workers 2] [--out notebooks/data/capstone_search.json]
    python tools/capstone_search.py --min-width 64 --max-width 512 --epochs 60 --out notebooks/data/capstone_search_wide.json
    python tools/capstone_search.py --trials 40 --max-width 512 --max-dropout 0.7 --min-wd 1e-6 --out notebooks/data/capstone_search_widened.json
    python tools/capstone_search.py --quick --out /tmp/x.json      # a < 30 s smoke run (3 tiny trials)

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
import sys
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
    ap.add_argument("--max-dropout", type=float, default=0.5, help="largest dropout p searched")
    ap.add_argument("--min-wd", type=float, default=1e-4, help="smallest weight decay searched")
    ap.add_argument("--max-wd", type=float, default=1e-1, help="largest weight decay searched")
    ap.add_argument("--quick", action="store_true", help="3 trials of 2 epochs, widths 16-32, serial")
    ap.add_argument("--out", type=pathlib.Path, default=pathlib.Path("notebooks/data/capstone_search.json"))
    args = ap.parse_args(argv)
    from concurrent.futures import ProcessPoolExecutor

    if args.quick:
        args.trials, args.epochs, args.min_width, args.max_width, args.workers = 3, 2, 16, 32, 1
    space = {**SPACE, "width": ("logint", args.min_width, args.max_width), "epochs": args.epochs,
             "dropout": ("uniform", 0.0, args.max_dropout),
             "weight_decay": ("log", args.min_wd, args.max_wd)}
    t0 = time.perf_counter()
    if args.quick:
        res = cnn.search.random_search(train_mlp, space, n_trials=args.trials, rng=args.seed, executor="serial")
    else:
        with ProcessPoolExecutor(args.workers, initializer=cnn.search._one_blas_thread) as pool:
            res = cnn.search.random_search(train_mlp, space, n_trials=args.trials, rng=args.seed,
                                           executor=pool)
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
    out["settings"] = {"space": out["space"], "search_seed": args.seed, "n_trials": args.trials,
                       "workers": args.workers, "model": "ReLU MLP 40-w-w-10, He init, AdamW, batch 100",
                       "data": "MNIST-1D, 3200 train / 800 validation (mnist1d_split)",
                       "command": "python " + " ".join(["tools/capstone_search.py", *(argv or sys.argv[1:])]),
                       "numpy": np.__version__, "course_nn": cnn.__version__}
    out["results"] = {"best": best, "best_val_acc": res.best["score"], "trials": trials}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1))
    print(f"{len(res)} trials in {seconds:.0f} s; best val_acc {res.best['score']:.3f} with {best}")


if __name__ == "__main__":
    main()
