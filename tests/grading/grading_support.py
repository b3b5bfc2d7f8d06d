"""Shared helpers of the grading tests: the notebooks, the mutants, nbgrader, cached grading.

Every ``solutions/<assignment>/<notebook>.ipynb`` is picked up automatically; its mutants live
in ``tests/grading/mutants/<assignment>.py`` (``MUTANTS = {answer grade_id: [source, ...]}``).
"""
from __future__ import annotations

import atexit
import copy
import functools
import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "solutions").glob("*/*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*/*.ipynb"))
MUTANTS_DIR = pathlib.Path(__file__).resolve().parent / "mutants"
TIMEOUT = 30          # per cell, for the real notebooks
_TMP = tempfile.mkdtemp(prefix="course-nn-grading-tests-")
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)


def nb_id(path: pathlib.Path) -> str:
    return f"{path.parent.name}/{path.name}"


def exercise_of(solution: pathlib.Path) -> pathlib.Path:
    return ROOT / "exercises" / solution.parent.name / solution.name


def load_mutants(assignment: str) -> dict:
    """``MUTANTS`` of tests/grading/mutants/<assignment>.py ({} if the file is missing)."""
    path = MUTANTS_DIR / f"{assignment}.py"
    if not path.exists():
        return {}
    spec = importlib.util.spec_from_file_location(f"course_nn_mutants_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MUTANTS


def read(path) -> dict:
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def write(nb: dict, path) -> pathlib.Path:
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


def gid(cell) -> str:
    return ((cell.get("metadata") or {}).get("nbgrader") or {}).get("grade_id", "")


def mutant_rounds(solution: pathlib.Path) -> int:
    return max((len(v) for v in load_mutants(solution.parent.name).values()), default=0)


def mutant_notebook(solution: pathlib.Path, k: int, folder=None):
    """A copy of the solution with the k-th mutant of every exercise; (path, mutated ids)."""
    nb = copy.deepcopy(read(solution))
    mutants, mutated = load_mutants(solution.parent.name), []
    for cell in nb["cells"]:
        options = mutants.get(gid(cell), [])
        if k < len(options):
            cell["source"] = options[k]
            cell["outputs"], cell["execution_count"] = [], None
            mutated.append(gid(cell))
    folder = pathlib.Path(folder or pathlib.Path(_TMP) / f"mutant{k}")
    return write(nb, folder / solution.parent.name / solution.name), mutated


@functools.lru_cache(maxsize=None)
def grade(path: str, solution: str, timeout: float = TIMEOUT):
    """Our grader's report for ``path`` graded by ``solution`` (cached per test process)."""
    from course_nn.grade import grade_notebook
    return grade_notebook(path, solution_path=solution, timeout=timeout)


def mixed_notebook(solution: pathlib.Path, folder):
    """A submission mixing everything: answer cells in turn kept, replaced by their first
    mutant, or left as the exercise's stub. Returns its path."""
    nb = copy.deepcopy(read(solution))
    stubs = {gid(c): c["source"] for c in read(exercise_of(solution))["cells"] if gid(c)}
    mutants = load_mutants(solution.parent.name)
    answers = [c for c in nb["cells"] if ((c.get("metadata") or {}).get("nbgrader") or {})
               .get("solution")]
    for i, cell in enumerate(answers):
        if i % 3 == 1 and mutants.get(gid(cell)):
            cell["source"] = mutants[gid(cell)][0]
        elif i % 3 == 2:
            cell["source"] = stubs[gid(cell)]
        cell["outputs"], cell["execution_count"] = [], None
    return write(nb, pathlib.Path(folder) / solution.parent.name / solution.name)


def grade_mutant_round(solution: pathlib.Path, k: int):
    path, mutated = mutant_notebook(solution, k)
    return grade(str(path), str(solution)), mutated


def nbgrader_env() -> dict:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(pathlib.Path(sys.executable).parent), env.get("PATH", "")])
    return env


def nbgrader(args, cwd) -> subprocess.CompletedProcess:
    """Run nbgrader (exit status not checked: autograde exits 1 whenever a submission fails)."""
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=nbgrader_env(),
                          capture_output=True, text=True, timeout=900)


# ------------------------------------------------------------------ small synthetic notebooks
def nbgrader_cell(source, grade_id, kind, points=None) -> dict:
    """A code cell with nbgrader metadata: kind is "solution", "test" or "locked"."""
    meta = {"grade": kind == "test", "grade_id": grade_id, "locked": kind != "solution",
            "schema_version": 3, "solution": kind == "solution"}
    if kind == "test":
        meta["points"] = points
    return {"cell_type": "code", "execution_count": None, "metadata": {"nbgrader": meta},
            "outputs": [], "source": source}


def code_cell(source) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source}


def answer(name, body="return 3") -> str:
    return f"def {name}():\n    ### BEGIN SOLUTION\n    {body}\n    ### END SOLUTION\n"


def tiny_solution(folder, assignment="99_tiny", n=2) -> pathlib.Path:
    """A solution notebook with a setup cell and n exercises e1..en (each: e_k() == 3, 1 point).

    Every answer uses ``np`` from the setup cell, so a deleted ``np`` would show.
    """
    cells = [nbgrader_cell("import numpy as np", "setup", "locked")]
    for k in range(1, n + 1):
        cells.append({"cell_type": "markdown", "metadata": {}, "source": f"## Exercise e{k}"})
        cells.append(nbgrader_cell(answer(f"e{k}", "return int(np.arange(3).sum())"),
                                   f"e{k}", "solution"))
        cells.append(nbgrader_cell(
            "from course_nn.grade.expect import expect_equal\n"
            f"expect_equal(lambda: e{k}(), 3, what='e{k}()', hint='0 + 1 + 2')\n",
            f"e{k}_test", "test", 1))
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language":
          "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"c{i:03d}"
    return write(nb, pathlib.Path(folder) / assignment / f"{assignment}.ipynb")


def replace_cell(nb: dict, grade_id: str, source: str):
    for cell in nb["cells"]:
        if gid(cell) == grade_id:
            cell["source"] = source
            return
    raise KeyError(grade_id)


def insert_after(nb: dict, grade_id: str, cell: dict):
    idx = next(i for i, c in enumerate(nb["cells"]) if gid(c) == grade_id)
    nb["cells"].insert(idx + 1, cell)


def delete_cell(nb: dict, grade_id: str):
    nb["cells"] = [c for c in nb["cells"] if gid(c) != grade_id]
