"""Tests of course_nn.search: spaces, grid/random/coarse-to-fine, failures, executors (incl. dask)."""
import math
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course_nn
from course_nn import search as S

SPACE = {"lr": ("log", 1e-4, 1e-1), "wd": ("uniform", 0.0, 0.1)}


# module-level train functions: picklable, so worker processes can run them
def quadratic(lr, wd, **fixed):
    """Best at lr = 1e-2, wd = 0; deterministic."""
    return {"val_acc": 1.0 - (math.log10(lr) + 2) ** 2 / 10 - wd, "history": [lr, wd], **fixed}


def sometimes_diverges(lr, wd=0.0):
    if lr > 0.05:
        raise FloatingPointError(f"loss overflowed at lr={lr}")
    if lr > 0.02:
        return {"val_acc": float("nan")}
    return {"val_acc": -lr}


def buggy(lr, wd=0.0):
    raise KeyError("a typo in train_fn")


def slow_quadratic(lr, wd):
    time.sleep(0.01)
    return quadratic(lr, wd)


# --- spaces ---------------------------------------------------------------------------------
def test_log_uniform_bounds_and_equal_mass_per_decade():
    x = S.log_uniform(1e-4, 1e-1, rng=0, size=30000)
    assert x.min() >= 1e-4 and x.max() <= 1e-1
    counts = np.histogram(np.log10(x), bins=[-4, -3, -2, -1])[0]
    np.testing.assert_allclose(counts / len(x), 1 / 3, atol=0.02)
    assert isinstance(S.log_uniform(1e-3, 1.0, rng=1), float)


@pytest.mark.parametrize("low, high", [(0, 1), (-1, 1), (1e-2, 1e-3), (1.0, 1.0)])
def test_log_uniform_errors(low, high):
    with pytest.raises(ValueError, match="0 < low < high"):
        S.log_uniform(low, high, rng=0)


def test_sample_space_kinds_types_and_ranges():
    space = {"lr": ("log", 1e-4, 1e-1), "p": ("uniform", 0.0, 0.5), "depth": ("int", 1, 3),
             "width": ("logint", 16, 256), "act": ("choice", ["relu", "tanh"]), "opt": ["sgd", "adam"],
             "epochs": 5}
    trials = S.sample_space(space, 200, rng=0)
    assert len(trials) == 200
    for t in trials:
        assert 1e-4 <= t["lr"] <= 1e-1 and isinstance(t["lr"], float)
        assert 0 <= t["p"] <= 0.5
        assert t["depth"] in (1, 2, 3) and type(t["depth"]) is int
        assert 16 <= t["width"] <= 256 and type(t["width"]) is int
        assert t["act"] in ("relu", "tanh") and t["opt"] in ("sgd", "adam")
        assert t["epochs"] == 5
    assert {t["depth"] for t in trials} == {1, 2, 3}
    widths = np.array([t["width"] for t in trials])
    assert np.mean(widths < 64) == pytest.approx(0.5, abs=0.12)    # half the log range below 64


def test_to_arrays_and_distinct_values_with_tuple_and_string_choices():
    def fn(lr, hidden, act):
        return {"val_acc": lr * len(hidden)}
    res = S.grid_search(fn, {"lr": [0.1, 0.2], "hidden": [(64,), (64, 64)], "act": ["relu", "tanh"]}, executor="serial")
    arrays = res.to_arrays()
    assert arrays["hidden"].dtype == object and arrays["hidden"][2] == (64, 64)
    assert arrays["act"].tolist() == ["relu", "tanh"] * 4
    assert arrays["lr"].dtype == np.float64 and arrays["seconds"].shape == (8,)
    assert S.distinct_values(res, "hidden") == [(64,), (64, 64)]
    assert res.best_params == {"lr": 0.2, "hidden": (64, 64), "act": "relu"}
    with pytest.raises(ValueError, match="n_trials must be an int >= 1"):
        S.random_search(fn, {"lr": 0.1}, n_trials=0, rng=0)


