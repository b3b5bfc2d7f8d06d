"""Data for the course: 2-D toy sets, splits and standardization, MNIST-1D and MNIST.

Every toy generator has the form ``f(n=..., noise=..., rng=None) -> (X, y)``: X is float64 of
shape (n, 2) and y holds int64 class labels, in shuffled order.

Example:
    >>> X, y = spirals(n=300, noise=0.2, rng=0)
    >>> X.shape, X.dtype, sorted(set(y.tolist()))
    ((300, 2), dtype('float64'), [0, 1, 2])
"""
from __future__ import annotations

import gzip
import hashlib
import json
import numbers
import os
import random
import warnings
from pathlib import Path

import numpy as np

from ._files import atomic_write
from ._validation import as_float_array, check_finite, check_positive, check_probability, check_rng

__all__ = ["spirals", "moons", "circles", "xor", "blobs", "regression_1d", "true_curve",
           "train_val_test_split", "standardize", "mnist1d", "load_mnist", "read_idx", "get_cache_dir"]


def _check(n, noise, rng, who, at_least=1):
    if not isinstance(n, numbers.Integral) or isinstance(n, bool):
        raise TypeError(f"{who} n is the number of points and must be an int; got {type(n).__name__}")
    if n < at_least:
        raise ValueError(f"{who} needs n >= {at_least} points; got n={n}")
    check_positive(noise, f"{who} noise (a standard deviation)", allow_zero=True)
    return check_rng(rng, who)


def _shuffled(X, y, rng):
    order = rng.permutation(len(y))
    return np.asarray(X, dtype=np.float64)[order], np.asarray(y, dtype=np.int64)[order]


def spirals(n: int = 300, noise: float = 0.2, rng=None, classes: int = 3):
    """``classes`` interleaved spiral arms, ``n`` points in all (as in CS231n's example).

    Arm k: radius r in [0, 1], angle 4 r + 2 pi k / classes + noise * N(0, 1), point
    r (sin angle, cos angle). Not linearly separable: a linear classifier gets ~1/classes.
    """
    rng = _check(n, noise, rng, "spirals", at_least=classes)
    if not isinstance(classes, numbers.Integral) or classes < 1:
        raise ValueError(f"spirals classes must be a positive int; got {classes!r}")
    y = np.arange(n) % classes
    r = np.empty(n)
    for k in range(classes):
        r[y == k] = np.linspace(0.0, 1.0, np.sum(y == k))
    angle = 4 * r + 2 * np.pi * y / classes + noise * rng.standard_normal(n)
    return _shuffled(np.c_[r * np.sin(angle), r * np.cos(angle)], y, rng)


def moons(n: int = 200, noise: float = 0.1, rng=None):
    """Two interleaving half circles: label 0 the upper moon, 1 the lower; Gaussian noise."""
    rng = _check(n, noise, rng, "moons")
    n0 = (n + 1) // 2
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n - n0)
    X = np.r_[np.c_[np.cos(t0), np.sin(t0)], np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]]
    y = np.r_[np.zeros(n0), np.ones(n - n0)]
    return _shuffled(X + noise * rng.standard_normal(X.shape), y, rng)


def circles(n: int = 200, noise: float = 0.05, rng=None, factor: float = 0.5):
    """Two concentric circles: label 0 radius 1, label 1 radius ``factor`` (in (0, 1))."""
    rng = _check(n, noise, rng, "circles")
    check_probability(factor, "circles factor (inner radius / outer radius)", low_closed=False)
    n0 = (n + 1) // 2
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n - n0, endpoint=False)
    X = np.r_[np.c_[np.cos(t0), np.sin(t0)], factor * np.c_[np.cos(t1), np.sin(t1)]]
    y = np.r_[np.zeros(n0), np.ones(n - n0)]
    return _shuffled(X + noise * rng.standard_normal(X.shape), y, rng)


def xor(n: int = 200, noise: float = 0.2, rng=None):
    """Four clusters around (+-1, +-1); label 1 where the two signs differ (exclusive or).

    With noise=0 the points are the four corners of the XOR truth table (with -1 for 0).
    """
    rng = _check(n, noise, rng, "xor")
    corners = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=np.float64)
    which = np.arange(n) % 4
    X = corners[which] + noise * rng.standard_normal((n, 2))
    return _shuffled(X, corners[which, 0] != corners[which, 1], rng)


