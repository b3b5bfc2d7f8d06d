"""Scores that cannot be faked: attacks from inside a notebook never raise its score.

Every attack notebook is built from the CURRENT exercise notebooks (so these tests never go
stale): cells of attack code are added right after the read-only setup cell, the answers stay
the exercise's stubs or are replaced by cheating answers, and the notebook is graded as a
student's submission. Each must score no more than the same notebook's honest answers earn
(0 for the untouched stubs). Attacks on the machine itself (reading the solutions, rewriting
the submission or the report, processes that outlive grading, signalling the grader) are
checked against their effect, with the bubblewrap sandbox where this machine has it.
"""
import copy
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import pytest

from grading_support import EXERCISES, ROOT, gid, mutant_notebook, read, write

from course_nn.grade import grade_notebook
from course_nn.grade.sandbox import bwrap_available

pytestmark = pytest.mark.slow
TIMEOUT = 20
NEURON = ROOT / "exercises" / "01_neuron" / "01_neuron.ipynb"
NEED_BWRAP = pytest.mark.skipif(bool(bwrap_available()), reason=bwrap_available() or "")

# ------------------------------------------------------------------ attack code (cells)
SHOWTRACEBACK = "get_ipython().showtraceback = lambda *a, **k: None\n" \
                "get_ipython()._showtraceback = lambda *a, **k: None\n"
CUSTOM_EXC = "get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)\n"
SEND = '''\
_k = get_ipython().kernel
_send = _k.session.send
def _forged(stream, msg_or_type, content=None, *a, **k):
    if isinstance(msg_or_type, dict):
        c = msg_or_type.get("content", {})
        if c.get("status") == "error":
            c.clear(); c.update(status="ok", execution_count=1, user_expressions={}, payload=[])
        if msg_or_type.get("msg_type") in ("error", "stream"):
            return None
    elif msg_or_type in ("error", "stream"):
        return None
    elif isinstance(content, dict) and content.get("status") == "error":
        content = {"status": "ok", "execution_count": 1, "user_expressions": {}, "payload": []}
    return _send(stream, msg_or_type, content, *a, **k)
_k.session.send = _forged
'''
RUN_CELL = '''\
_sh = get_ipython()
_run = _sh.run_cell
def _swallow(raw_cell, *a, **k):
    body = "\\n".join("    " + ln for ln in raw_cell.splitlines()) or "    pass"
    return _run("try:\\n" + body + "\\nexcept BaseException:\\n    pass\\n", *a, **k)
_sh.run_cell = _swallow
'''
HELPERS = '''\
import sys, types
import course_nn.grade.expect as _e
for _n in ("expect_close", "expect_equal", "expect_true", "expect_raises"):
    setattr(_e, _n, lambda *a, **k: None)
_e.evaluate = lambda got, what="": None
_fake = types.ModuleType("course_nn.grade.expect")
for _n in ("expect_close", "expect_equal", "expect_true", "expect_raises", "evaluate"):
    setattr(_fake, _n, lambda *a, **k: None)
sys.modules["course_nn.grade.expect"] = _fake
'''
NUMPY = '''\
import numpy as np
np.isclose = lambda a, b, *x, **k: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.all = lambda *a, **k: True
np.asarray = (lambda f: lambda *a, **k: f(*a, **k))(np.asarray)
'''
REFERENCES = '''\
import course_nn as cnn, course_nn.gradcheck as _gc
_gc.numerical_grad = lambda f, x, *a, **k: __import__("numpy").zeros_like(x)
cnn.gradcheck.rel_error = lambda *a, **k: 0.0
import builtins
builtins.isinstance = lambda *a: True
builtins.all = lambda *a: True
'''
MODULES = '''\
import sys
for _name in list(sys.modules):
    if _name.startswith(("numpy", "course_nn")):
        sys.modules[_name] = None
'''
PATCHES = [SHOWTRACEBACK, CUSTOM_EXC, SEND, RUN_CELL, HELPERS, NUMPY, REFERENCES, MODULES]
PATCH_IDS = ["showtraceback", "set_custom_exc", "session.send", "run_cell", "helpers",
             "numpy", "references", "sys.modules"]

