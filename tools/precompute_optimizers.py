"""Seeded runs behind notebooks/09_optimizers.ipynb.

    python tools/precompute_optimizers.py                      # writes notebooks/data/optimizers.json
    python tools/precompute_optimizers.py --quick --out X.json # a < 30 s smoke run

shuffle:    a 40-100-100-10 ReLU MLP (He init), Adam lr 1e-3, batch 64, on MNIST-1D's 4000 training
            examples SORTED BY CLASS, visited (a) in that sorted order every epoch ("fixed"), (b) in
            one random order drawn once and reused every epoch ("once"), (c) in a new random order
            every epoch ("reshuffle"); test accuracy on the 1000 test examples, 5 seeds.
optimizers: the same MLP on the (unsorted) 4000 examples, 10 epochs of batch 64 with cnn.fit,
            six optimizers at the notebook's customary learning rates; test accuracy, 5 seeds.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np

import course_nn as cnn
from course_nn.experiments import train_steps

HERE = pathlib.Path(__file__).resolve().parent.parent
OPTIMIZERS = {"SGD (lr 0.1)": ("SGD", {"lr": 0.1}),
              "momentum 0.9 (lr 0.01)": ("SGD", {"lr": 0.01, "momentum": 0.9}),
              "Nesterov 0.9 (lr 0.01)": ("SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}),
              "AdaGrad (lr 0.01)": ("Adagrad", {"lr": 0.01}),
              "RMSProp (lr 1e-3)": ("RMSprop", {"lr": 1e-3, "alpha": 0.9}),
              "Adam (lr 1e-3)": ("Adam", {"lr": 1e-3})}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2 seeds, 1 epoch (smoke test)")
    ap.add_argument("--out", type=pathlib.Path, default=HERE / "notebooks/data/optimizers.json")
    args = ap.parse_args(argv)
    seeds = [0, 1] if args.quick else [0, 1, 2, 3, 4]
    shuffle_epochs, opt_epochs = (1, 1) if args.quick else (20, 10)
    d = cnn.datasets.mnist1d()
    X, y = d["x"].astype(np.float32), d["y"]
    Xte, yte = d["x_test"].astype(np.float32), d["y_test"]
    order = np.argsort(y, kind="stable")
    Xs, ys = X[order], y[order]
    steps = shuffle_epochs * -(-len(X) // 64)
    t0 = time.perf_counter()
    shuffle = {k: [] for k in ("fixed", "once", "reshuffle")}
    for mode in shuffle:
        for s in seeds:
            net = cnn.mlp([40, 100, 100, 10], rng=s)
            losses = train_steps(net, Xs, ys, steps, batch_size=64, lr=1e-3, order=mode, seed=s)
            shuffle[mode].append({"test_acc": float(cnn.accuracy(cnn.predict(net, Xte), yte)),
                                  "train_acc": float(cnn.accuracy(cnn.predict(net, X), y)),
                                  "last_epoch_loss": float(np.mean(losses[-63:]))})
    optim = {k: [] for k in OPTIMIZERS}
    for name, (cls, kw) in OPTIMIZERS.items():
        for s in seeds:
            net = cnn.mlp([40, 100, 100, 10], rng=s)
            h = cnn.fit(net, cnn.CrossEntropyLoss(), getattr(cnn.optim, cls)(net.parameters(), **kw), X, y,
                        epochs=opt_epochs, batch_size=64, rng=s, progress=False)
            optim[name].append({"test_acc": float(cnn.accuracy(cnn.predict(net.eval(), Xte), yte)),
                                "final_train_loss": float(h.train_loss[-1])})
    settings = {"seeds": seeds, "model": "ReLU MLP 40-100-100-10, He-uniform init", "batch_size": 64,
                "shuffle": {"optimizer": "Adam lr 1e-3", "epochs": shuffle_epochs, "steps": steps,
                            "data": "MNIST-1D 4000 training examples sorted by label; 1000 test"},
                "optimizers": {"epochs": opt_epochs, "settings": {k: [c, kw] for k, (c, kw) in OPTIMIZERS.items()}},
                "command": "python " + " ".join(["tools/precompute_optimizers.py", *(argv if argv is not None else sys.argv[1:])]),
                "numpy": np.__version__, "course_nn": cnn.__version__,
                "wall_seconds": round(time.perf_counter() - t0, 1)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"settings": settings, "results": {"shuffle": shuffle, "optimizers": optim}}, indent=1))
    print(f"wrote {args.out} in {settings['wall_seconds']} s")


if __name__ == "__main__":
    main()