def blobs(n: int = 300, centers=3, std: float = 1.0, rng=None, noise=None):
    """Gaussian blobs, one class per center.

    Args:
        n: number of points (spread evenly over the classes).
        centers: an int k (k random centers in [-5, 5]^2) or an array (k, d) of centers.
        std: the standard deviation of every blob; ``noise`` is an alias, so all toy
            generators accept ``noise=``.
        rng: a Generator or an int seed.
    """
    std = std if noise is None else noise
    rng = _check(n, std, rng, "blobs")
    if isinstance(centers, numbers.Integral):
        if centers < 1:
            raise ValueError(f"blobs centers must be >= 1 or an array of centers; got {centers}")
        centers = rng.uniform(-5, 5, size=(int(centers), 2))
    centers = np.asarray(centers, dtype=np.float64)
    if centers.ndim != 2:
        raise ValueError(f"blobs centers must be an int or an array of shape (k, d); got shape {centers.shape}")
    y = np.arange(n) % len(centers)
    return _shuffled(centers[y] + std * rng.standard_normal((n, centers.shape[1])), y, rng)


def true_curve(x):
    """The noise-free function behind ``regression_1d``: sin(2 pi x)."""
    return np.sin(2 * np.pi * np.asarray(x, dtype=np.float64))


def regression_1d(n: int = 20, noise: float = 0.2, rng=None):
    """Noisy samples of ``true_curve``: x ~ U[0, 1], y = sin(2 pi x) + noise * N(0, 1).

    Returns:
        x of shape (n, 1) and y of shape (n,), both float64. ``regression_1d.true_fn`` (the
        same as ``true_curve``) gives the curve for plotting.

    Example:
        >>> x, y = regression_1d(n=10, noise=0.0, rng=0)
        >>> x.shape, y.shape, bool(np.allclose(y, regression_1d.true_fn(x[:, 0])))
        ((10, 1), (10,), True)
    """
    rng = _check(n, noise, rng, "regression_1d")
    x = rng.uniform(0.0, 1.0, size=(n, 1))
    return x, true_curve(x[:, 0]) + noise * rng.standard_normal(n)


regression_1d.true_fn = true_curve


def _split_counts(n, val, test):
    n_test, n_val = int(round(test * n)), int(round(val * n))
    if n - n_val - n_test < 1:
        raise ValueError(f"train_val_test_split leaves no training data: n={n}, val={val}, test={test}")
    return n_val, n_test