ALWAYS_EQUAL = '''\
class _Yes:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __bool__(self): return True
    def __len__(self): return 4
    def __iter__(self): return iter([_Yes()] * 4)
    def __getitem__(self, i): return _Yes()
    def __array__(self, *a, **k):
        import numpy as np
        return np.zeros(0)
    __hash__ = object.__hash__
class _YesFloat(float):
    def __eq__(self, other): return True
    __hash__ = float.__hash__
'''

FRAME_READER = '''\
import sys, gc
def _steal(*args, **kwargs):
    """Find an 'expected' value anywhere: caller frames, then every object in memory."""
    f = sys._getframe(1)
    while f is not None:
        for name in ("expected", "e", "_expected", "want"):
            if name in f.f_locals and f.f_locals[name] is not None:
                return f.f_locals[name]
        f = f.f_back
    for obj in gc.get_objects():
        if isinstance(obj, dict) and "expected" in obj:
            return obj["expected"]
    raise NotImplementedError()
'''


LEAKER = '''\
def _leak(ns):
    """Raise with every argument and the code of every function passed in."""
    import dis, inspect
    parts = [repr(ns)]
    for v in ns.values():
        if callable(v):
            try:
                parts.append(inspect.getsource(v))
            except Exception:
                try:
                    parts.append(dis.Bytecode(v).dis())
                except Exception:
                    pass
    raise ValueError("LEAK " + " ".join(parts))
'''


def _answers(nb):
    return [c for c in nb["cells"] if ((c.get("metadata") or {}).get("nbgrader") or {})
            .get("solution")]


def _code(source):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source}


def build(exercise, folder, attack_cells=(), answer=None, name=None):
    """A copy of ``exercise`` with ``attack_cells`` after its setup cell; ``answer(cell)``
    returns new source for an answer cell (or None to keep the stub)."""
    nb = copy.deepcopy(read(exercise))
    setup = next(i for i, c in enumerate(nb["cells"]) if gid(c) == "setup")
    for k, src in enumerate(attack_cells):
        nb["cells"].insert(setup + 1 + k, _code(src))
    if answer is not None:
        for cell in _answers(nb):
            new = answer(cell)
            if new is not None:
                cell["source"] = new
    path = pathlib.Path(folder) / exercise.parent.name / (name or exercise.name)
    return write(nb, path)


def grade(path, exercise, **kw):
    sol = ROOT / "solutions" / exercise.parent.name / exercise.name
    rep = grade_notebook(path, solution_path=sol, timeout=kw.pop("timeout", TIMEOUT), **kw)
    assert not rep.error, rep.error
    return rep


def honest(exercise, folder):
    """The score of the untouched exercise (its stubs): what the attacks must not beat."""
    return grade(build(exercise, pathlib.Path(folder) / "honest"), exercise).score


def _def_line(cell):
    src = "".join(cell["source"])
    return next(ln for ln in src.splitlines() if ln.startswith(("def ", "class ")))


# ------------------------------------------------------------------ patches from inside
@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda p: p.parent.name)
def test_all_patches_together_earn_nothing(exercise, tmp_path):
    """Every patch at once (display hooks, reply forging, helpers, numpy, references,
    sys.modules), on each exercise notebook: still the stubs' score."""
    base = honest(exercise, tmp_path)
    rep = grade(build(exercise, tmp_path, PATCHES), exercise)
    assert rep.score <= base, [(r.grade_id, r.status) for r in rep.results if r.points]


@pytest.mark.parametrize("attack", PATCHES, ids=PATCH_IDS)
def test_each_patch_alone_earns_nothing(attack, tmp_path):
    rep = grade(build(NEURON, tmp_path, [attack]), NEURON)
    assert rep.score == 0, [(r.grade_id, r.status, r.message) for r in rep.results]
    assert {r.status for r in rep.results} <= {"not implemented", "error", "fail"}


def test_without_a_sandbox_the_score_still_holds_and_the_limits_are_said(tmp_path, capsys):
    from course_nn.grade import main

    nb = build(NEURON, tmp_path, PATCHES)
    rep = grade(nb, NEURON, sandbox="none")
    assert rep.score == 0 and rep.sandbox == "none"
    assert any("no sandbox" in n and "read the solutions" in n for n in rep.notes)
    assert main([str(nb), "--sandbox", "none", "-q", "--timeout", str(TIMEOUT)]) == 0
    err = capsys.readouterr().err
    assert "warning: no sandbox" in err


