"""Execute notebooks top to bottom in a fresh kernel and store them with their outputs.

    python tools/execute_notebooks.py notebooks/*.ipynb solutions/*/*.ipynb

Each notebook runs in its own directory with the current environment's python kernel.
Metadata is cleaned so a re-run changes only what really changed: execution timings are
dropped, cell ids are made deterministic, the kernelspec is the standard ``python3``.
Prints each notebook's wall-clock time.
"""
from __future__ import annotations

import argparse
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def clean(nb):
    nb.metadata = {"kernelspec": KERNELSPEC,
                   "language_info": {"name": "python", "pygments_lexer": "ipython3"},
                   **({"widgets": nb.metadata["widgets"]} if "widgets" in nb.metadata else {})}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:03d}"
        md = cell.get("metadata", {})
        md.pop("execution", None)
        md.pop("collapsed", None)
        md.pop("scrolled", None)
        cell["metadata"] = md
    return nb


def execute(path: pathlib.Path, timeout: int = 300, clear_only: bool = False) -> float:
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    if not clear_only:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}},
                                store_widget_state=True)   # stored controls render without a kernel
        client.execute()
    dt = time.perf_counter() - t0
    nbformat.write(clean(nb), path)
    return dt


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=pathlib.Path)
    ap.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = ap.parse_args(argv)
    total = 0.0
    for p in args.paths:
        dt = execute(p, args.timeout)
        total += dt
        print(f"{dt:6.1f} s  {p}", flush=True)
    print(f"{total:6.1f} s  total")


if __name__ == "__main__":
    sys.exit(main())
