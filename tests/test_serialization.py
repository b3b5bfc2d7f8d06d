"""Tests of course_nn.serialization: save/load round trips and every kind of bad file."""
from __future__ import annotations

import numpy as np
import pytest

import course_nn as cnn
from course_nn.serialization import MARKER


def bn_net(seed=0, hidden=5):
    return cnn.mlp([3, hidden, 2], batchnorm=True, dropout=0.1, rng=seed)


def trained(model, seed=0):
    X = np.random.default_rng(seed).normal(size=(32, 3))
    for _ in range(3):
        model(X)                                   # BatchNorm updates its running statistics
    for p in model.parameters():
        p.value += 0.1
    return model


def test_round_trip_restores_parameters_and_running_statistics(tmp_path):
    src = trained(bn_net(0))
    cnn.save(src, tmp_path / "net.npz")
    dst = bn_net(1)
    arrays_before = [p.value for p in dst.parameters()]
    assert cnn.load(dst, tmp_path / "net.npz") is dst
    for (name, a), (_, b) in zip(src.named_parameters(), dst.named_parameters()):
        np.testing.assert_array_equal(a.value, b.value, err_msg=name)
    np.testing.assert_array_equal(dst[1].running_mean, src[1].running_mean)
    np.testing.assert_array_equal(dst[1].running_var, src[1].running_var)
    assert all(a is p.value for a, p in zip(arrays_before, dst.parameters()))   # loaded in place
    X = np.random.default_rng(3).normal(size=(4, 3))
    np.testing.assert_array_equal(cnn.predict(dst, X), cnn.predict(src, X))


def test_file_holds_one_array_per_name_and_no_pickle(tmp_path):
    model = bn_net()
    cnn.save(model, tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz", allow_pickle=False) as data:
        names = set(data.files)
        assert all(data[k].dtype != object for k in names)
    assert names == {MARKER} | {n for n, _ in model.named_parameters()} | {"layers.1.running_mean", "layers.1.running_var"}


def test_save_writes_exactly_the_given_path(tmp_path):
    cnn.save(cnn.Linear(2, 2, rng=0), tmp_path / "weights")
    assert [p.name for p in tmp_path.iterdir()] == ["weights"]
    cnn.load(cnn.Linear(2, 2, rng=1), str(tmp_path / "weights"))


def test_float32_model_stays_float32(tmp_path):
    src = cnn.Linear(2, 3, rng=0, dtype=np.float32)
    cnn.save(src, tmp_path / "f.npz")
    dst = cnn.load(cnn.Linear(2, 3, rng=1, dtype=np.float32), tmp_path / "f.npz")
    assert dst.weight.value.dtype == np.float32
    np.testing.assert_array_equal(dst.weight.value, src.weight.value)


def test_missing_and_unexpected_keys_are_named(tmp_path):
    cnn.save(cnn.Sequential(cnn.Linear(3, 2, bias=False, rng=0)), tmp_path / "nobias.npz")
    cnn.save(cnn.Sequential(cnn.Linear(3, 2, rng=0)), tmp_path / "bias.npz")
    with pytest.raises(ValueError, match=r"nobias.npz does not match the model: missing keys \['layers.0.bias'\], unexpected keys \[\]"):
        cnn.load(cnn.Sequential(cnn.Linear(3, 2, rng=0)), tmp_path / "nobias.npz")
    with pytest.raises(ValueError, match=r"missing keys \[\], unexpected keys \['layers.0.bias'\]"):
        cnn.load(cnn.Sequential(cnn.Linear(3, 2, bias=False, rng=0)), tmp_path / "bias.npz")
    with pytest.raises(ValueError, match=r"missing keys \['layers.1.beta', 'layers.1.gamma', 'layers.1.running_mean'"):
        cnn.load(bn_net(), tmp_path / "bias.npz")


def test_shape_mismatch_names_key_expected_and_got(tmp_path):
    cnn.save(bn_net(hidden=5), tmp_path / "five.npz")
    with pytest.raises(ValueError, match=r"key 'layers.0.weight' has shape \(3, 5\); the model expects \(3, 7\)"):
        cnn.load(bn_net(hidden=7), tmp_path / "five.npz")


def test_failed_load_changes_nothing(tmp_path):
    cnn.save(bn_net(hidden=5), tmp_path / "five.npz")
    model = bn_net(hidden=7)
    before = [p.value.copy() for p in model.parameters()]
    with pytest.raises(ValueError):
        cnn.load(model, tmp_path / "five.npz")
    for b, p in zip(before, model.parameters()):
        np.testing.assert_array_equal(b, p.value)


def write_bad_files(tmp_path):
    good = tmp_path / "good.npz"
    cnn.save(bn_net(), good)
    raw = good.read_bytes()
    files = {
        "truncated": raw[: len(raw) // 2],
        "truncated_tail": raw[:-30],
        "empty": b"",
        "text": b"weights: 1 2 3\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    np.save(tmp_path / "single.npy", np.ones(3))
    np.savez(tmp_path / "foreign.npz", a=np.ones(3))
    np.save(tmp_path / "pickled.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    return [*files, "single.npy", "foreign.npz", "pickled.npy"]


def test_damaged_or_foreign_files_say_not_a_course_nn_file(tmp_path):
    for name in write_bad_files(tmp_path):
        with pytest.raises(ValueError, match="is not a course_nn .npz file") as err:
            cnn.load(bn_net(), tmp_path / name)
        assert name in str(err.value)


def test_missing_file_and_non_module_raise_the_usual_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        cnn.load(bn_net(), tmp_path / "nope.npz")
    with pytest.raises(TypeError, match="save expects a course_nn Module as the model; got list"):
        cnn.save([1, 2], tmp_path / "x.npz")


def test_state_dict_round_trip_in_memory():
    src, dst = trained(bn_net(0)), bn_net(1)
    state = cnn.state_dict(src)
    cnn.load_state_dict(dst, state)
    for k, v in cnn.state_dict(dst).items():
        np.testing.assert_array_equal(v, state[k])
    state["layers.0.weight"] += 1                 # a copy: changing it leaves the model alone
    assert not np.array_equal(state["layers.0.weight"], src[0].weight.value)
