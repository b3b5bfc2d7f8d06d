"""nbgrader configuration: this repository is an nbgrader course directory.

nbgrader's *source* is ``solutions/<assignment>/`` and its *release* is
``exercises/<assignment>/``, so from the repository root

    nbgrader generate_assignment 01_neuron --force      # = make exercises, for one assignment

works as in any nbgrader course (``make exercises`` runs tools/generate_exercises.py, which
calls exactly this for every assignment and normalises the output). The gradebook for
``nbgrader autograde`` is ``gradebook.db`` in the repository root (git-ignored).
See docs/GRADING.md.
"""
import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "course-nn"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# the stub that replaces each ### BEGIN SOLUTION ... ### END SOLUTION region (nbgrader's default,
# stated here because the grader reports the NotImplementedError it raises as "not implemented")
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# autograde: seconds per cell, as in the course's own grader default
c.Execute.timeout = 60