def test_sample_space_is_deterministic_given_rng():
    assert S.sample_space(SPACE, 5, rng=3) == S.sample_space(SPACE, 5, rng=np.random.default_rng(3))
    assert S.sample_space(SPACE, 5, rng=3) != S.sample_space(SPACE, 5, rng=4)


@pytest.mark.parametrize("spec, match", [
    (("log", 0.0, 1.0), "low > 0"),
    (("log", 1e-1, 1e-3), "low < high"),
    (("uniform", 1.0), "low, high"),
    (("int", 1.5, 3), "integers"),
    (("logint", 0, 8), "low >= 1"),
    (("choice", []), "option"),
])
def test_bad_specs_name_the_parameter(spec, match):
    with pytest.raises(ValueError, match=match) as info:
        S.sample_space({"lr": spec}, 1, rng=0)
    assert "space['lr']" in str(info.value)


@settings(max_examples=40, deadline=None)
@given(st.floats(-6, 2), st.floats(0.1, 4), st.floats(0.05, 1))
def test_narrow_space_shrinks_log_width_around_the_best(log_low, decades, shrink):
    low, high = 10.0**log_low, 10.0 ** (log_low + decades)
    best = 10.0 ** (log_low + decades / 3)
    new = S.narrow_space({"lr": ("log", low, high), "act": ["relu"]}, {"lr": best, "act": "relu"}, shrink)
    kind, lo, hi = new["lr"]
    assert kind == "log" and new["act"] == ["relu"]
    assert math.log10(hi / lo) == pytest.approx(shrink * decades)
    assert math.sqrt(lo * hi) == pytest.approx(best)


# --- grid and random search ---------------------------------------------------------------------
def test_grid_search_tries_every_combination_in_order():
    res = S.grid_search(quadratic, {"lr": [1e-3, 1e-2, 1e-1], "wd": [0.0, 0.05, 0.1]}, executor="serial")
    assert [t["params"] for t in res][:2] == [{"lr": 1e-3, "wd": 0.0}, {"lr": 1e-3, "wd": 0.05}]
    assert res.best_params == {"lr": 1e-2, "wd": 0.0}
    assert res.best["extra"]["history"] == [1e-2, 0.0]
    assert all(t["seconds"] >= 0 for t in res)


def test_bergstra_bengio_9_trials_grid_3_values_random_9():
    grid = S.grid_search(quadratic, {"lr": list(np.logspace(-4, -1, 3)), "wd": [0.0, 0.05, 0.1]}, executor="serial")
    rand = S.random_search(quadratic, SPACE, n_trials=9, rng=0, executor="serial")
    assert len(grid) == len(rand) == 9
    assert len(S.distinct_values(grid, "lr")) == 3 and len(grid.distinct_values("wd")) == 3
    assert len(S.distinct_values(rand, "lr")) == 9 and len(rand.distinct_values("wd")) == 9


def test_fixed_values_in_grid_and_space_are_passed_through():
    res = S.grid_search(quadratic, {"lr": [1e-2], "wd": 0.0, "epochs": 3}, executor="serial")
    assert res[0]["extra"]["epochs"] == 3
    res = S.random_search(quadratic, dict(SPACE, epochs=4), n_trials=2, rng=0, executor="serial")
    assert all(t["extra"]["epochs"] == 4 for t in res)


def test_random_search_is_deterministic_given_rng():
    a = S.random_search(quadratic, SPACE, n_trials=6, rng=1, executor="serial")
    b = S.random_search(quadratic, SPACE, n_trials=6, rng=1, executor="threads")
    assert [t["params"] for t in a] == [t["params"] for t in b]
    assert [t["score"] for t in a] == [t["score"] for t in b]


def test_minimizing_another_score_key():
    def val_loss(lr):
        return {"val_loss": (lr - 0.3) ** 2}
    res = S.grid_search(val_loss, {"lr": [0.1, 0.3, 0.5]}, executor="serial", score="val_loss", maximize=False)
    assert res.best_params == {"lr": 0.3}
    assert [t["params"]["lr"] for t in res.sorted()][0] == 0.3


