"""Hyperparameter search: grid, random and coarse-to-fine, run on any concurrent.futures.Executor.

You write ``train_fn(**params) -> dict`` that trains one model and returns at least a score
(by default under ``"val_acc"``; choose the key with ``score=`` and the direction with
``maximize=``). Everything else it returns (a History, the final loss ...) is kept in the
trial's ``"extra"``. A run that diverges (raises ``FloatingPointError``, ``OverflowError`` or
``cnn.TrainingDiverged``, or returns a NaN/inf score) is recorded as failed; any other error
stops the search, since it is a bug to fix.

Executors: ``executor=None`` (or ``"processes"``) runs trials in a ``ProcessPoolExecutor`` with
one worker per core, each limited to one BLAS thread. Worker processes need ``train_fn`` to be
picklable: a function defined at the top level of a .py module. A lambda or a function defined
inside another function raises a TypeError saying what to do. A function defined in a notebook
works in worker processes on Linux (they are forked from the kernel) but not on macOS or Windows
(a TypeError says so); for those, pass ``executor="threads"`` (a ThreadPoolExecutor) or
``executor="serial"`` (no parallelism), or save the function to a module with
``%%writefile my_train.py`` and import it. Any other Executor works too, e.g.
``distributed.Client(...).get_executor()`` on a cluster (dask sends notebook functions fine).

Example:
    >>> def train_fn(lr, wd):                  # stands in for a real training run
    ...     return {"val_acc": 1 - abs(np.log10(lr) + 2) / 10 - wd}
    >>> res = random_search(train_fn, {"lr": ("log", 1e-4, 1e-1), "wd": ("uniform", 0, 0.1)},
    ...                     n_trials=9, rng=0, executor="serial")
    >>> len(res), len(distinct_values(res, "lr")), 1e-4 <= res.best["params"]["lr"] <= 1e-1
    (9, 9, True)
"""
from __future__ import annotations

import contextlib
import itertools
import math
import multiprocessing
import numbers
import os
import pickle
import sys
import time
import warnings
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np

from ._validation import check_rng

__all__ = ["log_uniform", "sample_space", "narrow_space", "grid_search", "random_search",
           "coarse_to_fine", "run_trials", "distinct_values", "SearchResult"]

_KINDS = ("log", "uniform", "int", "logint", "choice")


def log_uniform(low: float, high: float, rng=None, size=None):
    """Sample so that every decade between ``low`` and ``high`` is equally likely.

        x = exp(u),  u ~ Uniform(log low, log high)

    Example:
        >>> x = log_uniform(1e-4, 1e-1, rng=0, size=1000)
        >>> bool(np.all((x >= 1e-4) & (x <= 1e-1))), round(float(np.mean(x < 1e-3)), 1)
        (True, 0.3)
    """
    if not (isinstance(low, numbers.Real) and isinstance(high, numbers.Real) and 0 < low < high):
        raise ValueError(f"log_uniform needs 0 < low < high; got low={low}, high={high}")
    u = check_rng(rng, "log_uniform").uniform(math.log(low), math.log(high), size)
    return float(np.exp(u)) if size is None else np.exp(u)


def _looks_like_a_spec(spec):
    return (isinstance(spec, tuple) and len(spec) in (2, 3) and isinstance(spec[0], str)
            and (all(isinstance(a, numbers.Real) for a in spec[1:]) if len(spec) == 3 else isinstance(spec[1], list)))


def _check_spec(name, spec):
    """A spec is (kind, ...) with kind in _KINDS, a list (= a choice), or a fixed value."""
    if isinstance(spec, list):
        spec = ("choice", spec)
    if not (isinstance(spec, tuple) and spec and isinstance(spec[0], str) and spec[0] in _KINDS):
        if _looks_like_a_spec(spec):        # ("logg", 1e-3, 1): a typo, not a fixed value
            raise ValueError(f"space[{name!r}] = {spec}: unknown kind {spec[0]!r}; expected one of "
                             f"{sorted(_KINDS)} (or a list of choices, or a plain fixed value)")
        return ("fixed", spec)
    kind, *args = spec
    if kind == "choice":
        if len(args) != 1 or len(args[0]) == 0:
            raise ValueError(f"space[{name!r}] = {spec}: write ('choice', [option, option, ...])")
        return (kind, list(args[0]))
    if len(args) != 2 or not all(isinstance(a, numbers.Real) for a in args) or not args[0] < args[1]:
        raise ValueError(f"space[{name!r}] = {spec}: write ({kind!r}, low, high) with low < high")
    if kind in ("log", "logint") and args[0] <= 0 or kind == "logint" and args[0] < 1:
        raise ValueError(f"space[{name!r}] = {spec}: a log range needs low > 0 (logint: low >= 1)")
    if kind in ("int", "logint") and not all(isinstance(a, numbers.Integral) for a in args):
        raise ValueError(f"space[{name!r}] = {spec}: {kind!r} bounds must be integers")
    return (kind, *args)


