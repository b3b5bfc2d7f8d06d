"""Grading a class: notebooks one after another, in a process pool, or on a dask cluster.

Every way yields the :class:`~course_nn.grade.grader.NotebookReport` of each notebook in the
order given, so the console table and the JSON report are the same whichever is used.
"""
from __future__ import annotations

import multiprocessing
import pathlib
from concurrent.futures import ProcessPoolExecutor

__all__ = ["grade_many"]


def _grade_one(path, options):
    from .grader import grade_notebook
    return grade_notebook(path, **options)


def _grade_in_subprocess(path, options):
    """Grade in a fresh interpreter: a dask worker runs tasks in threads beside its own (which
    emit warnings and share the process's warning filters), so the checks get a process of
    their own, as in a pool."""
    import json
    import subprocess
    import sys

    from .grader import CellResult, NotebookReport

    proc = subprocess.run(
        [sys.executable, "-c", "import json, sys; from course_nn.grade.grader import "
         "grade_notebook; a = json.load(sys.stdin); "
         "print(json.dumps(grade_notebook(a['path'], **a['options']).to_dict()))"],
        input=json.dumps({"path": path, "options": options}), capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return NotebookReport(str(path), error=f"the grading process failed: {tail}")
    d = json.loads(proc.stdout.strip().splitlines()[-1])
    d.pop("score", None)
    d.pop("max_score", None)
    d["results"] = [CellResult(**r) for r in d["results"]]
    return NotebookReport(**d)


def grade_many(paths, options: dict, jobs: int = 1, dask: str | None = None):
    """Yield the reports of ``paths`` (in order), graded with ``grade_notebook(**options)``.

    Args:
        jobs: notebooks graded at a time (a pool of processes), or the number of workers of
            a local dask cluster.
        dask: None, ``"local"`` (a LocalCluster on this machine) or a scheduler address; the
            workers must see the same files at the same (absolute) paths.
    """
    paths = [str(pathlib.Path(p).absolute()) if dask else str(p) for p in paths]
    if dask:
        yield from _on_dask(paths, options, jobs, dask)
    elif jobs <= 1 or len(paths) <= 1:
        for p in paths:
            yield _grade_one(p, options)
    else:
        ctx = multiprocessing.get_context("spawn")       # no forked asyncio/zmq state
        with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=ctx) as pool:
            futures = [pool.submit(_grade_one, p, options) for p in paths]
            for p, fut in zip(paths, futures):
                yield _result(fut, p)


def _result(fut, path):
    from .grader import NotebookReport
    try:
        return fut.result()
    except Exception as exc:  # noqa: BLE001 - a lost worker costs one notebook, not the batch
        return NotebookReport(str(path), error=f"the grading worker failed: "
                                               f"{type(exc).__name__}: {exc}")


def _on_dask(paths, options, jobs, address):
    from dask.distributed import Client, LocalCluster

    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        futures = client.map(_grade_in_subprocess, paths, options=options, pure=False)
        for p, fut in zip(paths, futures):
            yield _result(fut, p)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