def test_patches_inside_the_answers_earn_nothing(tmp_path):
    """The answers themselves patch everything when they are called, then return nothing."""
    def answer(cell):
        body = "\n".join("    " + ln for ln in (HELPERS + NUMPY + SHOWTRACEBACK).splitlines())
        return f"{_def_line(cell)}\n{body}\n    return None\n"
    rep = grade(build(NEURON, tmp_path, answer=answer), NEURON)
    assert rep.score == 0, [(r.grade_id, r.status, r.message) for r in rep.results]


# ------------------------------------------------------------------ answers that lie
def test_always_equal_objects_and_float_subclasses_earn_nothing(tmp_path):
    def answer(cell):
        line = _def_line(cell)
        if line.startswith("def count_parameters"):
            return f"{line}\n    return _YesFloat(0)\n"
        return f"{line}\n    return _Yes()\n"
    rep = grade(build(NEURON, tmp_path, [ALWAYS_EQUAL], answer=answer), NEURON)
    assert rep.score == 0, [(r.grade_id, r.status, r.message) for r in rep.results]
    assert "object of type" in rep.by_id()["count_parameters_test"].message


def test_always_equal_objects_fail_in_check_too():
    """The helpers compare by value and type even where they run next to the answer
    (check() and nbgrader)."""
    from course_nn.grade.expect import CheckFailed, expect_close, expect_equal, expect_true

    ns = {}
    exec(ALWAYS_EQUAL, ns)  # noqa: S102
    for call in (lambda: expect_equal(lambda: ns["_Yes"](), 26),
                 lambda: expect_equal(lambda: ns["_YesFloat"](3.0), 26),
                 lambda: expect_close(lambda: ns["_YesFloat"](3.0), 26.0),
                 lambda: expect_true(lambda: ns["_Yes"]()),
                 lambda: expect_equal(lambda: 26.0, 26),
                 lambda: expect_equal(lambda: [1, 2], (1, 2)),
                 lambda: expect_equal(lambda: 1, True)):
        with pytest.raises(CheckFailed):
            call()


def test_answers_that_read_the_expected_value_earn_nothing(tmp_path):
    def answer(cell):
        return f"{_def_line(cell)}\n    return _steal()\n"
    rep = grade(build(NEURON, tmp_path, [FRAME_READER], answer=answer), NEURON)
    assert rep.score == 0, [(r.grade_id, r.status, r.message) for r in rep.results]


# ------------------------------------------------------------------ covering tracks
def test_the_submission_is_never_modified_and_a_change_is_detected(tmp_path):
    sub = build(NEURON, tmp_path / "sub")       # path known to the attack below
    honest_bytes = sub.read_bytes()
    rewrite = (f"import json, pathlib\n_p = pathlib.Path({str(sub)!r})\n"
               f"_nb = json.loads(_p.read_text())\n_nb['cells'] = _nb['cells'][:1]\n"
               f"_p.write_text(json.dumps(_nb))\n"
               f"pathlib.Path({str(sub.parent / 'planted.txt')!r}).write_text('x')\n")
    attacked = build(NEURON, tmp_path / "sub", [rewrite], name="attacked.ipynb")
    before = attacked.read_bytes()
    rep = grade(attacked, NEURON)
    assert rep.score == 0
    assert attacked.read_bytes() == before
    if rep.sandbox == "bwrap":
        assert sub.read_bytes() == honest_bytes, "the sandboxed kernel wrote outside its folder"
        assert not (sub.parent / "planted.txt").exists()
    # a submission that changes while it is graded is noticed (here: by a helper process)
    victim = build(NEURON, tmp_path / "victim")
    slow = build(NEURON, tmp_path / "victim", ["import time\ntime.sleep(2)\n"],
                 name="slow.ipynb")
    proc = subprocess.Popen([sys.executable, "-c", f"import time, pathlib; time.sleep(1); "
                             f"p = pathlib.Path({str(slow)!r}); p.write_text(p.read_text() + ' ')"])
    rep = grade(slow, NEURON)
    proc.wait(timeout=60)
    assert any("changed while it was being graded" in n for n in rep.notes), rep.notes
    assert victim.exists()


