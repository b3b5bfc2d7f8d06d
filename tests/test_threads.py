"""Tests of course_nn._threads: the BLAS thread default and set/get_num_threads."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

import course_nn as cnn
from course_nn import _threads

CLEAN_ENV = {k: v for k, v in os.environ.items()
             if k not in ("COURSE_NN_NUM_THREADS", *_threads.USER_VARIABLES)}


@pytest.fixture
def restore_threads():
    before = cnn.get_num_threads()
    yield
    cnn.set_num_threads(before)


def threads_after_import(**env):
    code = "import course_nn as cnn; print(cnn.get_num_threads())"
    out = subprocess.run([sys.executable, "-c", code], env={**CLEAN_ENV, **env}, check=True,
                         capture_output=True, text=True)
    return int(out.stdout.strip())


def test_set_and_get_num_threads(restore_threads):
    cnn.set_num_threads(1)
    assert cnn.get_num_threads() == 1


@pytest.mark.parametrize("bad", [0, -2, 1.5, "2", True])
def test_set_num_threads_refuses_bad_values(bad):
    with pytest.raises(ValueError, match=r"number of threads >= 1; got"):
        cnn.set_num_threads(bad)


def test_default_applies_without_user_settings(restore_threads):
    assert _threads.apply_default({}) == _threads.DEFAULT_NUM_THREADS
    assert cnn.get_num_threads() == _threads.DEFAULT_NUM_THREADS


@pytest.mark.parametrize("name", _threads.USER_VARIABLES)
def test_user_thread_variables_are_respected(name, restore_threads):
    assert _threads.apply_default({name: "3"}) is None


def test_course_nn_variable_wins(restore_threads):
    assert _threads.apply_default({"COURSE_NN_NUM_THREADS": "1", "OMP_NUM_THREADS": "2"}) == 1
    assert cnn.get_num_threads() == 1


def test_bad_course_nn_variable_warns_and_is_ignored(restore_threads):
    with pytest.warns(RuntimeWarning, match="COURSE_NN_NUM_THREADS must be a whole number"):
        assert _threads.apply_default({"COURSE_NN_NUM_THREADS": "many"}) is None


def test_import_sets_one_thread_by_default():
    assert threads_after_import() == _threads.DEFAULT_NUM_THREADS == 1


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs 2 CPUs for 2 BLAS threads")
def test_import_honours_the_environment():
    assert threads_after_import(COURSE_NN_NUM_THREADS="2") == 2
    assert threads_after_import(OMP_NUM_THREADS="2") == 2
