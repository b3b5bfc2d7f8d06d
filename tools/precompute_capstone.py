"""Seeded runs behind notebooks/11_capstone.ipynb (the paper's MLP baseline and the tuned MLP).

    python tools/precompute_capstone.py                      # writes notebooks/data/capstone.json
    python tools/precompute_capstone.py --quick --out X.json # a < 30 s smoke run

For each of 5 seeds (the seed sets the initial weights and the batch order):
  paper_mlp   the MNIST-1D paper's MLP (Greydanus 2020; repository notebooks/models.py ``MLPBase``,
              notebooks/train.py): 40-100, ReLU, residual 100-100 block, 100-10, PyTorch default
              init, Adam lr 1e-2, batch 100, 6000 steps on all 4000 training examples visited in
              the same order every epoch; test accuracy on the 1000 test examples.
  plain_mlp   the same conditions with a plain 40-100-100-10 ReLU MLP and He-uniform init.
  plain_split the plain MLP on the 3200/800 split, 40 epochs (1280 steps), reshuffled every epoch.
  tuned_val   the best configuration of the stored random search (capstone_search.json,
              chosen on validation accuracy), retrained on the 3200/800 split: validation accuracy.
  tuned_test  the same configuration retrained on all 4000 training examples: test accuracy.
  paper_mlp_1000  paper_mlp stopped after the first 1000 steps (the notebook's live spot check
              reruns seed 0 of this short run instead of the full 6000 steps, to stay within 30 s).
The hyperparameters were chosen on validation data only; the test set is read once per trained model.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

import numpy as np

import course_nn as cnn
from course_nn import experiments as ex

HERE = pathlib.Path(__file__).resolve().parent.parent
SEARCHES = ["capstone_search.json"]


def best_search(data_dir):
    found = []
    for name in SEARCHES:
        f = data_dir / name
        if f.exists():
            d = json.loads(f.read_text())
            found.append((d["best_val_acc"], name, d["best"]))
    if not found:
        raise FileNotFoundError(f"no stored search in {data_dir} ({SEARCHES})")
    return max(found)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2 seeds, 200 steps, 2 epochs (smoke test)")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--out", type=pathlib.Path, default=HERE / "notebooks/data/capstone.json")
    args = ap.parse_args(argv)
    seeds = list(range(2 if args.quick else args.seeds))
    steps, epochs = (200, 2) if args.quick else (6000, 40)
    short_steps = 100 if args.quick else 1000
    val, name, best = best_search(HERE / "notebooks/data")
    tuned = {**best, "epochs": epochs if args.quick else best["epochs"]}
    tuned.pop("seed", None)
    t0 = time.perf_counter()
    res = {k: [] for k in ("paper_mlp", "plain_mlp", "plain_split", "tuned_val", "tuned_test", "paper_mlp_1000")}
    for s in seeds:
        res["paper_mlp"].append(ex.paper_baseline(seed=s, steps=steps))
        res["plain_mlp"].append(ex.paper_baseline(seed=s, steps=steps, residual=False, init="he"))
        r = ex.train_mlp(lr=1e-2, width=100, epochs=epochs, seed=s, test=True)
        res["plain_split"].append({k: r[k] for k in ("train_acc", "val_acc", "test_acc")})
        r = ex.train_mlp(**tuned, seed=s)
        res["tuned_val"].append({k: r[k] for k in ("train_acc", "val_acc")})
        res["tuned_test"].append(ex.train_mlp_full(**tuned, seed=s))
        res["paper_mlp_1000"].append(ex.paper_baseline(seed=s, steps=short_steps))
        print(f"seed {s}: " + ", ".join(f"{k} {v[-1].get('test_acc') or v[-1].get('val_acc'):.3f}"
                                         for k, v in res.items()), flush=True)
    settings = {"seeds": seeds, "paper_steps": steps, "short_steps": short_steps, "split_epochs": epochs, "batch_size": 100,
                "paper_lr": 1e-2, "tuned_from": name, "tuned_search_best_val_acc": val,
                "tuned_params": tuned, "data": "MNIST-1D: 4000 train (or 3200 train / 800 val), 1000 test",
                "command": "python " + " ".join(["tools/precompute_capstone.py", *(argv if argv is not None else sys.argv[1:])]),
                "numpy": np.__version__, "course_nn": cnn.__version__,
                "wall_seconds": round(time.perf_counter() - t0, 1)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"settings": settings, "results": res}, indent=1))
    print(f"wrote {args.out} in {settings['wall_seconds']} s")


if __name__ == "__main__":
    main()