DETACHED = '''\
import os, subprocess, sys
_code = "import time, pathlib\\ntime.sleep({delay})\\npathlib.Path({target!r}).write_text('{{\\"score\\": 999}}')\\n"
subprocess.Popen([sys.executable, "-c", _code], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
if os.fork() == 0:                       # a double-forked daemon too
    os.setsid()
    if os.fork() == 0:
        import time, pathlib
        time.sleep({delay})
        pathlib.Path({target!r}).write_text('{{"score": 998}}')
    os._exit(0)
'''


def test_no_process_outlives_grading_and_the_report_stays_ours(tmp_path):
    from course_nn.grade import main

    report = tmp_path / "report.json"
    target = tmp_path / "report.json"
    attack = DETACHED.format(delay=4, target=str(target))
    nb = build(NEURON, tmp_path, [attack])
    assert main([str(nb), "--json", str(report), "--timeout", str(TIMEOUT), "-q"]) == 0
    written = json.loads(report.read_text())
    time.sleep(6)                                 # longer than the children's delay
    assert json.loads(report.read_text()) == written, "a leftover process rewrote the report"
    assert written["score"] == 0
    notes = written["notebooks"][0]["notes"]
    assert written["notebooks"][0]["sandbox"] == "bwrap" or any("killed" in n for n in notes)


def test_the_solutions_cannot_be_edited_or_read(tmp_path):
    sols = tmp_path / "solutions"
    shutil.copytree(ROOT / "solutions" / "01_neuron", sols / "01_neuron")
    sol = sols / "01_neuron" / "01_neuron.ipynb"
    before = sol.read_bytes()
    attack = (f"import pathlib\n_p = pathlib.Path({str(sol)!r})\n"
              f"try:\n    _leak = _p.read_text()\nexcept OSError:\n    _leak = ''\n"
              f"try:\n    _p.write_text('{{}}')\nexcept OSError:\n    pass\n")
    nb = build(NEURON, tmp_path / "sub", [attack])
    rep = grade_notebook(nb, solutions=sols, timeout=TIMEOUT)
    assert not rep.error and rep.score == 0
    if rep.sandbox == "bwrap":
        assert sol.read_bytes() == before
    else:
        pytest.skip("no sandbox here: the kernel runs as this user (see docs/GRADING.md)")


@NEED_BWRAP
def test_the_sandbox_cannot_signal_the_grader_or_write_to_its_output(tmp_path, capfd):
    me = os.getpid()
    attack = (f"import os, signal\n"
              f"for _sig in (signal.SIGTERM, signal.SIGINT):\n"
              f"    try:\n        os.kill({me}, _sig)\n    except OSError:\n        pass\n"
              f"for _fd in (1, 2):\n"
              f"    try:\n"
              f"        with open('/proc/{me}/fd/%d' % _fd, 'w') as _f:\n"
              f"            _f.write('PWNED-OUTPUT')\n"
              f"    except OSError:\n        pass\n")
    rep = grade(build(NEURON, tmp_path, [attack]), NEURON, sandbox="bwrap")
    assert rep.score == 0 and rep.sandbox == "bwrap"
    out, err = capfd.readouterr()
    assert "PWNED-OUTPUT" not in out + err


# ------------------------------------------------------------------ no leaks
def _hidden_source_lines(solution):
    lines = []
    for cell in read(solution)["cells"]:
        src = "".join(cell["source"])
        if "### BEGIN HIDDEN TESTS" in src:
            hidden = src.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS")[0]
            lines += [ln.strip() for ln in hidden.splitlines() if len(ln.strip()) > 25]
    return lines


