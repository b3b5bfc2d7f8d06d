"""Tests of course_nn.datasets: toy sets, splits, standardize, MNIST-1D cache, IDX/MNIST loading.

Nothing here touches the network: load_mnist's downloader is replaced by a local copy.
"""
import gzip
import hashlib
import random
import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_nn import datasets as D

TOYS = {"spirals": D.spirals, "moons": D.moons, "circles": D.circles, "xor": D.xor, "blobs": D.blobs}


@pytest.mark.parametrize("name", list(TOYS))
def test_toy_sets_shapes_dtypes_and_all_classes_present(name):
    X, y = TOYS[name](n=120, noise=0.1, rng=0)
    assert X.shape == (120, 2) and X.dtype == np.float64
    assert y.shape == (120,) and y.dtype == np.int64
    n_classes = 3 if name in ("spirals", "blobs") else 2
    assert sorted(set(y.tolist())) == list(range(n_classes))
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", list(TOYS))
def test_toy_sets_are_deterministic_given_rng_and_differ_across_seeds(name):
    X1, y1 = TOYS[name](n=50, noise=0.1, rng=np.random.default_rng(3))
    X2, y2 = TOYS[name](n=50, noise=0.1, rng=3)
    X3, _ = TOYS[name](n=50, noise=0.1, rng=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(list(TOYS)), st.integers(3, 400), st.floats(0, 2))
def test_toy_sets_any_size_and_noise(name, n, noise):
    X, y = TOYS[name](n=n, noise=noise, rng=0)
    assert X.shape == (n, 2) and y.shape == (n,)


@pytest.mark.parametrize("name", list(TOYS) + ["regression_1d"])
@pytest.mark.parametrize("kwargs, error, match", [
    (dict(n=0), ValueError, "n >= "),
    (dict(n=-5), ValueError, "got n=-5"),
    (dict(n=10.0), TypeError, "must be an int"),
    (dict(n=10, noise=-0.1), ValueError, ">= 0; got -0.1"),
    (dict(n=10, rng="seed"), TypeError, "np.random.Generator"),
    (dict(n=10, rng=np.random.RandomState(0)), TypeError, "RandomState"),
])
def test_toy_sets_clear_errors(name, kwargs, error, match):
    f = D.regression_1d if name == "regression_1d" else TOYS[name]
    with pytest.raises(error, match=match):
        f(**kwargs)


def test_noise_free_shapes_are_exact():
    X, y = D.circles(n=100, noise=0.0, rng=0, factor=0.3)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)
    X, y = D.xor(n=40, noise=0.0, rng=0)
    assert set(map(tuple, X.tolist())) == {(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)}
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    X, y = D.spirals(n=90, noise=0.0, rng=0, classes=3)
    assert np.hypot(X[:, 0], X[:, 1]).max() == pytest.approx(1.0)
    assert np.bincount(y).tolist() == [30, 30, 30]


def test_circles_factor_must_be_between_0_and_1():
    with pytest.raises(ValueError, match="factor"):
        D.circles(n=10, factor=1.5)


def test_spirals_classes_and_blobs_centers():
    X, y = D.spirals(n=100, classes=5, rng=0)
    assert len(set(y.tolist())) == 5
    centers = np.array([[0.0, 0.0, 0.0], [10.0, 10.0, 10.0]])
    X, y = D.blobs(n=200, centers=centers, std=0.1, rng=0)
    assert X.shape == (200, 3)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [10, 10, 10], atol=0.05)
    Xa, _ = D.blobs(n=50, std=0.5, rng=1)
    Xb, _ = D.blobs(n=50, noise=0.5, rng=1)         # noise= is an alias of std=
    np.testing.assert_array_equal(Xa, Xb)
    with pytest.raises(ValueError, match="shape"):
        D.blobs(n=10, centers=np.zeros(3))


def test_regression_1d_shapes_and_true_curve():
    x, y = D.regression_1d(n=30, noise=0.0, rng=0)
    assert x.shape == (30, 1) and y.shape == (30,) and x.dtype == y.dtype == np.float64
    np.testing.assert_allclose(y, np.sin(2 * np.pi * x[:, 0]))
    assert D.regression_1d.true_fn is D.true_curve
    assert np.all((x >= 0) & (x <= 1))


