"""Solution notebooks follow the authoring format (docs/GRADING.md); mutants cover them all."""
import re

import pytest

from grading_support import EXERCISES, ROOT, SOLUTIONS, exercise_of, gid, load_mutants, nb_id, \
    read

from course_nn.grade import validate_solution
from course_nn.grade.notebook import parse_solution

ANSWER_IDS = {s: [c.grade_id for c in parse_solution(read(s), s).cells if c.kind == "solution"]
              for s in SOLUTIONS}


@pytest.mark.parametrize("solution", SOLUTIONS, ids=nb_id)
def test_solution_follows_the_format(solution):
    assert validate_solution(solution) == []
    assert solution.stem == solution.parent.name, \
        "a solution notebook is solutions/<assignment>/<assignment>.ipynb"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=nb_id)
def test_nbgrader_accepts_the_metadata(solution):
    nbformat = pytest.importorskip("nbformat")
    v3 = pytest.importorskip("nbgrader.nbgraderformat.v3")
    v3.MetadataValidatorV3().validate_nb(nbformat.read(solution, as_version=4))


@pytest.mark.parametrize("solution", SOLUTIONS, ids=nb_id)
def test_solution_is_stored_executed_and_clean(solution):
    nb = read(solution)
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c.get("execution_count") for c in code), \
        "store solution notebooks with outputs: tools/execute_notebooks.py " + nb_id(solution)
    assert all("execution" not in c["metadata"] for c in code)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=nb_id)
def test_every_answer_cell_has_a_mutant(solution):
    mutants = load_mutants(solution.parent.name)
    answers = ANSWER_IDS[solution]
    missing = [a for a in answers if not mutants.get(a)]
    assert not missing, (f"tests/grading/mutants/{solution.parent.name}.py needs at least one "
                         f"wrong answer for: {missing}")
    unknown = sorted(set(mutants) - set(answers))
    assert not unknown, f"mutants for unknown answer cells: {unknown}"
    sources = {gid(c): "".join(c["source"]) for c in read(solution)["cells"]}
    for name, options in mutants.items():
        for k, src in enumerate(options):
            assert isinstance(src, str) and src.strip() != sources[name].strip()
            compile(src, f"{name} mutant {k}", "exec")
            assert "BEGIN SOLUTION" not in src, f"{name} mutant {k}: no solution markers"


def test_one_exercise_notebook_per_solution_notebook():
    assert {exercise_of(s) for s in SOLUTIONS} == set(EXERCISES), "run `make exercises`"


@pytest.mark.parametrize("exercise", EXERCISES, ids=nb_id)
def test_exercises_hold_no_solutions_and_no_hidden_tests(exercise):
    text = exercise.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    assert re.search(r"raise NotImplementedError\(\)", text)


def test_mutant_files_belong_to_assignments():
    assignments = {s.parent.name for s in SOLUTIONS}
    files = {p.stem for p in (ROOT / "tests" / "grading" / "mutants").glob("*.py")
             if not p.name.startswith("_")}
    assert files <= assignments, f"mutants without a solution notebook: {files - assignments}"


def test_the_report_table_keeps_its_columns_for_long_test_cell_ids():
    from course_nn.grade.grader import CellResult, NotebookReport
    from course_nn.grade.report import format_report

    results = [CellResult("short_test", "short", 2, 2, "pass"),
               CellResult("activation_variance_ratio_test", "activation_variance_ratio", 0, 2,
                          "fail", "wrong value")]
    rep = NotebookReport("nb.ipynb", solution="sol.ipynb", results=results)
    rep_lines = format_report(rep, details=False).splitlines()
    table = [ln for ln in rep_lines if re.search(r" / ", ln)]
    assert len(table) == 3                          # two test cells and the total
    slash = {ln.index(" / ") for ln in table}
    assert len(slash) == 1, "the points column moves:\n" + "\n".join(table)
    header = next(ln for ln in rep_lines if "points" in ln)
    # "points" ends where the widest maximum ("/ 2" padded to 4) ends
    assert header.index("points") + len("points") == next(iter(slash)) + len(" / ") + 4