@pytest.mark.parametrize("exercise", EXERCISES[:4], ids=lambda p: p.parent.name)
def test_feedback_quotes_no_hidden_test(exercise, tmp_path):
    """Mutants (most are caught only by hidden tests) and answers that raise with their
    arguments in the message: the feedback shows no hidden source and no hidden values."""
    solution = ROOT / "solutions" / exercise.parent.name / exercise.name
    mutant, _ = mutant_notebook(solution, 0, tmp_path / "mutant")

    def loud(cell):
        return f"{_def_line(cell)}\n    _leak(dict(locals()))\n"
    leaky = build(exercise, tmp_path / "loud", [LEAKER], answer=loud)
    for path in (mutant, leaky):
        rep = grade(path, exercise)
        text = json.dumps(rep.to_dict())
        for line in _hidden_source_lines(solution):
            assert line not in text, f"hidden test source in the feedback: {line}"
        for r in rep.results:
            if "hidden test" in r.message:
                assert "LEAK" not in r.message + r.details
                assert ": expected" not in r.details and " got " not in r.details


def test_a_hidden_failure_still_says_what_and_gives_the_hint(tmp_path):
    solution = ROOT / "solutions" / "01_neuron" / "01_neuron.ipynb"
    nb = copy.deepcopy(read(solution))
    for cell in _answers(nb):
        if gid(cell) == "count_parameters":     # right on the visible lists, wrong on tuples
            cell["source"] = ("def count_parameters(sizes):\n    if isinstance(sizes, tuple):\n"
                              "        return -1\n    return sum(a * b + b for a, b in "
                              "zip(sizes[:-1], sizes[1:]))\n")
    path = write(nb, tmp_path / "01_neuron" / "01_neuron.ipynb")
    r = grade_notebook(path, solution_path=solution, timeout=TIMEOUT).by_id()[
        "count_parameters_test"]
    assert r.status == "fail" and "hidden test" in r.message
    assert r.message.startswith("count_parameters((2, 1))") and "Hint:" in r.details
    assert "-1" not in r.message + r.details and ": expected" not in r.details
    assert "got" not in r.details


@NEED_BWRAP
def test_a_course_checked_out_under_tmp_grades_in_the_sandbox():
    """The sandbox gives the kernel a private /tmp. A course cloned under /tmp (CI's fresh
    clone, with its .venv inside) must still grade: the kernel's interpreter and this checkout's
    course_nn live under the hidden /tmp, while the solutions next to them stay out of reach.
    Built here as a checkout under /tmp with its own interpreter (a venv that sees this
    environment's packages but not its editable course_nn) and its own copy of course_nn."""
    import tempfile
    checkout = pathlib.Path(tempfile.mkdtemp(prefix="course-nn-checkout-", dir="/tmp")) / "course"
    try:
        _grade_a_checkout_under_tmp(checkout)
    finally:
        shutil.rmtree(checkout.parent, ignore_errors=True)


def _grade_a_checkout_under_tmp(checkout):
    import sysconfig
    shutil.copytree(ROOT / "course_nn", checkout / "course_nn",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "solutions" / "01_neuron", checkout / "solutions" / "01_neuron")
    sub = checkout / "exercises" / "01_neuron" / "01_neuron.ipynb"
    sub.parent.mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / "01_neuron" / "01_neuron.ipynb", sub)   # a perfect answer
    venv = checkout / ".venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    ours = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # a plain path line: this environment's packages (numpy, ipykernel...) without running its
    # .pth hooks, so the editable install of the repository's course_nn is not active there
    (pathlib.Path(ours) / "parent_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items()
           if k not in ("COURSE_NN_SOLUTIONS", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = str(checkout)
    probe = subprocess.run([str(python), "-c", "import course_nn, sys; print(course_nn.__file__); "
                            "print(sys.prefix)"], cwd=checkout, env=env, capture_output=True,
                           text=True, check=True).stdout.split()
    assert probe[0].startswith(str(checkout)) and probe[1].startswith(str(checkout)), probe
    proc = subprocess.run([str(python), "-m", "course_nn.grade", str(sub), "--sandbox", "bwrap",
                           "--json", "-", "-q", "--timeout", str(TIMEOUT)],
                          cwd=checkout, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    nb = report["notebooks"][0]
    assert nb["sandbox"] == "bwrap" and not nb.get("error"), nb
    assert report["score"] == report["max_score"] > 0, (report["score"], report["max_score"],
                                                        proc.stderr[-2000:])
