"""Grade a learner's notebook against the test cells of its solution notebook.

The learner's file is only read. Its code cells run, in order, in a fresh kernel whose working
directory is a temporary copy of the assignment folder; every test cell and read-only cell
comes from the solution notebook (matched by nbgrader ``grade_id``, hidden tests included;
missing ones are put back), so deleting or editing a test changes nothing.

A cell that times out or kills the kernel costs only its exercise: the kernel is restarted,
the cells that ran before are replayed (except the ones that failed that way), and grading
goes on. Scores follow nbgrader's rules, so ``nbgrader autograde`` gives the same points: a
test cell earns its points unless it raises or writes to stderr.
"""
from __future__ import annotations

import pathlib
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field

from .notebook import GradingError, find_solution_notebook, find_solutions_dir, load_solution, \
    nbgrader_meta, read_bytes, read_notebook

__all__ = ["CellResult", "NotebookReport", "grade_notebook", "classify", "format_line", "id_width"]

NOT_IMPLEMENTED_NAMES = {"NotImplementedError", "ExerciseNotImplemented"}
MAX_RESTARTS = 10
_KERNEL = "__import__('course_nn.grade._kernel', fromlist=['_']).{}()"


@dataclass
class CellResult:
    """The grade of one test cell."""
    grade_id: str
    exercise: str
    points: float
    max_points: float
    status: str       # pass, partial, fail, error, not implemented, timed out, crashed, not run
    message: str = ""  # one line
    details: str = ""  # the full feedback (multi-line)


@dataclass
class NotebookReport:
    path: str
    assignment: str = ""
    solution: str = ""
    results: list = field(default_factory=list)
    error: str = ""            # set when the notebook could not be graded at all
    seconds: float = 0.0
    kernel_restarts: int = 0
    notes: list = field(default_factory=list)
    sandbox: str = ""          # "bwrap" or "none": how the kernel was isolated

    @property
    def score(self) -> float:
        return sum(r.points for r in self.results)

    @property
    def max_score(self) -> float:
        return sum(r.max_points for r in self.results)

    def by_id(self) -> dict:
        return {r.grade_id: r for r in self.results}

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(score=self.score, max_score=self.max_score)
        return d


@dataclass
class _Step:
    kind: str          # "locked", "solution", "test" or "plain"
    source: str
    grade_id: str = ""
    exercise: str = ""
    label: str = ""
    points: float = 0.0


def _src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def assemble(student: dict, sol) -> list:
    """The code to run: the learner's cells, with test/read-only cells from the solution."""
    ref, steps, current = sol.by_id, [], ""
    for i, cell in enumerate(student["cells"]):
        if cell.get("cell_type") != "code":
            continue
        gid = nbgrader_meta(cell).get("grade_id")
        r = ref.get(gid) if gid else None
        if r is not None and r.cell_type == "code" and all(s.grade_id != gid for s in steps):
            if r.kind == "solution":
                current = r.exercise
                steps.append(_Step("solution", _src(cell), gid, r.exercise, f"answer cell {gid!r}"))
            else:
                steps.append(_Step(r.kind, r.source, gid, r.exercise, f"cell {gid!r}", r.points))
        else:
            steps.append(_Step("plain", _src(cell), "", current, f"cell {i + 1}"))
    anchor = -1                      # put back missing test/read-only cells after their neighbour
    for c in sol.cells:
        if not c.grade_id or c.cell_type != "code":
            continue
        pos = next((k for k, s in enumerate(steps) if s.grade_id == c.grade_id), None)
        if pos is not None:
            anchor = pos
        elif c.kind in ("test", "locked"):
            anchor += 1
            steps.insert(anchor, _Step(c.kind, c.source, c.grade_id, c.exercise,
                                       f"cell {c.grade_id!r}", c.points))
    return steps


