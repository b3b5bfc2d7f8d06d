"""The grader survives whatever a learner's notebook does, and only that exercise pays.

Synthetic assignment "99_tiny": a setup cell (import numpy as np) and six one-point exercises
e1..e6 whose answers use np. Each student notebook breaks some of them in a different way.
"""
import copy
import hashlib
import json
import os
import pathlib
import subprocess
import sys

import pytest

from grading_support import code_cell, delete_cell, insert_after, read, replace_cell, \
    tiny_solution, write

from course_nn.grade import grade_notebook
from course_nn.grade.report import write_json

pytestmark = pytest.mark.slow
TIMEOUT = 5          # per cell: long enough for imports on a busy machine


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    solution = tiny_solution(root / "solutions", n=6)
    return root, solution


def _fingerprint(path: pathlib.Path):
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size


def _statuses(rep):
    assert not rep.error, rep.error
    return {r.grade_id: (r.status, r.points) for r in rep.results}


def test_loops_crashes_floods_and_edited_tests_cost_only_their_exercise(course):
    root, solution = course
    nb = copy.deepcopy(read(solution))
    replace_cell(nb, "e1", "while True:\n    pass\n")                   # endless loop
    insert_after(nb, "e2_test", code_cell("exit()"))                    # IPython's exit
    replace_cell(nb, "e3", "import os\nos._exit(1)\n")                  # kills the kernel
    delete_cell(nb, "e4_test")                                          # test cell deleted
    insert_after(nb, "e4", code_cell("import sys\nsys.exit(2)"))
    replace_cell(nb, "e5", "print('spam ' * 1_000_000)\n")              # 5 MB of output
    insert_after(nb, "e5_test", code_cell("del np\n%reset -f\n"))       # everything deleted
    student = write(nb, root / "student" / "99_tiny" / "99_tiny.ipynb")
    before, listing = _fingerprint(student), sorted(os.listdir(student.parent))

    rep = grade_notebook(student, solutions=root / "solutions", timeout=TIMEOUT)

    assert _statuses(rep) == {
        "e1_test": ("timed out", 0), "e2_test": ("pass", 1), "e3_test": ("crashed", 0),
        "e4_test": ("pass", 1), "e5_test": ("fail", 0), "e6_test": ("pass", 1)}
    assert rep.kernel_restarts == 3          # after the loop, exit() and os._exit()
    assert "timed out" in rep.by_id()["e1_test"].message
    assert _fingerprint(student) == before, "the grader modified the student's notebook"
    assert sorted(os.listdir(student.parent)) == listing, "the grader wrote next to the notebook"


def test_exits_errors_resets_and_tampered_tests(course):
    root, solution = course
    nb = copy.deepcopy(read(solution))
    replace_cell(nb, "e1", "import sys\nsys.exit(1)\n")
    replace_cell(nb, "e2", "exit()\n")
    replace_cell(nb, "e3", "raise ValueError('oops')\n")
    replace_cell(nb, "e4", "%reset -f\n")
    replace_cell(nb, "e6", answer_wrong := "def e6():\n    return 4\n")
    replace_cell(nb, "e6_test", "pass  # the student 'fixed' the test\n")
    assert answer_wrong
    student = write(nb, root / "student2" / "99_tiny" / "99_tiny.ipynb")

    rep = grade_notebook(student, solutions=root / "solutions", timeout=TIMEOUT)

    got = _statuses(rep)
    assert [got[f"e{k}_test"][1] for k in range(1, 7)] == [0, 0, 0, 0, 1, 0]
    assert got["e5_test"] == ("pass", 1)
    e3 = rep.by_id()["e3_test"]
    assert e3.status == "error" and e3.message == "answer cell 'e3' raised ValueError: oops"
    assert rep.by_id()["e1_test"].message.startswith("answer cell 'e1' raised SystemExit")
    assert "expected 3, got 4" in rep.by_id()["e6_test"].message


