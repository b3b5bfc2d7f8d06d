"""How many threads numpy's BLAS may use for matrix products (through threadpoolctl).

The course's matrix products are small (a batch of 128 through 256 x 256 layers): splitting
them over threads costs more in synchronisation than it gains, and on a shared or busy machine
(a second notebook, the test suite's two workers, a parallel hyperparameter search) extra
BLAS threads compete for the same cores and can make training several times slower.
``benchmarks/README.md`` has the measurements. So ``import course_nn`` limits BLAS to
``DEFAULT_NUM_THREADS`` = 1 thread, unless you chose yourself:

* ``COURSE_NN_NUM_THREADS=n`` in the environment: course_nn sets n threads;
* ``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS`` or ``MKL_NUM_THREADS`` set: course_nn leaves
  the BLAS as those variables configured it.

Change it at any time with ``cnn.set_num_threads(n)``; ``cnn.get_num_threads()`` reports it.
"""
from __future__ import annotations

import numbers
import os
import warnings

__all__ = ["set_num_threads", "get_num_threads"]

DEFAULT_NUM_THREADS = 1
USER_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

_limits = None          # the threadpoolctl limiter in force (kept so that it is not undone)


def set_num_threads(n: int) -> None:
    """Let numpy's BLAS use ``n`` threads (n >= 1) for matrix products, from now on.

    Example:
        >>> import course_nn as cnn
        >>> before = cnn.get_num_threads()
        >>> cnn.set_num_threads(1)
        >>> cnn.get_num_threads()
        1
        >>> cnn.set_num_threads(before)
    """
    global _limits
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
        raise ValueError(f"set_num_threads needs a number of threads >= 1; got {n!r}")
    from threadpoolctl import threadpool_limits

    _limits = threadpool_limits(limits=int(n), user_api="blas")


def get_num_threads() -> int:
    """The number of threads numpy's BLAS uses now (the first BLAS library's, if several)."""
    from threadpoolctl import threadpool_info

    counts = [lib["num_threads"] for lib in threadpool_info() if lib.get("user_api") == "blas"]
    return counts[0] if counts else 1


def apply_default(environ=os.environ) -> int | None:
    """Set the BLAS thread count at import; returns what was set (None: left to the user)."""
    wanted = environ.get("COURSE_NN_NUM_THREADS", "").strip()
    if wanted:
        try:
            n = int(wanted)
            set_num_threads(n)
            return n
        except ValueError:
            warnings.warn(f"COURSE_NN_NUM_THREADS must be a whole number >= 1; got {wanted!r}. "
                          "Ignoring it.", RuntimeWarning, stacklevel=2)
            return None
    if any(environ.get(name, "").strip() for name in USER_VARIABLES):
        return None
    set_num_threads(DEFAULT_NUM_THREADS)
    return DEFAULT_NUM_THREADS
