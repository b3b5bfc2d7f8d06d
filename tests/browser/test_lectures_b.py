"""Lecture notebooks 06-11 in the browser (see lectures.py and test_lectures_a.py)."""
import pytest

from . import lectures

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("stem", ["06_batchnorm", "07_dropout", "08_initialization",
                                  "09_optimizers", "10_hyperparameter_search", "11_capstone"])
def test_lecture_runs_its_experiments_answer_and_survive_reopening(lab_server, lab_page, artifacts, stem):
    # one notebook per file also comes back in a new page load (the same mechanism for all)
    lectures.walk(lab_server, lab_page, artifacts, stem, reload=stem == "10_hyperparameter_search")