def test_diverged_runs_are_recorded_as_failed_not_raised():
    res = S.grid_search(sometimes_diverges, {"lr": [0.01, 0.03, 0.1]}, executor="serial")
    assert [t["status"] for t in res] == ["ok", "failed", "failed"]
    assert "FloatingPointError" in res[2]["error"] and "nan" in res[1]["error"]
    assert res.best_params == {"lr": 0.01} and len(res.failed) == 2
    arrays = res.to_arrays()
    assert arrays["ok"].tolist() == [True, False, False]
    assert np.isnan(arrays["score"][1:]).all()
    np.testing.assert_array_equal(arrays["lr"], [0.01, 0.03, 0.1])
    assert "1 trials" not in repr(res) and "2 failed" in repr(res)


@pytest.mark.skipif(not hasattr(course_nn, "TrainingDiverged"), reason="training.py not written yet")
def test_training_diverged_is_a_failure():
    def diverges(lr):
        raise course_nn.TrainingDiverged(float("nan"), 1, 3, lr)
    res = S.grid_search(diverges, {"lr": [1.0]}, executor="serial")
    assert res[0]["status"] == "failed" and "epoch 1" in res[0]["error"]


def train_regression(lr, epochs=3):
    """A real training run with the package: a small MLP fitting regression_1d."""
    from course_nn import datasets
    x, y = datasets.regression_1d(n=60, noise=0.1, rng=0)
    model = course_nn.mlp([1, 16, 1], activation="relu", rng=0)
    opt = course_nn.optim.SGD(model.parameters(), lr=lr)
    with np.errstate(over="ignore", invalid="ignore"):     # a diverging run overflows on its way to inf
        hist = course_nn.fit(model, course_nn.MSELoss(), opt, x[:40], y[:40, None], epochs=epochs, rng=0,
                             val_data=(x[40:], y[40:, None]), progress=False)
    return {"val_loss": hist.val_loss[-1], "history": hist}


@pytest.mark.skipif(not hasattr(course_nn, "fit"), reason="training.py not written yet")
def test_real_training_runs_in_worker_processes_and_divergence_is_recorded():
    res = S.grid_search(train_regression, {"lr": [0.05, 1e4], "epochs": 20}, score="val_loss", maximize=False)
    assert [t["status"] for t in res] == ["ok", "failed"], res[1]
    assert res[0]["score"] >= 0 and len(res[0]["extra"]["history"].val_loss) == 20
    assert "diverged" in res[1]["error"]


def test_all_failed_best_raises_clearly():
    res = S.grid_search(sometimes_diverges, {"lr": [0.1, 0.2]}, executor="serial")
    with pytest.raises(ValueError, match="all 2 trials failed"):
        res.best


def test_bugs_in_train_fn_stop_the_search():
    with pytest.raises(KeyError, match="typo"):
        S.grid_search(buggy, {"lr": [0.1, 0.2]}, executor="serial")
    with pytest.raises(KeyError, match="typo"):
        S.grid_search(buggy, {"lr": [0.1, 0.2]}, executor="threads")


@pytest.mark.parametrize("returned, match", [(0.9, "got float"), ({"acc": 0.9}, r"got \['acc'\]")])
def test_train_fn_must_return_a_dict_with_the_score(returned, match):
    with pytest.raises(ValueError, match=match):
        S.grid_search(lambda lr: returned, {"lr": [0.1]}, executor="serial")


# --- coarse to fine -------------------------------------------------------------------------------
def test_coarse_to_fine_narrows_around_the_best_and_improves():
    res = S.coarse_to_fine(quadratic, SPACE, rounds=3, n_trials=8, shrink=0.3, rng=0, executor="serial")
    assert len(res) == 24 and [t["round"] for t in res] == [0] * 8 + [1] * 8 + [2] * 8
    assert len(res.spaces) == 3
    widths = [math.log10(s["lr"][2] / s["lr"][1]) for s in res.spaces]
    np.testing.assert_allclose(widths, [3, 0.9, 0.27])
    best_round0 = max(t["score"] for t in res if t["round"] == 0)
    assert res.best["score"] >= best_round0
    again = S.coarse_to_fine(quadratic, SPACE, rounds=3, n_trials=8, shrink=0.3, rng=0, executor="threads")
    assert [t["params"] for t in again] == [t["params"] for t in res]