def _first_line(text: str, limit: int = 200) -> str:
    line = next((ln.strip() for ln in str(text).splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _partial(result, max_points: float) -> float:
    """nbgrader's rule: a test cell displaying a number in [0, max] earns that many points."""
    if result is None:
        return max_points
    text = "".join(result) if isinstance(result, list) else str(result)
    try:
        value = float(text)
    except ValueError:
        return max_points
    return value if 0 <= value <= max_points else max_points


def _broken(out, bad, timeout):
    """(status, message) if the exercise timed out or crashed, else None."""
    secs = f" after {timeout} s" if timeout else ""
    if out.status == "timeout":
        return "timed out", f"the test timed out{secs} (an endless loop?)"
    for s, o in bad:
        if o.status == "timeout":
            return "timed out", f"{s.label} timed out{secs} (an endless loop?)"
    if out.status == "died" or any(o.status == "died" for _, o in bad):
        where = next((s.label for s, o in bad if o.status == "died"), "the test")
        return "crashed", (f"the kernel died while running {where} (exit()? os._exit()? "
                           "a crash?); it was restarted")
    return None


def _failed(out, sol_errors):
    """(status, message, details) of a test cell that raised."""
    if out.ename in ("AssertionError", "CheckFailed"):
        msg, details, status = _first_line(out.evalue) or "an assertion failed", out.evalue, "fail"
    else:
        msg, status = f"{out.ename}: {_first_line(out.evalue)}", "error"
        details = "\n".join(out.traceback.splitlines()[-12:]) or msg
    if sol_errors:                   # the root cause: the answer cell itself raised
        s, o = sol_errors[0]
        details = f"{msg}\n{details}" if details != msg else msg
        msg, status = f"{s.label} raised {o.ename}: {_first_line(o.evalue)}", "error"
    return status, msg, details[:4000]


def classify(out, max_points: float, prior=(), timeout=None):
    """(status, points, message, details) of a test cell's Outcome ``out``.

    ``prior`` lists (step, outcome) of the exercise's cells that ran before the test.
    """
    if out.status == "ok" and not out.stderr:
        points = _partial(out.result, max_points)
        return ("pass" if points == max_points else "partial"), points, "", ""
    bad = [(s, o) for s, o in prior if o.status != "ok"]
    broken = _broken(out, bad, timeout)
    if broken:
        return broken[0], 0.0, broken[1], ""
    sol_errors = [(s, o) for s, o in bad if s.kind == "solution" and o.status == "error"]
    if out.ename in NOT_IMPLEMENTED_NAMES or any(
            o.ename == "NotImplementedError" for _, o in sol_errors):
        msg = out.evalue if out.ename == "ExerciseNotImplemented" else \
            "not implemented yet: replace `raise NotImplementedError()` with your code"
        return "not implemented", 0.0, _first_line(msg), out.evalue
    if out.status == "ok":
        return ("fail", 0.0, "the test wrote to stderr, which scores 0 in nbgrader: "
                + _first_line(out.stderr), out.stderr[:2000])
    status, msg, details = _failed(out, sol_errors)
    return status, 0.0, msg, details


def _pts(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.2f}"


def extra_lines(r: CellResult, limit: int = 15) -> list:
    """The lines of ``r.details`` that the one-line feedback does not already show."""
    lines = [ln for ln in str(r.details).strip().splitlines()]
    if lines and r.message and lines[0].strip() == r.message.strip():
        lines = lines[1:]
    elif lines and r.message.endswith("...") and lines[0].startswith(r.message[:-3]):
        lines[0] = "..." + lines[0][len(r.message) - 3:]
    return lines[:limit]


def id_width(results) -> int:
    """The width of the table's first column: the longest test cell id (at least 24)."""
    return max([24] + [len(r.grade_id) for r in results])


def format_line(r: CellResult, width: int = 100, id_width: int = 24) -> str:
    """The one-line feedback shown by the grader's table and by ``check()``."""
    line = f"{r.grade_id:<{id_width}} {_pts(r.points):>5} / {_pts(r.max_points):<4} {r.status:<16}"
    msg = r.message if len(r.message) <= width else r.message[: width - 3] + "..."
    return (line + " " + msg).rstrip()


class _Run:
    """Executes steps in a KernelSession, restarting and replaying after a timeout or crash.

    Test cells run in this process (:func:`course_nn.grade.remote.run_test`): only the
    learner's code they call runs in the kernel."""

    def __init__(self, session, timeout, deadline=None):
        self.session, self.timeout = session, timeout
        self.history, self.restarts, self.notes, self.saved = [], 0, [], False
        self.deadline = deadline

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline

    def _exec(self, step):
        from .remote import run_test

        run = self.session.run
        if step.kind == "locked":
            run(_KERNEL.format("mark"), store_history=False)
        elif self.saved:
            run(_KERNEL.format("restore"), store_history=False)
        if step.kind == "test":
            return run_test(step.source, step.grade_id, self.session, self.timeout)
        out = run(step.source)
        if step.kind == "locked" and out.status == "ok":
            run(_KERNEL.format("snapshot"), store_history=False)
            self.saved = True
        return out

    def _recover(self, failed, out):
        what = "timed out" if out.status == "timeout" else "killed the kernel"
        self.notes.append(f"{failed.label} {what}; kernel restarted")
        while self.restarts < MAX_RESTARTS:
            self.restarts += 1
            self.session.restart()
            self.saved = False
            for step in list(self.history):
                if self.out_of_time():
                    return False
                if self._exec(step).status in ("timeout", "died"):
                    self.history.remove(step)
                    self.notes.append(f"{step.label} failed again when replayed; skipped")
                    break
            else:
                return True
        return False

    def execute(self, step):
        if self.restarts >= MAX_RESTARTS or self.out_of_time():
            return None
        out = self._exec(step)
        if out.status in ("timeout", "died"):
            self._recover(step, out)
        elif step.kind != "test":
            self.history.append(step)
        return out


def _workdir(tmp: pathlib.Path, assignment: str, solution: pathlib.Path, student_path, text):
    work = tmp / assignment
    shutil.copytree(solution.parent, work, ignore=shutil.ignore_patterns(
        "*.ipynb", ".ipynb_checkpoints", "__pycache__"), symlinks=True)
    (work / pathlib.Path(student_path).name).write_text(text, encoding="utf-8")
    return work


def _foreign(student: dict, sol, solutions_root) -> str:
    """A message if the notebook belongs to another assignment than ``sol`` ('' if not)."""
    def graded_ids(cells):          # answers and tests: read-only ids ("setup") are shared
        return {m.get("grade_id") for m in map(nbgrader_meta, cells)
                if isinstance(m.get("grade_id"), str) and (m.get("solution") or m.get("grade"))}

    ids = graded_ids(student["cells"])
    own = {c.grade_id for c in sol.cells if c.kind in ("solution", "test")}
    if not ids or ids & own:
        return ""
    other = ""
    try:
        for cand in sorted(pathlib.Path(solutions_root).glob("*/*.ipynb")):
            if ids & graded_ids(read_notebook(cand)["cells"]):
                other = f" (its exercises are those of {cand.parent.name})"
                break
    except (GradingError, OSError):
        pass
    return (f"this notebook is not an exercise of {sol.path.parent.name}{other}: none of its "
            f"cells matches that assignment's; pass --assignment NAME if it is misfiled")


def _grade_steps(steps, session, report, deadline=None, limit=None):
    run, prior = _Run(session, session.timeout, deadline), {}
    for step in steps:
        try:
            out = run.execute(step)
        except Exception as exc:  # noqa: BLE001 - keep every point earned so far
            out = None
            run.notes.append(f"{step.label}: the grader could not run it "
                             f"({type(exc).__name__}: {_first_line(exc)})")
            run.restarts = MAX_RESTARTS
        if step.kind != "test":
            if out is not None:
                prior.setdefault(step.exercise, []).append((step, out))
            continue
        if out is None:
            why = (f"grading stopped: the notebook's time limit ({limit:g} s) was reached"
                   if run.out_of_time() and limit else
                   "grading stopped: too many timeouts or crashes")
            res = ("not run", 0.0, why, "")
        else:
            res = classify(out, step.points, prior.get(step.exercise, ()), session.timeout)
        report.results.append(CellResult(step.grade_id, step.exercise, res[1], step.points,
                                         res[0], res[2], res[3]))
    report.kernel_restarts = run.restarts
    report.notes += run.notes


def grade_notebook(path, solutions=None, assignment=None, timeout: float = 60,
                   solution_path=None, sandbox: str = "auto",
                   notebook_timeout: float | None = None) -> NotebookReport:
    """Grade the notebook at ``path``; never modifies it.

    Args:
        path: the learner's .ipynb.
        solutions: the folder of solution notebooks (default: the repository's solutions/).
        assignment: the assignment name, if the notebook is not in its assignment folder.
        timeout: seconds each cell may run.
        solution_path: grade with this solution notebook instead of looking one up.
        sandbox: "auto" (bubblewrap if it works here), "bwrap" (required) or "none".
        notebook_timeout: seconds the whole notebook may take (default: 20 x timeout, at
            least 600); tests not reached by then are "not run".

    Returns a :class:`NotebookReport`; a notebook that cannot be graded (missing, not a
    notebook, no solution, another assignment) gets ``error`` set and no results. Nothing
    raised inside grading escapes: it becomes ``error`` or a note, keeping earned points.
    """
    t0 = time.perf_counter()
    report = NotebookReport(str(path))
    try:
        _grade(report, path, solutions, assignment, timeout, solution_path, sandbox,
               notebook_timeout)
    except GradingError as exc:
        report.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - one notebook never aborts a batch
        if not report.results:
            report.error = f"the grader failed on this notebook: {type(exc).__name__}: " \
                           f"{_first_line(exc)}"
        else:
            report.notes.append(f"grading ended early: {type(exc).__name__}: {_first_line(exc)}")
    report.seconds = round(time.perf_counter() - t0, 2)
    return report


def _grade(report, path, solutions, assignment, timeout, solution_path, sandbox,
           notebook_timeout):
    import hashlib

    from .runner import KernelSession, KernelStartError
    from .sandbox import bwrap_available, limitations

    data = read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    student = read_notebook(path, data=data)
    text = data.decode("utf-8")
    sol_path = pathlib.Path(solution_path or find_solution_notebook(path, solutions, assignment))
    sol = load_solution(sol_path)
    if solution_path is None:
        foreign = _foreign(student, sol, sol_path.parents[1])
        if foreign:
            raise GradingError(f"{path}: {foreign}")
    report.assignment, report.solution = sol_path.parent.name, str(sol_path)
    why = bwrap_available() if sandbox != "none" else "disabled with --sandbox none"
    if sandbox == "bwrap" and why:
        raise GradingError(f"--sandbox bwrap: {why}")
    use_sandbox = sandbox != "none" and not why
    report.sandbox = "bwrap" if use_sandbox else "none"
    report.notes += limitations(use_sandbox, why)
    hide = {sol_path.parent.parent.resolve()}
    try:
        hide.add(find_solutions_dir(None).resolve())
    except GradingError:
        pass
    limit = notebook_timeout or max(600.0, 20.0 * timeout)
    deadline = time.monotonic() + limit
    env = {"COURSE_NN_GRADING": "1", "MPLBACKEND": "Agg"}
    tmp = tempfile.mkdtemp(prefix="course-nn-grade-")
    session = None
    try:
        work = _workdir(pathlib.Path(tmp), report.assignment, sol_path, path, text)
        session = KernelSession(work, timeout=timeout, env=env, sandbox=use_sandbox, hide=hide)
        try:
            session.start()
            _grade_steps(assemble(student, sol), session, report, deadline, limit)
        except KernelStartError as exc:
            report.error, report.results = f"could not run a Jupyter kernel: {exc}", []
    finally:
        if session is not None:
            session.close()
            if session.reaped:
                report.notes.append(f"killed {session.reaped} process(es) the notebook left "
                                    f"running")
        shutil.rmtree(tmp, ignore_errors=True)
    try:
        if hashlib.sha256(read_bytes(path)).hexdigest() != digest:
            report.notes.append("the submitted file changed while it was being graded; the "
                                "version read at the start was graded")
    except GradingError:
        report.notes.append("the submitted file disappeared while it was being graded")
