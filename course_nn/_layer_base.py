"""Shared helpers of the layer modules: dtype casting, argument checks, the cache guard."""
from __future__ import annotations

import numpy as np

from ._validation import float_input
from .module import Module


def _cast(value, dtype):
    """A parameter's values in the input's dtype (no copy when they already match)."""
    return value if value.dtype == dtype else value.astype(dtype)


def _positive_int(v, what):
    if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
        raise ValueError(f"{what} must be a positive int; got {v!r}")
    return int(v)


class _Cached(Module):
    """Refuse backward before forward, and check grad_out's shape against the output's."""

    _cache = None

    def _check_grad(self, dout):
        if self._cache is None:
            raise RuntimeError(f"{self!r}.backward() called before forward(); it needs the cache "
                               "of a forward pass: call the layer on a batch first")
        dout, shape = float_input(dout, self, "grad_out"), self._out_shape
        if dout.shape != shape:
            raise ValueError(f"{self!r}.backward expects grad_out of shape {shape} "
                             f"(the forward output's); got {dout.shape}")
        return dout