def _draw(spec, rng):
    kind, *args = spec
    if kind == "fixed":
        return args[0]
    if kind == "choice":
        return args[0][int(rng.integers(len(args[0])))]
    if kind == "log":
        return log_uniform(args[0], args[1], rng)
    if kind == "uniform":
        return float(rng.uniform(args[0], args[1]))
    if kind == "int":
        return int(rng.integers(args[0], args[1], endpoint=True))
    x = log_uniform(args[0] - 0.5, args[1] + 0.5, rng)       # "logint": each integer k gets
    return int(np.clip(round(x), args[0], args[1]))          # the log-width of [k - 1/2, k + 1/2]


def sample_space(space: dict, n_trials: int, rng=None) -> list:
    """``n_trials`` parameter dicts drawn from ``space``, all up front (so results are reproducible).

    Specs: ``("log", low, high)`` (log-uniform float), ``("uniform", a, b)``, ``("int", a, b)``
    (a..b inclusive), ``("logint", a, b)`` (integers spread on a log scale, e.g. widths),
    ``("choice", [...])`` or a plain list; any other value is passed unchanged.
    """
    rng = check_rng(rng, "sample_space")
    if not isinstance(n_trials, numbers.Integral) or n_trials < 1:
        raise ValueError(f"n_trials must be an int >= 1; got {n_trials!r}")
    specs = {name: _check_spec(name, spec) for name, spec in space.items()}
    return [{name: _draw(spec, rng) for name, spec in specs.items()} for _ in range(n_trials)]


def narrow_space(space: dict, params: dict, shrink: float = 0.3) -> dict:
    """Shrink every ``"log"`` and ``"uniform"`` range to ``shrink`` times its width, centred on
    ``params`` (the best trial so far; on a log scale for "log"). Other specs are kept.
    The new range may extend past the old one when the best value lies near its edge: that is
    the signal to search further out.
    """
    if not isinstance(shrink, numbers.Real) or isinstance(shrink, bool) or not 0 < shrink <= 1:
        raise ValueError(f"narrow_space shrink is the fraction of each range to keep and must be in (0, 1]; got {shrink!r}")
    out = {}
    for name, spec in space.items():
        kind, *args = _check_spec(name, spec)
        if kind in ("log", "uniform") and name not in params:
            raise ValueError(f"narrow_space centres each range on the best trial's value, but params has no "
                             f"{name!r}; got params with {sorted(params)}")
        if kind == "log":
            half, c = shrink * math.log(args[1] / args[0]) / 2, math.log(params[name])
            out[name] = ("log", math.exp(c - half), math.exp(c + half))
        elif kind == "uniform":
            half, c = shrink * (args[1] - args[0]) / 2, params[name]
            out[name] = ("uniform", c - half, c + half)
        else:
            out[name] = spec
    return out


# --- running trials ---------------------------------------------------------------------------
def _diverged_errors():
    import course_nn
    td = getattr(course_nn, "TrainingDiverged", None)
    return (FloatingPointError, OverflowError) + ((td,) if isinstance(td, type) else ())


def _run_trial(train_fn, params, score):
    """One trial (runs in the worker): the trial dict, or the bug's exception raised."""
    start = time.perf_counter()
    trial = {"params": dict(params), "score": math.nan, "status": "failed", "error": None, "extra": {}}
    try:
        out = train_fn(**params)
    except _diverged_errors() as exc:
        trial["error"] = f"{type(exc).__name__}: {exc}"
    else:
        if not isinstance(out, dict) or score not in out:
            got = sorted(out) if isinstance(out, dict) else type(out).__name__
            raise ValueError(f"train_fn must return a dict with the score under {score!r}; got {got} "
                             "(choose the key with score=...)")
        trial["score"] = float(out[score])
        trial["extra"] = {k: v for k, v in out.items() if k != score}
        ok = math.isfinite(trial["score"])
        trial["status"], trial["error"] = ("ok", None) if ok else ("failed", f"score is {trial['score']}")
    trial["seconds"] = time.perf_counter() - start
    return trial


