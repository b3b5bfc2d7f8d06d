"""Initializers: sample variance against the documented formulas, bounds, gain, seeds, names."""
import math

import numpy as np
import pytest

from course_nn import init

FAN_IN, FAN_OUT = 1000, 600

# name -> (variance of the formula, uniform bound or None)
FORMULAS = {
    "xavier_uniform": (2 / (FAN_IN + FAN_OUT), math.sqrt(6 / (FAN_IN + FAN_OUT))),
    "xavier_normal": (2 / (FAN_IN + FAN_OUT), None),
    "he_uniform": (2 / FAN_IN, math.sqrt(6 / FAN_IN)),
    "he_normal": (2 / FAN_IN, None),
    "lecun_uniform": (1 / FAN_IN, math.sqrt(3 / FAN_IN)),
    "lecun_normal": (1 / FAN_IN, None),
    "uniform": (1 / 3, 1.0),
    "normal": (1.0, None),
}


def test_every_random_initializer_has_a_formula():
    random_ones = {n for n, f in init.INITIALIZERS.items() if f not in (init.zeros, init.ones)}
    assert {init.INITIALIZERS[n] for n in random_ones} == {getattr(init, n) for n in FORMULAS}


@pytest.mark.parametrize("name", FORMULAS)
def test_variance_matches_formula(name):
    var, bound = FORMULAS[name]
    w = init.get(name)((FAN_IN, FAN_OUT), rng=0)
    assert w.shape == (FAN_IN, FAN_OUT) and w.dtype == np.float64
    assert w.var() == pytest.approx(var, rel=0.02)
    assert abs(w.mean()) < 0.01 * math.sqrt(var)
    if bound is not None:
        assert np.abs(w).max() <= bound
        assert np.abs(w).max() > 0.999 * bound


@pytest.mark.parametrize("name", FORMULAS)
def test_gain_scales_and_seed_reproduces(name):
    f = init.get(name)
    a = f((30, 20), rng=np.random.default_rng(4))
    np.testing.assert_array_equal(a, f((30, 20), rng=4))
    np.testing.assert_allclose(f((30, 20), rng=4, gain=2.5), 2.5 * a)
    assert not np.array_equal(a, f((30, 20), rng=5))


def test_he_is_twice_lecun_and_xavier_is_symmetric():
    assert init.he_normal((500, 500), rng=0).var() == pytest.approx(2 * init.lecun_normal((500, 500), rng=0).var())
    a = init.xavier_normal((300, 700), rng=1).var()
    b = init.xavier_normal((700, 300), rng=1).var()
    assert a == pytest.approx(b, rel=0.02)


def test_constant_initializers():
    assert np.all(init.zeros((2, 3)) == 0)
    assert np.all(init.ones((2, 3)) == 1)
    assert np.all(init.constant((4,), 0.3) == 0.3)
    assert init.zeros(5).shape == (5,)
    assert init.ones((2, 2), dtype=np.float32).dtype == np.float32


def test_fans():
    assert init.fans((3, 4)) == (3, 4)
    assert init.fans((7,)) == (7, 7)
    assert init.fans((3, 4, 5)) == (3, 20)


def test_get_accepts_aliases_and_callables():
    assert init.get("kaiming_normal") is init.he_normal
    assert init.get("glorot_uniform") is init.xavier_uniform
    f = lambda shape, rng=None: np.zeros(shape)  # noqa: E731
    assert init.get(f) is f
    with pytest.raises(ValueError, match="he_uniform"):
        init.get("he_uniformm")


def test_float32_dtype():
    assert init.he_uniform((3, 4), rng=0, dtype=np.float32).dtype == np.float32
