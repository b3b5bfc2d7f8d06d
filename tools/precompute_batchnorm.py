"""The seeded experiments behind section 5 of notebooks/06_batchnorm.ipynb.

    python tools/precompute_batchnorm.py                  # full run, writes notebooks/data/batchnorm.json
    python tools/precompute_batchnorm.py --quick --out /tmp/bn.json   # seconds: structure only

A 40-100-100-100-10 sigmoid MLP (the architecture of Ioffe & Szegedy's 2015 MNIST experiment),
Xavier-uniform weights, with and without a BatchNorm1d layer before each sigmoid (and, as a
variant, after it), trained with plain SGD in batches of 60 on MNIST-1D's first 3200 training
examples (``course_nn.experiments.mnist1d_split``). For every learning rate and seed it stores
the validation accuracy after each epoch (the last 800 training examples) and the final test
accuracy. Learning rates are chosen on validation accuracy; the test set is only reported.
A logistic-regression baseline gets the same data, batches, budget and learning-rate sweep.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

import course_nn as cnn
from course_nn.experiments import train_logreg_sgd, train_sigmoid_mlp

FULL = {"seeds": [0, 1, 2, 3, 4], "epochs": 100, "batch_size": 60, "n_train": None,
        "lrs": [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0], "init_lr": 1.0,
        "inits": ["normal_0.01", "xavier_uniform", "normal_1.0"], "logreg_lrs": [0.03, 0.1, 0.3, 1.0]}
QUICK = {"seeds": [0, 1], "epochs": 2, "batch_size": 60, "n_train": 600,
         "lrs": [0.3, 3.0], "init_lr": 1.0, "inits": ["normal_0.01", "xavier_uniform"], "logreg_lrs": [0.3]}


def _job(kind, kw):
    if kind == "logreg":
        return train_logreg_sgd(**kw)
    return train_sigmoid_mlp(**kw)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="tiny budget: checks that the script runs")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=pathlib.Path, default=pathlib.Path("notebooks/data/batchnorm.json"))
    args = ap.parse_args(argv)
    s = QUICK if args.quick else FULL
    common = {"epochs": s["epochs"], "batch_size": s["batch_size"], "n_train": s["n_train"]}
    jobs = {}                                     # key -> (kind, kwargs)
    for seed in s["seeds"]:
        for lr in s["lrs"]:
            for variant, kw in (("plain", {}), ("bn_before", {"batchnorm": True}),
                                ("bn_after", {"batchnorm": True, "placement": "after"})):
                jobs[("sweep", variant, lr, seed)] = ("mlp", {**common, **kw, "lr": lr, "seed": seed})
        for init in s["inits"]:
            if init != "xavier_uniform" or s["init_lr"] not in s["lrs"]:
                for variant, kw in (("plain", {}), ("bn_before", {"batchnorm": True})):
                    jobs[("init", variant, init, seed)] = ("mlp", {**common, **kw, "lr": s["init_lr"],
                                                                   "init": init, "seed": seed})
        for lr in s["logreg_lrs"]:
            jobs[("logreg", "logreg", lr, seed)] = ("logreg", {**common, "lr": lr, "seed": seed})
    t0 = time.perf_counter()
    if args.workers > 1:
        with ProcessPoolExecutor(args.workers, initializer=cnn.search._one_blas_thread) as pool:
            futures = {k: pool.submit(_job, *v) for k, v in jobs.items()}
            done = {k: f.result() for k, f in futures.items()}
    else:
        done = {k: _job(*v) for k, v in jobs.items()}
    seconds = time.perf_counter() - t0

    def runs(section, variant, value):
        return [{"seed": seed, **done[(section, variant, value, seed)]} for seed in s["seeds"]]

    results = {"sweep": {v: {str(lr): runs("sweep", v, lr) for lr in s["lrs"]}
                         for v in ("plain", "bn_before", "bn_after")},
               "init": {v: {init: (runs("init", v, init) if ("init", v, init, s["seeds"][0]) in done
                                   else runs("sweep", v, s["init_lr"]))
                            for init in s["inits"]} for v in ("plain", "bn_before")},
               "logreg": {str(lr): runs("logreg", "logreg", lr) for lr in s["logreg_lrs"]}}
    settings = {**s, "model": "40-100-100-100-10 sigmoid MLP, Xavier-uniform weights (unless 'init'), "
                              "BatchNorm1d before (bn_before) or after (bn_after) each sigmoid; plain SGD",
                "data": "MNIST-1D (Greydanus 2020): first 3200 training examples for training, last 800 "
                        "for validation (learning rates are chosen on these), 1000 test examples",
                "steps_per_epoch": int(np.ceil((s["n_train"] or 3200) / s["batch_size"])),
                "command": "python " + " ".join(["tools/precompute_batchnorm.py"] + sys.argv[1:] if argv is None
                                                else ["tools/precompute_batchnorm.py", *argv]),
                "workers": args.workers, "wall_seconds": round(seconds, 1),
                "numpy": np.__version__, "course_nn": cnn.__version__}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"settings": settings, "results": results}, indent=1))
    print(f"{len(jobs)} runs in {seconds:.0f} s -> {args.out}")


if __name__ == "__main__":
    main()