# --- splitting and standardizing ------------------------------------------------------------
def test_split_sizes_disjoint_and_complete():
    X = np.arange(100.0).reshape(50, 2)
    y = np.arange(50)
    (Xtr, ytr), (Xva, yva), (Xte, yte) = D.train_val_test_split(X, y, val=0.2, test=0.1, rng=0)
    assert (len(ytr), len(yva), len(yte)) == (35, 10, 5)
    assert sorted(np.concatenate([ytr, yva, yte]).tolist()) == list(range(50))
    np.testing.assert_array_equal(Xtr[:, 0], 2 * ytr)          # rows stay with their labels


def test_split_is_deterministic_given_rng():
    X, y = D.moons(n=60, rng=0)
    a = D.train_val_test_split(X, y, rng=5)
    b = D.train_val_test_split(X, y, rng=np.random.default_rng(5))
    for (Xa, ya), (Xb, yb) in zip(a, b):
        np.testing.assert_array_equal(Xa, Xb)
        np.testing.assert_array_equal(ya, yb)


def test_stratified_split_keeps_class_shares():
    y = np.r_[np.zeros(80, int), np.ones(20, int)]
    X = np.arange(100.0)[:, None]
    parts = D.train_val_test_split(X, y, val=0.2, test=0.2, rng=0, stratify=True)
    assert [np.bincount(p[1]).tolist() for p in parts] == [[48, 12], [16, 4], [16, 4]]


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(X=np.zeros((10, 2)), y=np.zeros(9)), ValueError, "same length; got 10 and 9"),
    (dict(X=np.zeros((10, 2)), y=np.zeros(10), val=1.2), ValueError, "val fraction"),
    (dict(X=np.zeros((10, 2)), y=np.zeros(10), val=0.5, test=0.5), ValueError, "no training data"),
    (dict(X=np.zeros((10, 2)), y=np.zeros(10), rng=1.5), TypeError, "Generator"),
])
def test_split_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        D.train_val_test_split(**kwargs)


def test_standardize_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    Xtr, Xte = rng.normal(3, 2, size=(200, 3)), rng.normal(10, 5, size=(50, 3))
    Ztr, Zte = D.standardize(Xtr, Xte)
    np.testing.assert_allclose(Ztr.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Ztr.std(axis=0), 1)
    np.testing.assert_allclose(Zte, (Xte - Xtr.mean(0)) / Xtr.std(0))
    assert isinstance(D.standardize(Xtr), np.ndarray)


def test_standardize_constant_feature_and_inputs_untouched():
    X = np.array([[1.0, 5.0], [3.0, 5.0]])
    copy = X.copy()
    Z = D.standardize(X)
    np.testing.assert_array_equal(Z, [[-1.0, 0.0], [1.0, 0.0]])
    np.testing.assert_array_equal(X, copy)


# --- MNIST-1D ---------------------------------------------------------------------------------
@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_NN_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_get_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_NN_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert D.get_cache_dir() == tmp_path / "xdg" / "course_nn"
    monkeypatch.setenv("COURSE_NN_CACHE", str(tmp_path / "mine"))
    assert D.get_cache_dir() == tmp_path / "mine" and (tmp_path / "mine").is_dir()