def test_coarse_to_fine_trial_counts_per_round_and_early_stop():
    res = S.coarse_to_fine(quadratic, SPACE, rounds=2, n_trials=[6, 3], rng=0, executor="serial")
    assert len(res) == 9
    with pytest.raises(ValueError, match="3 counts for 2 rounds"):
        S.coarse_to_fine(quadratic, SPACE, rounds=2, n_trials=[1, 2, 3], rng=0, executor="serial")
    with pytest.warns(UserWarning, match="every trial of round 0 failed"):
        res = S.coarse_to_fine(sometimes_diverges, {"lr": ("log", 0.06, 1.0)}, rounds=3, n_trials=4,
                               rng=0, executor="serial")
    assert len(res) == 4


# --- executors ---------------------------------------------------------------------------------
def test_default_process_pool_matches_serial():
    serial = S.random_search(slow_quadratic, SPACE, n_trials=4, rng=2, executor="serial")
    procs = S.random_search(slow_quadratic, SPACE, n_trials=4, rng=2)
    assert [t["params"] for t in procs] == [t["params"] for t in serial]
    assert [t["score"] for t in procs] == [t["score"] for t in serial]


def test_a_given_executor_is_used_and_left_open():
    with ThreadPoolExecutor(2) as pool:
        res = S.random_search(quadratic, SPACE, n_trials=3, rng=0, executor=pool)
        assert len(res.ok) == 3
        assert pool.submit(lambda: 42).result() == 42            # still usable: we did not shut it down


def test_unpicklable_train_fn_gets_a_clear_error_for_processes():
    def local_fn(lr, wd):
        return {"val_acc": lr}
    for fn in (lambda lr, wd: {"val_acc": lr}, local_fn):
        with pytest.raises(TypeError, match="executor='threads'"):
            S.random_search(fn, SPACE, n_trials=2, rng=0)
    res = S.random_search(local_fn, SPACE, n_trials=2, rng=0, executor="threads")
    assert len(res.ok) == 2


def test_notebook_defined_function_with_spawned_workers_gets_a_clear_error(monkeypatch):
    main = sys.modules["__main__"]

    def nb_fn(lr, wd):
        return {"val_acc": lr}
    nb_fn.__module__, nb_fn.__qualname__ = "__main__", "nb_fn"
    monkeypatch.setattr(main, "nb_fn", nb_fn, raising=False)
    monkeypatch.delattr(main, "__file__", raising=False)           # as in Jupyter
    monkeypatch.setattr(S, "_start_method", lambda: "spawn")       # as on macOS and Windows
    with pytest.raises(TypeError, match="notebook"):
        S.random_search(nb_fn, SPACE, n_trials=2, rng=0)
    monkeypatch.setattr(S, "_start_method", lambda: "fork")        # Linux, Python < 3.14: works
    S._check_picklable(nb_fn)


def test_bad_executor():
    with pytest.raises(TypeError, match="executor must be"):
        S.random_search(quadratic, SPACE, n_trials=2, rng=0, executor="gpu-cluster")


def test_dask_distributed_executor():
    distributed = pytest.importorskip("distributed")
    start = time.perf_counter()
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as client:
        res = S.random_search(quadratic, SPACE, n_trials=4, rng=5, executor=client.get_executor())
        ctf = S.coarse_to_fine(quadratic, SPACE, rounds=2, n_trials=3, rng=5, executor=client.get_executor())
    serial = S.random_search(quadratic, SPACE, n_trials=4, rng=5, executor="serial")
    assert [t["score"] for t in res] == [t["score"] for t in serial]
    assert len(ctf.ok) == 6
    assert time.perf_counter() - start < 60
