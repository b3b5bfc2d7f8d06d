"""Lecture notebooks 00-05 in the browser (see lectures.py; 06-11 are in test_lectures_b.py, so
that pytest-xdist's --dist loadfile runs the two halves on two workers)."""
import pytest

from . import lectures

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("stem", ["00_start_here", "01_neuron", "02_activations", "03_losses",
                                  "04_backprop", "05_regularization"])
def test_lecture_runs_its_experiments_answer_and_survive_reopening(lab_server, lab_page, artifacts, stem):
    # one notebook per file also comes back in a new page load (the same mechanism for all)
    lectures.walk(lab_server, lab_page, artifacts, stem, reload=stem == "01_neuron")