def _one_blas_thread():
    """Worker initializer: n processes x n BLAS threads would oversubscribe the cores."""
    with contextlib.suppress(Exception):
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)


def _check_picklable(train_fn):
    help_ = ("Define it at the top level of a .py module and import it, or pass executor='threads' "
             "or executor='serial' to run it in this process.")
    try:
        pickle.dumps(train_fn)
    except Exception as exc:
        raise TypeError(f"train_fn {getattr(train_fn, '__qualname__', train_fn)!r} cannot be sent to worker "
                        f"processes (lambdas and functions defined inside functions cannot be pickled). {help_}") from exc
    interactive = not hasattr(sys.modules.get("__main__"), "__file__")
    if getattr(train_fn, "__module__", None) == "__main__" and interactive and _start_method() != "fork":
        raise TypeError(f"train_fn {train_fn.__qualname__!r} is defined in a notebook or interactive session, "
                        f"which new worker processes ({_start_method()!r} start) cannot import. {help_}")


def _start_method():
    return multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_context().get_start_method()


@contextlib.contextmanager
def _executor(executor, train_fn, n_trials):
    """Yield "serial" or an Executor; shut down the pools we create here."""
    workers = max(1, min(n_trials, os.cpu_count() or 1))
    if executor == "serial":
        yield "serial"
        return
    if executor is None or executor == "processes" or isinstance(executor, ProcessPoolExecutor):
        _check_picklable(train_fn)
    if executor is None or executor in ("processes", "threads"):
        pool = (ThreadPoolExecutor(workers) if executor == "threads"
                else ProcessPoolExecutor(workers, initializer=_one_blas_thread))
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return
    if not isinstance(executor, Executor) and not hasattr(executor, "submit"):
        raise TypeError("executor must be None, 'processes', 'threads', 'serial' or a concurrent.futures.Executor; "
                        f"got {executor!r}")
    yield executor


def run_trials(train_fn, param_list, executor=None, score: str = "val_acc", maximize: bool = True):
    """Run ``train_fn(**params)`` for every dict in ``param_list``; results in the same order.

    Returns:
        A SearchResult (a list of trial dicts with ``params``, ``score``, ``status``
        ("ok"/"failed"), ``error``, ``extra`` and ``seconds``).
    """
    if not callable(train_fn):
        raise TypeError(f"train_fn must be a function train_fn(**params) -> dict of scores; got "
                        f"{type(train_fn).__name__}")
    param_list = [dict(p) for p in param_list]
    with _executor(executor, train_fn, len(param_list)) as ex:
        if ex == "serial":
            trials = [_run_trial(train_fn, p, score) for p in param_list]
        else:
            futures = [ex.submit(_run_trial, train_fn, p, score) for p in param_list]
            try:
                trials = [f.result() for f in futures]
            except BaseException:
                for f in futures:
                    f.cancel()
                raise
    return SearchResult(trials, score=score, maximize=maximize)


def grid_search(train_fn, grid: dict, executor=None, score: str = "val_acc", maximize: bool = True):
    """Try every combination of the listed values (a non-list value is held fixed).

    Example:
        >>> res = grid_search(lambda lr, wd: {"val_acc": -lr - wd}, {"lr": [1e-3, 1e-2, 1e-1],
        ...                   "wd": [0.0, 0.1, 0.2]}, executor="serial")
        >>> len(res), len(distinct_values(res, "lr")), res.best["params"]
        (9, 3, {'lr': 0.001, 'wd': 0.0})
    """
    names = list(grid)
    options = [list(v) if isinstance(v, (list, tuple, range, np.ndarray)) else [v] for v in grid.values()]
    for name, opts in zip(names, options):
        if not opts:
            raise ValueError(f"grid[{name!r}] is empty; list at least one value")
    params = [dict(zip(names, combo)) for combo in itertools.product(*options)]
    return run_trials(train_fn, params, executor, score, maximize)


def random_search(train_fn, space: dict, n_trials: int = 20, rng=None, executor=None,
                  score: str = "val_acc", maximize: bool = True):
    """Try ``n_trials`` random draws from ``space`` (see ``sample_space`` for the specs).

    With few trials and few hyperparameters that matter, random search tries a new value of
    every hyperparameter in every trial, where a grid repeats each value (Bergstra & Bengio 2012).
    """
    return run_trials(train_fn, sample_space(space, n_trials, rng), executor, score, maximize)


