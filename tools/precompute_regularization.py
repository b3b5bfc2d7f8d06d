"""The seeded experiments behind notebooks/05_regularization.ipynb (too slow to run there live).

    python tools/precompute_regularization.py                 # writes notebooks/data/regularization.json
    python tools/precompute_regularization.py --quick --out /tmp/reg.json   # a reduced run, < 30 s

For every seed s: a noisy two-moons data set of 150 points (``moons(n=150, noise=0.35, rng=s)``)
split 60 / 45 / 45 into training / validation / test (``train_val_test_split(rng=s)``), plus 2000
fresh points from the same distribution (``rng=10_000 + s``) on which every final model is
measured (45 test points alone would give an accuracy resolution of 2 points). Then:

* the big network 2-128-128-2 (ReLU, initial weights ``rng=1 + s``), Adam lr 0.01, full batch,
  for every L2 strength lambda of the grid, 300 epochs, final weights;
* the same network without a penalty, with early stopping (patience 30, best weights restored);
* small networks 2-w-2 (one hidden layer of w units), no penalty, same training.

Per seed, lambda and the small width are each chosen on the validation loss, never on the test
points. Seed 0 is exactly the notebook's section-1 set-up, so the notebook's live run of it must
reproduce the stored numbers.
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

FULL = {"seeds": list(range(20)), "epochs": 300, "patience": 30,
        "lams": [0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1], "small_widths": [2, 4, 8, 16, 32, 64]}
QUICK = {"seeds": [0, 1], "epochs": 40, "patience": 10, "lams": [0.0, 1e-3, 1e-2], "small_widths": [4]}
DATA = {"n": 150, "noise": 0.35, "val": 0.3, "test": 0.3, "n_fresh": 2000, "big_net": [2, 128, 128, 2],
        "optimizer": "Adam lr 0.01, full batch"}


def _split(seed):
    X, y = cnn.datasets.moons(n=DATA["n"], noise=DATA["noise"], rng=seed)
    (Xtr, ytr), (Xva, yva), _ = cnn.datasets.train_val_test_split(X, y, val=DATA["val"], test=DATA["test"],
                                                                  rng=seed)
    fresh = cnn.datasets.moons(n=DATA["n_fresh"], noise=DATA["noise"], rng=10_000 + seed)
    return (Xtr, ytr), (Xva, yva), fresh


def _train(sizes, data, seed, epochs, lam=0.0, early_stopping=None):
    (Xtr, ytr), (Xva, yva), (Xf, yf) = data
    net = cnn.mlp(sizes, rng=1 + seed)
    loss = cnn.CrossEntropyLoss()
    hist = cnn.fit(net, loss, cnn.optim.Adam(net.parameters(), lr=0.01), Xtr, ytr, epochs=epochs,
                   batch_size=len(Xtr), rng=2, val_data=(Xva, yva),
                   regularizer=cnn.regularizers.L2(lam) if lam > 0 else None,
                   early_stopping=early_stopping, progress=False)
    val, fresh = cnn.evaluate(net, loss, Xva, yva), cnn.evaluate(net, loss, Xf, yf)
    weights = np.concatenate([p.value.ravel() for p in net.parameters() if p.decay])
    return {"train_loss": round(float(hist.train_loss[-1]), 5), "val_loss": round(float(val["loss"]), 5),
            "val_acc": round(float(val["acc"]), 5), "test_loss": round(float(fresh["loss"]), 5),
            "test_acc": round(float(fresh["acc"]), 5), "mean_abs_w": round(float(np.mean(np.abs(weights))), 5),
            "epochs_run": len(hist.train_loss),
            "best_epoch": None if hist.best_epoch is None else int(hist.best_epoch) + 1}


def run(cfg):
    results = []
    for seed in cfg["seeds"]:
        data = _split(seed)
        big = DATA["big_net"]
        l2 = [{"lam": lam, **_train(big, data, seed, cfg["epochs"], lam=lam)} for lam in cfg["lams"]]
        es = _train(big, data, seed, cfg["epochs"], early_stopping=cfg["patience"])
        small = [{"width": w, **_train([2, w, 2], data, seed, cfg["epochs"])} for w in cfg["small_widths"]]
        results.append({"seed": seed, "l2": l2, "early_stopping": es, "small": small,
                        "chosen_lam": min(l2, key=lambda r: r["val_loss"])["lam"],
                        "chosen_width": min(small, key=lambda r: r["val_loss"])["width"]})
        print(f"seed {seed}: lambda* = {results[-1]['chosen_lam']:g}, width* = {results[-1]['chosen_width']}",
              file=sys.stderr)
    return results


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2 seeds, 40 epochs, 3 lambdas: a smoke test")
    ap.add_argument("--out", type=pathlib.Path, default=None,
                    help="JSON path (default notebooks/data/regularization.json)")
    args = ap.parse_args(argv)
    out = args.out or pathlib.Path(__file__).resolve().parents[1] / "notebooks" / "data" / "regularization.json"
    cfg = QUICK if args.quick else FULL
    t0 = time.perf_counter()
    results = run(cfg)
    settings = {**cfg, **DATA, "quick": args.quick, "selection": "validation loss (cross-entropy), per seed",
                "command": "python tools/precompute_regularization.py" + (" --quick" if args.quick else ""),
                "numpy": np.__version__, "course_nn": cnn.__version__, "python": platform.python_version(),
                "wall_seconds": round(time.perf_counter() - t0, 1)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"settings": settings, "results": results}, indent=1) + "\n")
    print(f"wrote {out} in {settings['wall_seconds']} s", file=sys.stderr)


if __name__ == "__main__":
    main()
