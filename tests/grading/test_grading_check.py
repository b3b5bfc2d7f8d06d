"""cnn.grade.check() in a notebook: the solution passes, the line is the grader's line."""
import numpy as np
import pytest

from grading_support import ROOT, SOLUTIONS, answer, grade, nb_id, read, tiny_solution

from course_nn.grade import check, run_checks
from course_nn.grade.grader import format_line, id_width


def _namespace_of(solution):
    """Run a solution notebook's code cells (not its tests) in a plain dict, as a kernel would.

    Read-only and answer cells must run; other cells (demos, plots) are run if they can be
    without IPython."""
    ns = {"__name__": "__main__"}
    for cell in read(solution)["cells"]:
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        src = "".join(cell["source"])
        if cell["cell_type"] != "code" or meta.get("grade") or "grade.check(" in src:
            continue
        src = "\n".join(ln for ln in src.splitlines() if not ln.lstrip().startswith(("%", "!")))
        try:
            exec(compile(src, str(solution), "exec"), ns)  # noqa: S102
        except Exception:
            if meta.get("locked") or meta.get("solution"):
                raise
    return ns


@pytest.fixture
def tiny(tmp_path):
    return tiny_solution(tmp_path / "solutions", n=2).parents[1]


@pytest.mark.parametrize("solution", SOLUTIONS, ids=nb_id)
def test_check_passes_on_the_solution_and_prints_the_graders_lines(solution, capsys,
                                                                   monkeypatch):
    monkeypatch.delenv("COURSE_NN_GRADING", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    ns = _namespace_of(solution)
    capsys.readouterr()                      # whatever the notebook's own cells printed
    results = run_checks(assignment=solution.parent.name, namespace=ns)
    assert [r.status for r in results] == ["pass"] * len(results) and results
    check(assignment=solution.parent.name, namespace=ns)
    printed = capsys.readouterr().out.splitlines()
    graded = grade(str(solution), str(solution))
    w = id_width(graded.results)
    assert printed[:len(graded.results)] == [format_line(r, id_width=w) for r in graded.results]
    assert printed[-1].split() == ["total", f"{graded.max_score:g}", "/", f"{graded.max_score:g}"]


def test_check_one_exercise_wrong_and_not_implemented(tiny, capsys, monkeypatch):
    monkeypatch.delenv("COURSE_NN_GRADING", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    ns = {"np": np}
    exec("def e1():\n    return 4\n", ns)  # noqa: S102
    exec("def e2():\n    raise NotImplementedError()\n", ns)  # noqa: S102
    check("e1", assignment="99_tiny", solutions=tiny, namespace=ns)
    check("e2_test", assignment="99_tiny", solutions=tiny, namespace=ns)
    out = capsys.readouterr().out
    assert "e1_test" in out and "fail" in out and "e1(): expected 3, got 4" in out
    assert "Hint: 0 + 1 + 2" in out
    assert "e2_test" in out and "not implemented" in out
    assert "e2_test" not in out.split("e1_test")[0]
    assert ns["e1"]() == 4 and "expect_equal" not in ns, "check() changed the namespace"


def test_check_finds_the_assignment_from_the_working_directory(tiny, tmp_path, capsys,
                                                               monkeypatch):
    monkeypatch.delenv("COURSE_NN_GRADING", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    ns = {"np": np}
    exec(answer("e1", "return int(np.arange(3).sum())"), ns)  # noqa: S102
    (tmp_path / "work" / "99_tiny").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work" / "99_tiny")
    check("e1", solutions=tiny, namespace=ns)
    assert capsys.readouterr().out.split()[:5] == ["e1_test", "1", "/", "1", "pass"]
    monkeypatch.chdir(tmp_path)
    check("e1", solutions=tiny, namespace={**ns, "__session__": "x/99_tiny/99_tiny.ipynb"})
    assert "pass" in capsys.readouterr().out


def test_check_explains_unknown_ids_and_steps_aside_while_grading(tiny, capsys, monkeypatch):
    monkeypatch.delenv("COURSE_NN_GRADING", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    check("nope", assignment="99_tiny", solutions=tiny, namespace={})
    out = capsys.readouterr().out
    assert "cannot find the solution notebook for exercise 'nope'" in out
    check("nope", solutions=ROOT / "solutions" if SOLUTIONS else tiny, namespace={})
    assert "check():" in capsys.readouterr().out
    monkeypatch.chdir(tiny)                  # not an assignment folder: say so, guess nothing
    check(solutions=tiny, namespace={})
    assert "cannot find the solution notebook for this notebook's assignment" in \
        capsys.readouterr().out
    monkeypatch.setenv("COURSE_NN_GRADING", "1")
    check("e1", assignment="99_tiny", solutions=tiny, namespace={})
    assert "skipped" in capsys.readouterr().out


@pytest.mark.slow
def test_check_in_a_real_kernel_uses_the_notebooks_variables(tmp_path):
    """As a student runs it: cwd is the assignment folder, names live in IPython's user_ns."""
    from course_nn.grade.runner import KernelSession

    solution = SOLUTIONS[0]
    cells = [c for c in read(solution)["cells"] if c["cell_type"] == "code"]
    setup_and_answers = [
        "".join(c["source"]) for c in cells
        if not ((c.get("metadata") or {}).get("nbgrader") or {}).get("grade")
        and "grade.check(" not in "".join(c["source"])]
    work = tmp_path / solution.parent.name
    work.mkdir()
    graded = grade(str(solution), str(solution))
    with KernelSession(work, timeout=60) as kernel:
        for src in setup_and_answers:
            assert kernel.run(src).status == "ok"
        out = kernel.run("import course_nn as cnn\ncnn.grade.check()")
    assert out.status == "ok" and not out.stderr
    lines = out.stdout.splitlines()
    w = id_width(graded.results)
    assert lines[:len(graded.results)] == [format_line(r, id_width=w) for r in graded.results]


def test_check_prints_each_line_once(tiny, capsys, monkeypatch):
    monkeypatch.delenv("COURSE_NN_GRADING", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    ns = {"np": np}
    exec("def e1():\n    return 4\n", ns)  # noqa: S102
    exec("def e2():\n    raise NotImplementedError()\n", ns)  # noqa: S102
    check(assignment="99_tiny", solutions=tiny, namespace=ns)
    lines = [ln.strip() for ln in capsys.readouterr().out.splitlines() if ln.strip()]
    assert len(lines) == len(set(lines)), lines
    assert sum("expected 3, got 4" in ln for ln in lines) == 1


@pytest.mark.slow
def test_a_failing_visible_test_shows_one_short_block_in_the_notebook(tmp_path):
    """As a student sees it in Jupyter: the exercise's own test cell, a wrong answer."""
    from course_nn.grade.runner import KernelSession

    exercise = ROOT / "exercises" / "01_neuron" / "01_neuron.ipynb"
    cells = {((c.get("metadata") or {}).get("nbgrader") or {}).get("grade_id"):
             "".join(c["source"]) for c in read(exercise)["cells"]}
    work = tmp_path / "01_neuron"
    work.mkdir()
    with KernelSession(work, timeout=60) as kernel:
        assert kernel.run(cells["setup"]).status == "ok"
        kernel.run("def count_parameters(sizes):\n    return 20\n")
        out = kernel.run(cells["count_parameters_test"])
        stub = kernel.run(cells["sigmoid"] + "\n")
        out2 = kernel.run(cells["sigmoid_test"])
    assert stub.status == "ok"
    for o, first in ((out, "CheckFailed: count_parameters([3, 4, 2]): expected 26, got 20"),
                     (out2, "ExerciseNotImplemented: sigmoid(")):
        assert o.status == "error" and o.reply_status == "error"   # still a failed cell
        lines = o.traceback.splitlines()
        assert lines[0].startswith(first), lines
        assert len(lines) <= 3 and "Hint:" in lines[-1]
        assert "course_nn/grade" not in o.traceback and "Traceback" not in o.traceback
