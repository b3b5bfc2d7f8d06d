"""Helpers the grader runs *inside* the kernel: remember what read-only setup cells defined.

If a learner's cell deletes a name that a read-only cell defined (``del np``, ``%reset -f``),
the grader puts it back before the next cell, so only that exercise can lose points.
Names the learner rebinds are left alone.
"""
from __future__ import annotations

_MARK: dict = {}
SAVED: dict = {}


def _shell():
    from IPython import get_ipython
    return get_ipython()


def _public(shell):
    hidden = shell.user_ns_hidden
    return {k: v for k, v in shell.user_ns.items() if not k.startswith("_") and k not in hidden}


def mark():
    """Before a read-only cell: note the current names."""
    _MARK.clear()
    _MARK.update({k: id(v) for k, v in _public(_shell()).items()})


def snapshot():
    """After a read-only cell: save the names it defined or rebound."""
    for k, v in _public(_shell()).items():
        if _MARK.get(k) != id(v):
            SAVED[k] = v


def restore():
    """Before any other cell: put back saved names that were deleted."""
    ns = _shell().user_ns
    for k, v in SAVED.items():
        ns.setdefault(k, v)
