"""A real nbgrader round trip gives the same per-cell points as our grader.

One throw-away nbgrader course (sqlite gradebook in a temporary folder) holding every
assignment: ``nbgrader generate_assignment "*"``, then ``nbgrader autograde "*"`` of the
submissions: for the first assignment its solution, its exercise and its first mutant round;
for every assignment a "mixed" notebook (answers in turn correct, mutated, left as the stub).
The scores are read from the gradebook with nbgrader's Gradebook API (autograde's exit status is
1 whenever a submission fails, so it is not used).
"""
import shutil

import pytest

from grading_support import ROOT, SOLUTIONS, exercise_of, grade, mixed_notebook, \
    mutant_notebook, nbgrader

pytestmark = pytest.mark.slow
ASSIGNMENTS = sorted({s.parent.name for s in SOLUTIONS})

CONFIG = """\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "course-nn-roundtrip"
c.CourseDirectory.db_url = "sqlite:///{root}/gradebook.db"
c.Execute.timeout = 60
"""


def test_nbgrader_autograde_agrees_with_our_grader(tmp_path):
    pytest.importorskip("nbgrader")
    from nbgrader.api import Gradebook

    root = tmp_path / "course"
    for assignment in ASSIGNMENTS:
        shutil.copytree(ROOT / "solutions" / assignment, root / "source" / assignment)
    (root / "nbgrader_config.py").write_text(CONFIG.format(root=str(root)))
    gen = nbgrader(["generate_assignment", "*", "--force"], cwd=root)
    for assignment in ASSIGNMENTS:
        assert (root / "release" / assignment).is_dir(), gen.stdout + gen.stderr

    ours = {}                         # (student, assignment, notebook) -> our grader's report
    for n, sol in enumerate(SOLUTIONS):
        assignment = sol.parent.name
        subs = [("mixed", mixed_notebook(sol, tmp_path / "mixed"))]
        if n == 0:
            subs += [("solution", sol), ("exercise", exercise_of(sol)),
                     ("mutant", mutant_notebook(sol, 0, tmp_path / "mutant")[0])]
        for student, path in subs:
            dest = root / "submitted" / student / assignment / sol.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            ours[student, assignment, sol.stem] = grade(str(path), str(sol))
    auto = nbgrader(["autograde", "*", "--force"], cwd=root)

    with Gradebook(f"sqlite:///{root}/gradebook.db") as gb:
        for (student, assignment, notebook), report in ours.items():
            try:
                sub = gb.find_submission_notebook(notebook, assignment, student)
            except Exception as exc:  # noqa: BLE001 - show nbgrader's log instead
                pytest.fail(f"nbgrader did not grade {student}/{assignment}/{notebook}: {exc}\n"
                            f"{auto.stdout[-3000:]}{auto.stderr[-3000:]}")
            theirs = {g.name: g.score for g in sub.grades}
            mine = {r.grade_id: r.points for r in report.results}
            assert theirs == mine, (f"{student}/{assignment}/{notebook}: "
                                    f"nbgrader {theirs} vs ours {mine}")
    statuses = {r.status for (student, _, _), rep in ours.items() for r in rep.results}
    assert {"pass", "fail", "not implemented"} <= statuses
    for (student, _, _), report in ours.items():
        if student in ("solution", "exercise", "mutant"):
            assert (report.score == report.max_score) == (student == "solution")
