"""course_nn.experiments: picklable, deterministic training runs for searches."""
import pickle

import numpy as np
import pytest

import course_nn as cnn
from course_nn.experiments import mnist1d_split, train_logreg, train_mlp


def test_split_is_fixed_and_disjoint():
    Xtr, ytr, Xva, yva, Xte, yte = mnist1d_split()
    assert Xtr.shape == (3200, 40) and Xva.shape == (800, 40) and Xte.shape == (1000, 40)
    assert Xtr.dtype == np.float32
    d = cnn.datasets.mnist1d()
    assert np.array_equal(Xva, d["x"][-800:].astype(np.float32))
    assert mnist1d_split()[0] is Xtr                      # cached


def test_train_mlp_is_deterministic_and_picklable():
    kw = dict(lr=1e-2, epochs=2, width=16, n_train=400, seed=3)
    a, b = train_mlp(**kw), train_mlp(**kw)
    assert a["val_acc"] == b["val_acc"] and a["history"] == b["history"]
    assert len(a["history"]["val_acc"]) == 2 and 0 <= a["val_acc"] <= 1
    assert pickle.loads(pickle.dumps(train_mlp)) is train_mlp
    pickle.dumps(a)                                        # results are plain data


def test_train_mlp_learns_and_reports_test_only_on_request():
    r = train_mlp(lr=1e-2, epochs=5, width=64)
    assert "test_acc" not in r
    assert r["val_acc"] > 0.3                             # chance is 0.1
    r = train_mlp(lr=1e-2, epochs=1, width=16, test=True, return_model=True)
    assert 0 <= r["test_acc"] <= 1 and not r["model"].training


def test_train_mlp_raises_on_divergence_and_search_records_it():
    with pytest.raises(cnn.TrainingDiverged):
        train_mlp(lr=10.0, momentum=0.9, epochs=1, width=64)
    res = cnn.search.grid_search(train_mlp, {"lr": [1e-2, 10.0], "momentum": 0.9, "epochs": 1,
                                             "width": 64}, executor="serial")
    assert [t["status"] for t in res] == ["ok", "failed"]


def test_train_mlp_runs_in_a_process_pool():
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as pool:
        res = cnn.search.random_search(train_mlp, {"lr": ("log", 1e-3, 1e-2), "epochs": 1, "width": 16,
                                                   "n_train": 400}, n_trials=2, rng=0, executor=pool)
    assert len(res.ok) == 2


def test_train_logreg_beats_chance():
    r = train_logreg(lr=1e-2, epochs=5)
    assert 0.2 < r["val_acc"] < 0.5


def test_unknown_data_is_rejected():
    with pytest.raises(ValueError, match="mnist1d"):
        train_mlp(data="cifar")