def test_invalid_json_and_missing_file_give_clear_errors(course, tmp_path):
    root, _ = course
    broken = tmp_path / "99_tiny" / "99_tiny.ipynb"
    broken.parent.mkdir()
    broken.write_text('{"cells": [', encoding="utf-8")
    rep = grade_notebook(broken, solutions=root / "solutions")
    assert "not a valid notebook" in rep.error and "not valid JSON" in rep.error
    assert not rep.results
    rep = grade_notebook(tmp_path / "99_tiny" / "nope.ipynb", solutions=root / "solutions")
    assert "no such file" in rep.error
    stray = write(read(root / "solutions" / "99_tiny" / "99_tiny.ipynb"), tmp_path / "x" / "y.ipynb")
    rep = grade_notebook(stray, solutions=root / "solutions")
    assert "no solution notebook found" in rep.error and "--assignment" in rep.error


@pytest.mark.parametrize("content", ['{"cells": [', None], ids=["invalid-json", "missing"])
def test_command_line_errors_have_no_traceback(course, tmp_path, content):
    root, _ = course
    path = tmp_path / "99_tiny" / "99_tiny.ipynb"
    if content is not None:
        path.parent.mkdir()
        path.write_text(content, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "course_nn.grade", str(path),
                           "--solutions", str(root / "solutions")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert ("not valid JSON" if content else "no such file") in proc.stderr


def test_json_report_is_written_atomically_and_keeps_the_previous_one(course, tmp_path, capsys):
    from course_nn.grade import main

    root, solution = course
    student = write(read(solution), tmp_path / "99_tiny" / "99_tiny.ipynb")
    target = tmp_path / "report.json"
    target.write_text('{"old": true}\n', encoding="utf-8")
    assert main([str(student), "--json", str(target), "--timeout", "20",
                 "--solutions", str(root / "solutions")]) == 0
    out = capsys.readouterr().out
    assert "total" in out and "6 / 6" in out and "kept the previous report" in out
    data = json.loads(target.read_text())
    assert data["format"] == "course-nn-grade/1"
    assert data["score"] == data["max_score"] == 6
    nb = data["notebooks"][0]
    assert nb["assignment"] == "99_tiny" and nb["error"] == ""
    assert [r["grade_id"] for r in nb["results"]] == [f"e{k}_test" for k in range(1, 7)]
    assert {r["status"] for r in nb["results"]} == {"pass"}
    backups = [p for p in tmp_path.glob("report.*.json")]
    assert len(backups) == 1 and json.loads(backups[0].read_text()) == {"old": True}
    left = [p for p in tmp_path.glob(".report.json.*") if p.name != ".report.json.lock"]
    assert not left, "a temporary file was left behind"


def test_write_json_never_loses_a_report(tmp_path):
    target = tmp_path / "r.json"
    for k in range(3):
        write_json({"k": k}, target)
    assert json.loads(target.read_text()) == {"k": 2}
    kept = sorted(json.loads(p.read_text())["k"] for p in tmp_path.glob("r.*.json"))
    assert kept == [0, 1]


def test_console_script_and_module_entry_point():
    script = pathlib.Path(sys.executable).with_name("course-nn-grade")
    assert script.exists(), "course-nn-grade is not installed (pip install -e .)"
    for cmd in ([str(script), "--help"], [sys.executable, "-m", "course_nn.grade", "--help"]):
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0 and "--json" in proc.stdout and "--timeout" in proc.stdout


def test_kernel_start_is_retried_and_a_failure_is_reported(course, monkeypatch):
    from course_nn.grade import runner

    root, solution = course
    calls = []
    real = runner.KernelSession._start_once

    def flaky(self):
        calls.append(1)
        if len(calls) == 1:              # a lost race for a port, once
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(self)

    monkeypatch.setattr(runner.KernelSession, "_start_once", flaky)
    rep = grade_notebook(solution, solution_path=solution, timeout=20)
    assert not rep.error and rep.score == rep.max_score == 6 and len(calls) == 2

    def broken(self):
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(runner.KernelSession, "_start_once", broken)
    monkeypatch.setattr(runner.time, "sleep", lambda s: None)
    rep = grade_notebook(solution, solution_path=solution, timeout=20)
    assert rep.error.startswith("could not run a Jupyter kernel") and not rep.results
