"""Every solution notebook scores full marks, every exercise notebook scores 0 with each exercise
"not implemented", and every mutant (a plausible wrong answer) loses points."""
import pytest

from grading_support import SOLUTIONS, exercise_of, grade, grade_mutant_round, mutant_rounds, \
    nb_id

pytestmark = pytest.mark.slow


def test_there_are_solution_notebooks():
    assert SOLUTIONS, "no solutions/*/*.ipynb found"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=nb_id)
def test_solution_scores_full_marks(solution):
    rep = grade(str(solution), str(solution))
    assert not rep.error, rep.error
    assert rep.results, "no test cells were graded"
    bad = [f"{r.grade_id}: {r.status} {r.message}" for r in rep.results if r.status != "pass"]
    assert not bad and rep.score == rep.max_score > 0, bad


@pytest.mark.parametrize("solution", SOLUTIONS, ids=nb_id)
def test_exercise_scores_zero_and_every_exercise_is_not_implemented(solution):
    exercise = exercise_of(solution)
    assert exercise.exists(), f"{exercise} is missing: run `make exercises`"
    rep = grade(str(exercise), str(solution))
    assert not rep.error, rep.error
    assert rep.score == 0 and rep.max_score > 0
    bad = [f"{r.grade_id}: {r.status} {r.message}" for r in rep.results
           if r.status != "not implemented"]
    assert not bad, bad


def _rounds():
    return [pytest.param(s, k, id=f"{nb_id(s)}-round{k}")
            for s in SOLUTIONS for k in range(mutant_rounds(s))]


@pytest.mark.parametrize("solution,k", _rounds())
def test_mutants_lose_points(solution, k):
    rep, mutated = grade_mutant_round(solution, k)
    assert not rep.error, rep.error
    earned: dict = {}
    possible: dict = {}
    for r in rep.results:
        earned[r.exercise] = earned.get(r.exercise, 0) + r.points
        possible[r.exercise] = possible.get(r.exercise, 0) + r.max_points
    survivors = [ex for ex in mutated if earned.get(ex, 0) >= possible.get(ex, 0)]
    assert not survivors, (f"mutant #{k} of {survivors} still scores full marks: the tests of "
                           f"these exercises do not catch that wrong answer")
