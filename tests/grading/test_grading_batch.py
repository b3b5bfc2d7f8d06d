"""Nothing aborts a batch, nothing hangs, nothing is lost; a class graded in parallel.

Malformed notebooks become one-line messages for that notebook while the rest of the batch is
graded; arguments are checked before any grading; the JSON report is atomic, 0644-ish, safe
for concurrent writers, and can go to standard output; --jobs and dask give the same report.
"""
import copy
import json
import os
import stat
import subprocess
import sys
import threading

import pytest

from grading_support import read, replace_cell, tiny_solution, write

from course_nn.grade import grade_notebook, main
from course_nn.grade.report import write_json

pytestmark = pytest.mark.slow
TIMEOUT = 10


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    solution = tiny_solution(root / "solutions", n=2)
    other = tiny_solution(root / "solutions", assignment="98_other", n=1)
    text = other.read_text().replace('"e1', '"z1').replace("e1(", "z1(").replace("def e1", "def z1")
    other.write_text(text)                       # its exercises: z1, z1_test
    return root, solution


def _malformed(solution):
    """name -> notebook text (or None: made by the test) that must be refused cleanly."""
    good = read(solution)
    cases = {}
    for bad in ("4", None):
        nb = copy.deepcopy(good)
        nb["nbformat"] = bad
        cases[f"nbformat-{bad}"] = nb
    nb = copy.deepcopy(good)
    nb["metadata"] = []
    cases["metadata-list"] = nb
    nb = copy.deepcopy(good)
    nb["cells"][3]["metadata"] = []
    cases["cell-metadata-list"] = nb
    nb = copy.deepcopy(good)
    nb["cells"][2]["source"] = 7
    cases["source-int"] = nb
    cases["deep-json"] = "[" * 100_000 + "]" * 100_000
    cases["nbformat-3"] = {"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                           "worksheets": [{"cells": []}]}
    return cases


def test_malformed_notebooks_are_one_line_each_and_the_batch_goes_on(course, tmp_path, capsys):
    root, solution = course
    paths = []
    for name, content in _malformed(solution).items():
        path = tmp_path / name / "99_tiny" / "99_tiny.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        paths.append(path)
    fifo = tmp_path / "fifo" / "99_tiny" / "99_tiny.ipynb"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    dev = tmp_path / "dev" / "99_tiny" / "99_tiny.ipynb"
    dev.parent.mkdir(parents=True)
    dev.symlink_to("/dev/zero")
    other = write(read(root / "solutions" / "98_other" / "98_other.ipynb"),
                  tmp_path / "other" / "99_tiny" / "99_tiny.ipynb")
    odd = copy.deepcopy(read(solution))
    odd["cells"][2]["metadata"]["nbgrader"]["grade_id"] = ["e1"]    # graded: a plain cell
    odd = write(odd, tmp_path / "odd" / "99_tiny" / "99_tiny.ipynb")
    good = write(read(solution), tmp_path / "good" / "99_tiny" / "99_tiny.ipynb")
    paths += [fifo, dev, other, odd, good]
    report = tmp_path / "report.json"
    code = main([*map(str, paths), "--solutions", str(root / "solutions"), "--json",
                 str(report), "--timeout", str(TIMEOUT), "-q"])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.out + out.err
    data = json.loads(report.read_text())
    by_path = {nb["path"]: nb for nb in data["notebooks"]}
    assert len(by_path) == len(paths)
    for p in paths[:-2]:
        err = by_path[str(p)]["error"]
        assert err and "\n" not in err and len(err) < 400, (p, err)
    assert "not a regular file" in by_path[str(fifo)]["error"]
    assert "not a regular file" in by_path[str(dev)]["error"]
    assert "format 3" in by_path[str(paths[6])]["error"]
    assert "not an exercise of 99_tiny" in by_path[str(other)]["error"]
    assert "98_other" in by_path[str(other)]["error"]
    assert by_path[str(good)]["score"] == 2 and not by_path[str(good)]["error"]
    assert by_path[str(odd)]["score"] == 2 and not by_path[str(odd)]["error"]


@pytest.mark.parametrize("args, message", [
    (["--timeout", "nan"], "--timeout must be a positive number"),
    (["--timeout", "-3"], "--timeout must be a positive number"),
    (["--notebook-timeout", "inf"], "--notebook-timeout must be a positive number"),
    (["--jobs", "0"], "--jobs must be at least 1"),
    (["--json", "{tmp}"], "is a folder"),
    (["--json", "{tmp}/missing/r.json"], "does not exist"),
    (["--json", "{nb}"], "not a notebook"),
    (["--solutions", "{tmp}/nowhere"], "no such folder"),
], ids=["nan", "negative", "inf", "jobs0", "json-folder", "json-unreachable", "json-notebook",
        "solutions"])
def test_bad_arguments_stop_before_any_grading(course, tmp_path, args, message):
    root, solution = course
    nb = write(read(solution), tmp_path / "99_tiny" / "99_tiny.ipynb")
    args = [a.format(tmp=tmp_path, nb=nb) for a in args]
    before = nb.read_bytes()
    proc = subprocess.run([sys.executable, "-m", "course_nn.grade", str(nb), *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert "graded with" not in proc.stdout          # nothing was graded
    assert nb.read_bytes() == before


def test_json_to_stdout_and_a_normal_file_mode(course, tmp_path):
    root, solution = course
    nb = write(read(solution), tmp_path / "99_tiny" / "99_tiny.ipynb")
    proc = subprocess.run([sys.executable, "-m", "course_nn.grade", str(nb), "--json", "-",
                           "--solutions", str(root / "solutions"), "--timeout", str(TIMEOUT)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)                  # stdout is the report and nothing else
    assert data["score"] == 2 and "graded with" in proc.stderr
    assert not (tmp_path / "-").exists()
    old = os.umask(0o022)
    try:
        write_json(data, tmp_path / "r.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.json").stat().st_mode) == 0o644


def test_concurrent_writers_lose_no_report(tmp_path):
    target = tmp_path / "r.json"
    n = 12
    threads = [threading.Thread(target=write_json, args=({"k": k}, target)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    kept = [json.loads(p.read_text())["k"] for p in tmp_path.glob("r*.json")]
    assert sorted(kept) == list(range(n)), "a concurrent grader's report was lost"


def test_time_limit_per_notebook_and_a_deleted_work_folder(course, tmp_path):
    root, solution = course
    nb = copy.deepcopy(read(solution))
    replace_cell(nb, "e2", "import time\nwhile True:\n    time.sleep(0.2)\n")
    slow = write(nb, tmp_path / "slow" / "99_tiny" / "99_tiny.ipynb")
    rep = grade_notebook(slow, solutions=root / "solutions", timeout=4, notebook_timeout=6)
    got = {r.grade_id: (r.status, r.points) for r in rep.results}
    assert got["e1_test"] == ("pass", 1)
    assert got["e2_test"][1] == 0 and rep.seconds < 120

    nb = copy.deepcopy(read(solution))
    replace_cell(nb, "e2", "import os, shutil\nshutil.rmtree(os.getcwd())\n"
                           "open('/tmp/x', 'w') if False else None\nos._exit(1)\n")
    gone = write(nb, tmp_path / "gone" / "99_tiny" / "99_tiny.ipynb")
    rep = grade_notebook(gone, solutions=root / "solutions", timeout=TIMEOUT)
    assert not rep.error, rep.error
    got = {r.grade_id: (r.status, r.points) for r in rep.results}
    assert got["e1_test"] == ("pass", 1), "points already earned were lost"


def _same_reports(a, b):
    strip = lambda d: [(nb["path"], nb["score"], [(r["grade_id"], r["points"], r["status"])
                                                  for r in nb["results"]])
                       for nb in d["notebooks"]]
    return strip(a) == strip(b)


def test_jobs_and_dask_give_the_serial_report(course, tmp_path):
    root, solution = course
    paths = []
    for k in range(3):
        nb = copy.deepcopy(read(solution))
        if k == 1:
            replace_cell(nb, "e1", "def e1():\n    return 4\n")
        paths.append(str(write(nb, tmp_path / f"s{k}" / "99_tiny" / "99_tiny.ipynb")))
    reports = {}
    for mode, extra in [("serial", []), ("jobs", ["--jobs", "2"]),
                        ("dask", ["--dask", "local", "--jobs", "2"])]:
        if mode == "dask":
            pytest.importorskip("dask.distributed")
        out = tmp_path / f"{mode}.json"
        assert main([*paths, "--solutions", str(root / "solutions"), "--timeout", str(TIMEOUT),
                     "--json", str(out), "-q", *extra]) == 0
        reports[mode] = json.loads(out.read_text())
    assert [nb["score"] for nb in reports["serial"]["notebooks"]] == [2, 1, 2]
    assert _same_reports(reports["serial"], reports["jobs"])
    assert _same_reports(reports["serial"], reports["dask"])