def train_val_test_split(X, y, val: float = 0.2, test: float = 0.2, rng=None, stratify: bool = False):
    """Shuffle and split into training, validation and test sets.

    Args:
        X, y: arrays with the same first dimension.
        val, test: the fractions for validation and test (each in [0, 1), sum below 1).
        rng: a Generator or an int seed.
        stratify: keep each class's share the same in all three parts (y must be labels).

    Returns:
        ``((X_train, y_train), (X_val, y_val), (X_test, y_test))``.

    Example:
        >>> X, y = moons(n=100, rng=0)
        >>> (Xtr, ytr), (Xva, yva), (Xte, yte) = train_val_test_split(X, y, rng=0)
        >>> len(ytr), len(yva), len(yte)
        (60, 20, 20)
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"train_val_test_split: X and y must have the same length; got {len(X)} and {len(y)}")
    val = check_probability(val, "train_val_test_split val fraction")
    test = check_probability(test, "train_val_test_split test fraction")
    rng = check_rng(rng, "train_val_test_split")
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(len(y))]
    parts = ([], [], [])
    for idx in groups:
        idx = rng.permutation(idx)
        n_val, n_test = _split_counts(len(idx), val, test)
        for part, chunk in zip(parts, np.split(idx, [len(idx) - n_val - n_test, len(idx) - n_test])):
            part.append(chunk)
    out = []
    for part in parts:
        idx = rng.permutation(np.concatenate(part))
        out.append((X[idx], y[idx]))
    return tuple(out)


def standardize(X_train, *others):
    """Subtract the training mean and divide by the training standard deviation, per feature.

    The same statistics (from ``X_train`` only) transform every array, so no information from
    validation or test data leaks into preprocessing. Constant features are only centred.

    Returns:
        The transformed ``X_train`` alone, or a tuple ``(X_train, *others)`` if others are given.

    Example:
        >>> Xtr, Xte = standardize(np.array([[1.0], [3.0]]), np.array([[5.0]]))
        >>> Xtr.ravel().tolist(), Xte.ravel().tolist()
        ([-1.0, 1.0], [3.0])
    """
    arrays = [as_float_array(X, "standardize input").astype(np.float64, copy=False) for X in (X_train, *others)]
    X_train = arrays[0]
    check_finite(X_train, "standardize X_train")
    for i, X in enumerate(arrays[1:], 1):
        if X.shape[1:] != X_train.shape[1:]:
            raise ValueError(f"standardize: array {i} has examples of shape {X.shape[1:]}; expected the "
                             f"training data's {X_train.shape[1:]} (got {X.shape} and {X_train.shape})")
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    out = tuple((X - mean) / std for X in arrays)
    return out if others else out[0]


# --- files: the cache, MNIST-1D, MNIST --------------------------------------------------------
def get_cache_dir() -> Path:
    """Where downloaded and generated data sets are kept (created on first use).

    ``$COURSE_NN_CACHE`` if set, else the platform's user cache folder for ``course_nn``
    (platformdirs: ``$XDG_CACHE_HOME/course_nn`` or ``~/.cache/course_nn`` on Linux,
    ``~/Library/Caches/course_nn`` on macOS, ``%LOCALAPPDATA%\\course_nn\\Cache`` on Windows).
    """
    root = os.environ.get("COURSE_NN_CACHE")
    if not root:
        from platformdirs import user_cache_dir
        root = user_cache_dir("course_nn", appauthor=False)
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _save_npz_atomic(path: Path, arrays: dict):
    """Write the arrays to ``path`` so that readers never see half a file."""
    with atomic_write(path) as f:
        np.savez(f, **arrays)


_MNIST1D_KEYS = {"x": (4000, 40), "y": (4000,), "x_test": (1000, 40), "y_test": (1000,), "t": (40,)}


def _load_cached(path: Path):
    """The cached arrays, or None if the file is missing, unreadable or incomplete."""
    try:
        with np.load(path, allow_pickle=False) as f:
            out = {k: f[k] for k in _MNIST1D_KEYS}
    except Exception:                      # missing, truncated, not a zip, a key missing ...
        return None
    ok = all(out[k].shape == shape for k, shape in _MNIST1D_KEYS.items())
    return out if ok else None


def mnist1d(cache: bool = True, rng_restore: bool = True) -> dict:
    """MNIST-1D (Greydanus 2020), generated locally by the ``mnist1d`` package; no download.

    4000 training and 1000 test signals of length 40, 10 classes. Built with
    ``make_dataset(get_dataset_args())`` (never ``get_dataset()``, which tries a download and
    writes a pickle into the working directory), then cached as a .npz in ``get_cache_dir()``,
    keyed by the mnist1d version and its arguments. A damaged cache file is regenerated.

    Args:
        cache: read and write the cache (False: always regenerate, write nothing).
        rng_restore: ``make_dataset`` reseeds numpy's and Python's global random state; restore
            both afterwards (default), so the caller's ``np.random`` stream is untouched.

    Returns:
        dict with ``x`` (4000, 40) and ``x_test`` (1000, 40) float64, ``y`` (4000,) and
        ``y_test`` (1000,) int64, and ``t`` (40,), the signals' time axis.
    """
    try:
        from importlib.metadata import version

        from mnist1d.data import get_dataset_args, make_dataset
    except ImportError as exc:
        raise ImportError(f"mnist1d() needs the mnist1d package: pip install mnist1d ({exc})") from exc
    args = get_dataset_args(as_dict=True)
    key = json.dumps({"mnist1d": version("mnist1d"), "args": args}, sort_keys=True, default=str)
    path = get_cache_dir() / f"mnist1d-{hashlib.sha256(key.encode()).hexdigest()[:16]}.npz" if cache else None
    if cache and (data := _load_cached(path)) is not None:
        return data
    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        raw = make_dataset(get_dataset_args())
    finally:
        if rng_restore:
            np.random.set_state(np_state)
            random.setstate(py_state)
    data = {k: np.asarray(raw[k], dtype=np.int64 if k.startswith("y") else np.float64) for k in _MNIST1D_KEYS}
    if cache:
        try:
            _save_npz_atomic(path, data)
        except OSError as exc:             # a read-only home: work on, just slower next time
            warnings.warn(f"mnist1d: could not write the cache {path} ({exc}); set COURSE_NN_CACHE to a writable folder")
    return data


MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
MNIST_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
               "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
# The published MD5 sums of the four files (the values torchvision's MNIST class checks).
MNIST_CHECKSUMS = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
_IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path) -> np.ndarray:
    """Parse an IDX file (the MNIST format), plain or gzip-compressed.

    Format: two zero bytes, a dtype code (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32,
    0x0D float32, 0x0E float64), the number of dimensions, each dimension as a big-endian
    uint32, then the data, big-endian, in C order.
    """
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":             # the gzip magic number
        try:
            raw = gzip.decompress(raw)
        except (EOFError, OSError) as exc:
            raise ValueError(f"{path}: damaged or truncated gzip file ({exc}); delete it and download again") from exc
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] not in _IDX_DTYPES:
        raise ValueError(f"{path} is not an IDX file: expected a magic number 00 00 <dtype code> <ndim>, got {raw[:4].hex(' ')}")
    ndim = raw[3]
    if len(raw) < 4 + 4 * ndim:
        raise ValueError(f"{path}: truncated IDX header (expected {ndim} dimensions)")
    dims = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(_IDX_DTYPES[raw[2]])
    size = int(np.prod(dims)) * dtype.itemsize
    body = raw[4 + 4 * ndim:]
    if len(body) != size:
        raise ValueError(f"{path}: truncated or damaged IDX file: shape {dims} needs {size} data bytes, found {len(body)}")
    return np.frombuffer(body, dtype=dtype).reshape(dims).astype(dtype.newbyteorder("="))


def _download(url: str, path: Path):
    """Fetch ``url`` into ``path`` with a progress bar (pooch's HTTP downloader; tests replace this)."""
    import pooch
    pooch.HTTPDownloader(progressbar=True, timeout=60)(url, str(path), None)


def _fetch(url: str, folder: Path, name: str, expected):
    """``folder/name``, downloaded once from ``url`` and checked against ``expected``.

    pooch keeps the file, compares its MD5 (32 hex digits) or SHA-256 (64) with ``expected``
    on every call (None or "" skips the check), downloads it again when it differs, and never
    leaves a partial file behind.
    """
    try:
        import pooch
    except ImportError as exc:
        raise ImportError(f"load_mnist downloads with pooch: pip install pooch ({exc})") from exc
    known = None
    if expected:
        known = f"{'md5' if len(expected) == 32 else 'sha256'}:{expected.lower()}"
    try:
        return Path(pooch.retrieve(url, known_hash=known, fname=name, path=folder,
                                   downloader=lambda u, out, _pooch: _download(u, Path(out))))
    except ValueError as exc:
        if "hash" not in str(exc).lower():
            raise
        raise ValueError(f"checksum mismatch for {name}: expected {known} ({exc}); the file was not kept, "
                         "call again to download it anew (or try another url)") from None


def load_mnist(cache_dir=None, url: str = MNIST_URL, checksums=None):
    """The classic MNIST digits (LeCun et al. 1998), downloaded once into a cache folder.

    Args:
        cache_dir: folder for the four .gz files (default ``get_cache_dir() / "mnist"``).
        url: a mirror holding the four files (the default is the mirror torchvision uses).
        checksums: {file name: md5 or sha256 hex}; default ``MNIST_CHECKSUMS``. A file with an
            entry is verified every time it is loaded; pass ``{}`` to skip verification.

    Returns:
        ``(X_train, y_train, X_test, y_test)``: X float32 in [0, 1] of shape (N, 784)
        (60000 and 10000 rows), y int64 labels 0-9.
    """
    folder = Path(cache_dir) if cache_dir is not None else get_cache_dir() / "mnist"
    folder.mkdir(parents=True, exist_ok=True)
    checksums = MNIST_CHECKSUMS if checksums is None else checksums
    arrays = []
    for name in MNIST_FILES:
        path = _fetch(url.rstrip("/") + "/" + name, folder, name, checksums.get(name))
        arrays.append(read_idx(path))
    X_train, y_train, X_test, y_test = arrays
    return _pixels(X_train), y_train.astype(np.int64), _pixels(X_test), y_test.astype(np.int64)


def _pixels(images):
    """uint8 images (N, 28, 28) -> float32 rows (N, 784) in [0, 1]."""
    return images.reshape(len(images), -1).astype(np.float32) / np.float32(255)