def test_mnist1d_shapes_dtypes_global_state_restored_and_cached(cache, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    np.random.seed(123)
    random.seed(7)
    np_before, py_before = np.random.get_state(), random.getstate()
    data = D.mnist1d()
    for k, shape, dtype in [("x", (4000, 40), np.float64), ("y", (4000,), np.int64),
                            ("x_test", (1000, 40), np.float64), ("y_test", (1000,), np.int64), ("t", (40,), np.float64)]:
        assert data[k].shape == shape and data[k].dtype == dtype
    assert sorted(set(data["y"].tolist())) == list(range(10))
    after = np.random.get_state()
    assert after[0] == np_before[0] and np.array_equal(after[1], np_before[1]) and after[2:] == np_before[2:]
    assert random.getstate() == py_before
    assert not list(tmp_path.glob("*.pkl"))                      # nothing written into the cwd
    files = list(cache.glob("mnist1d-*.npz"))
    assert len(files) == 1 and not list(cache.glob("*.tmp"))
    import mnist1d.data
    monkeypatch.setattr(mnist1d.data, "make_dataset", lambda *a, **k: pytest.fail("cache not used"))
    again = D.mnist1d()
    for k in data:
        np.testing.assert_array_equal(data[k], again[k])


def test_mnist1d_without_restore_leaves_the_reseeded_state(cache):
    np.random.seed(123)
    D.mnist1d(cache=False, rng_restore=False)
    state = np.random.get_state()
    np.random.seed(123)
    assert not np.array_equal(state[1], np.random.get_state()[1])
    assert not cache.exists() or not list(cache.glob("*.npz"))   # cache=False writes nothing


def test_mnist1d_regenerates_a_corrupt_cache(cache):
    first = D.mnist1d()
    path = next(cache.glob("mnist1d-*.npz"))
    path.write_bytes(b"not a zip file")
    second = D.mnist1d()
    np.testing.assert_array_equal(first["x"], second["x"])
    assert D._load_cached(path) is not None                       # rewritten, readable again


def test_mnist1d_missing_package_gives_install_hint(monkeypatch, cache):
    import sys
    monkeypatch.setitem(sys.modules, "mnist1d", None)
    monkeypatch.setitem(sys.modules, "mnist1d.data", None)
    with pytest.raises(ImportError, match="pip install mnist1d"):
        D.mnist1d()


# --- IDX files and MNIST ------------------------------------------------------------------------
def write_idx(path, array, code=None, compress=False):
    """Our own IDX writer: magic 00 00 <code> <ndim>, big-endian dims, big-endian data."""
    codes = {np.uint8: 0x08, np.int8: 0x09, np.int16: 0x0B, np.int32: 0x0C, np.float32: 0x0D, np.float64: 0x0E}
    array = np.asarray(array)
    code = codes[array.dtype.type] if code is None else code
    header = bytes([0, 0, code, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    raw = header + array.astype(array.dtype.newbyteorder(">")).tobytes()
    path.write_bytes(gzip.compress(raw) if compress else raw)
    return path


@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
def test_read_idx_round_trips(tmp_path, compress, dtype):
    a = (np.arange(2 * 3 * 4) - 5).astype(dtype).reshape(2, 3, 4)
    if dtype == np.uint8:
        a = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    path = write_idx(tmp_path / ("a.idx.gz" if compress else "a.idx"), a, compress=compress)
    b = D.read_idx(path)
    assert b.dtype == np.dtype(dtype) and b.dtype.isnative
    np.testing.assert_array_equal(a, b)


def test_read_idx_labels_1d(tmp_path):
    labels = np.array([5, 0, 4, 1, 9], dtype=np.uint8)
    np.testing.assert_array_equal(D.read_idx(write_idx(tmp_path / "l.idx", labels)), labels)


def test_read_idx_errors(tmp_path):
    good = write_idx(tmp_path / "g.idx", np.arange(12, dtype=np.uint8).reshape(3, 4))
    raw = good.read_bytes()
    (tmp_path / "magic.idx").write_bytes(b"\x01\x02" + raw[2:])
    with pytest.raises(ValueError, match="not an IDX file"):
        D.read_idx(tmp_path / "magic.idx")
    (tmp_path / "code.idx").write_bytes(raw[:2] + b"\x07" + raw[3:])
    with pytest.raises(ValueError, match="not an IDX file"):
        D.read_idx(tmp_path / "code.idx")
    (tmp_path / "short.idx").write_bytes(raw[:-3])
    with pytest.raises(ValueError, match="needs 12 data bytes, found 9"):
        D.read_idx(tmp_path / "short.idx")
    (tmp_path / "header.idx").write_bytes(raw[:6])
    with pytest.raises(ValueError, match="truncated IDX header"):
        D.read_idx(tmp_path / "header.idx")
    gz = gzip.compress(raw)
    (tmp_path / "cut.idx.gz").write_bytes(gz[: len(gz) // 2])
    with pytest.raises(ValueError, match="truncated gzip"):
        D.read_idx(tmp_path / "cut.idx.gz")


@pytest.fixture
def mirror(tmp_path):
    """A fake MNIST mirror folder with tiny files, and their MD5 sums."""
    rng = np.random.default_rng(0)
    folder = tmp_path / "mirror"
    folder.mkdir()
    parts = {"train-images-idx3-ubyte.gz": rng.integers(0, 256, (6, 28, 28), dtype=np.uint8),
             "train-labels-idx1-ubyte.gz": rng.integers(0, 10, 6).astype(np.uint8),
             "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
             "t10k-labels-idx1-ubyte.gz": rng.integers(0, 10, 3).astype(np.uint8)}
    sums = {}
    for name, arr in parts.items():
        write_idx(folder / name, arr, compress=True)
        sums[name] = hashlib.md5((folder / name).read_bytes()).hexdigest()
    return folder, parts, sums


@pytest.fixture
def offline(monkeypatch, mirror):
    """Replace the downloader: 'downloads' copy from the fake mirror and are counted."""
    calls = []

    def fake_download(url, path):
        calls.append(url)
        shutil.copy(mirror[0] / url.rsplit("/", 1)[1], path)

    monkeypatch.setattr(D, "_download", fake_download)
    return calls


def test_load_mnist_downloads_once_verifies_and_parses(tmp_path, mirror, offline):
    _, parts, sums = mirror
    out = D.load_mnist(cache_dir=tmp_path / "c", url="https://example.invalid/mnist", checksums=sums)
    X_train, y_train, X_test, y_test = out
    assert X_train.shape == (6, 784) and X_train.dtype == np.float32 and X_test.shape == (3, 784)
    np.testing.assert_allclose(X_train * 255, parts["train-images-idx3-ubyte.gz"].reshape(6, -1), atol=1e-3)
    np.testing.assert_array_equal(y_test, parts["t10k-labels-idx1-ubyte.gz"])
    assert y_train.dtype == np.int64
    assert offline == ["https://example.invalid/mnist/" + n for n in D.MNIST_FILES]
    D.load_mnist(cache_dir=tmp_path / "c", url="https://example.invalid/mnist", checksums=sums)
    assert len(offline) == 4                                          # cached: no new download


def test_load_mnist_default_cache_dir_and_sha256(tmp_path, monkeypatch, mirror, offline):
    folder, _, _ = mirror
    monkeypatch.setenv("COURSE_NN_CACHE", str(tmp_path / "home"))
    sha = {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in D.MNIST_FILES}
    D.load_mnist(checksums=sha)
    assert sorted(p.name for p in (tmp_path / "home" / "mnist").iterdir()) == sorted(D.MNIST_FILES)


def test_load_mnist_checksum_mismatch_deletes_the_file(tmp_path, mirror, offline):
    _, _, sums = mirror
    bad = dict(sums, **{"train-labels-idx1-ubyte.gz": "0" * 32})
    with pytest.raises(ValueError, match="checksum mismatch for train-labels-idx1-ubyte.gz"):
        D.load_mnist(cache_dir=tmp_path / "c", checksums=bad)
    assert not (tmp_path / "c" / "train-labels-idx1-ubyte.gz").exists()
    D.load_mnist(cache_dir=tmp_path / "c", checksums=sums)           # the next call downloads again
    assert offline.count(D.MNIST_URL + "train-labels-idx1-ubyte.gz") == 2


def test_load_mnist_default_checksums_are_the_published_md5s(tmp_path, offline):
    assert set(D.MNIST_CHECKSUMS) == set(D.MNIST_FILES)
    assert all(len(v) == 32 for v in D.MNIST_CHECKSUMS.values())
    with pytest.raises(ValueError, match="checksum mismatch"):    # our tiny fakes are not MNIST
        D.load_mnist(cache_dir=tmp_path / "c")
