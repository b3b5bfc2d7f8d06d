"""One helper for writing files safely: write beside the target, then rename over it.

Readers (another process, a notebook loading a cache) never see half a file, and a crash or a
full disk leaves the old file, or none, in place. Used by ``save``, the data-set cache and the
grader's report.
"""
from __future__ import annotations

import contextlib
import os
import tempfile


@contextlib.contextmanager
def atomic_write(path, mode: str = "wb", suffix: str = ".tmp"):
    """Open a temporary file beside ``path`` for writing; on success rename it to ``path``.

    The folder must exist: a FileNotFoundError names the *target's* folder, not the temporary
    file. The file gets the permissions an ordinary ``open`` would give (0666 less the umask),
    not mkstemp's private 0600.

        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
        >>> with atomic_write(target, "w") as f:
        ...     _ = f.write("hello")
        >>> target.read_text()
        'hello'
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"cannot write {path}: its folder {folder} does not exist (create it first)")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=os.path.basename(path) + ".", suffix=suffix)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, mode) as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