def coarse_to_fine(train_fn, space: dict, rounds: int = 2, n_trials=10, shrink: float = 0.3, rng=None,
                   executor=None, score: str = "val_acc", maximize: bool = True):
    """Random search in rounds; after each, narrow the "log"/"uniform" ranges around the best trial.

    Args:
        n_trials: trials per round (an int, or a list with one count per round).
        shrink: each round's range width as a fraction of the previous one (see ``narrow_space``).

    Returns:
        A SearchResult of all rounds; each trial has a ``"round"`` entry and ``.spaces`` lists
        the space searched in each round.
    """
    rng = check_rng(rng, "coarse_to_fine")
    counts = list(n_trials) if isinstance(n_trials, (list, tuple)) else [n_trials] * rounds
    if len(counts) != rounds:
        raise ValueError(f"coarse_to_fine: n_trials lists {len(counts)} counts for {rounds} rounds")
    trials, spaces = [], []
    with _executor(executor, train_fn, max(counts)) as ex:
        for r, n in enumerate(counts):
            spaces.append(space)
            res = random_search(train_fn, space, n, rng, ex, score, maximize)
            trials += [dict(t, round=r) for t in res]
            if not res.ok:
                warnings.warn(f"coarse_to_fine: every trial of round {r} failed; stopping early")
                break
            if r + 1 < len(counts):
                space = narrow_space(space, res.best["params"], shrink)
    out = SearchResult(trials, score=score, maximize=maximize)
    out.spaces = spaces
    return out


# --- results --------------------------------------------------------------------------------------
def distinct_values(trials, name: str) -> list:
    """The distinct values that ``trials`` tried for hyperparameter ``name`` (sorted if possible).

    Example: after 9 trials, a 3 x 3 grid has tried 3 learning rates, random search 9.
    """
    seen = {}
    for t in trials:
        if name in t["params"]:
            seen.setdefault(repr(t["params"][name]), t["params"][name])
    try:
        return sorted(seen.values())
    except TypeError:                      # e.g. a mix of None and numbers
        return list(seen.values())


def _column(values) -> np.ndarray:
    """A 1-d array of the values (numbers or strings), or an object array (e.g. for tuples)."""
    with contextlib.suppress(ValueError, TypeError):
        arr = np.array(values)
        if arr.ndim == 1 and arr.dtype != object:
            return arr
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = v
    return out


class SearchResult(list):
    """The trials of a search (a list of dicts, in the order they were planned) and helpers.

    ``.best`` (the best successful trial), ``.best_params``, ``.ok`` / ``.failed`` (trial lists),
    ``.sorted()`` (successful trials best first), ``.to_arrays()`` (for scatter plots),
    ``.distinct_values(name)``.
    """

    def __init__(self, trials=(), score: str = "val_acc", maximize: bool = True):
        super().__init__(trials)
        self.score, self.maximize = score, maximize

    @property
    def ok(self):
        return [t for t in self if t["status"] == "ok"]

    @property
    def failed(self):
        return [t for t in self if t["status"] != "ok"]

    def sorted(self):
        return sorted(self.ok, key=lambda t: -t["score"] if self.maximize else t["score"])

    @property
    def best(self):
        if not self.ok:
            raise ValueError(f"no successful trial: all {len(self)} trials failed (see each trial's 'error')")
        return self.sorted()[0]

    @property
    def best_params(self):
        return self.best["params"]

    def distinct_values(self, name: str) -> list:
        return distinct_values(self, name)

    def to_arrays(self) -> dict:
        """{hyperparameter: array over trials, "score": scores (NaN if failed), "ok": bool, "seconds"}."""
        names = list(dict.fromkeys(n for t in self for n in t["params"]))
        out = {n: _column([t["params"].get(n) for t in self]) for n in names}
        out["score"] = np.array([t["score"] for t in self], dtype=np.float64)
        out["ok"] = np.array([t["status"] == "ok" for t in self], dtype=bool)
        out["seconds"] = np.array([t["seconds"] for t in self], dtype=np.float64)
        return out

    def __repr__(self):
        head = f"SearchResult({len(self)} trials, {len(self.failed)} failed"
        if not self.ok:
            return head + ")"
        return head + f", best {self.score}={self.best['score']:.4g} with {self.best['params']})"
