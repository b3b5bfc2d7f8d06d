"""Solution notebooks: reading, the authoring format, and finding the one that grades a file.

The format (see docs/GRADING.md, "Writing a solution notebook"):

- an exercise is one *answer cell* (nbgrader ``solution: true``, ``grade: false``) whose
  ``grade_id`` is the exercise name, followed by one or more *test cells* (``grade: true``,
  ``solution: false``, ``locked: true``, ``points > 0``) whose ``grade_id`` starts with
  ``<name>_test``;
- the answer cell defines a function; its body holds the ``### BEGIN SOLUTION`` /
  ``### END SOLUTION`` region (so the generated stub only raises when the function is called);
- other nbgrader cells are read-only cells (``locked: true``, e.g. the setup cell).

Example:
    >>> nb = {"cells": [{"cell_type": "markdown", "source": "# Title", "metadata": {}}]}
    >>> parse_solution(nb).exercises
    {}
"""
from __future__ import annotations

import json
import os
import pathlib
import re
from dataclasses import dataclass, field

__all__ = ["GradingError", "Cell", "Exercise", "SolutionNotebook", "read_notebook",
           "parse_solution", "validate_solution", "find_solutions_dir", "find_solution_notebook",
           "nbgrader_meta"]

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


class GradingError(Exception):
    """A problem the user can fix (missing file, invalid notebook, no solution): no traceback."""


@dataclass
class Cell:
    """One cell of a solution notebook, as the grader sees it."""
    index: int
    cell_type: str
    source: str
    kind: str                  # "solution", "test", "locked", "plain" or "markdown"
    grade_id: str = ""
    points: float = 0.0
    exercise: str = ""         # the exercise a solution/test cell belongs to


@dataclass
class Exercise:
    name: str
    solution: Cell
    tests: list = field(default_factory=list)

    @property
    def points(self) -> float:
        return sum(t.points for t in self.tests)


@dataclass
class SolutionNotebook:
    path: pathlib.Path | None
    cells: list
    exercises: dict            # name -> Exercise, in notebook order
    problems: list             # format problems (empty for a valid notebook)

    @property
    def by_id(self) -> dict:
        return {c.grade_id: c for c in self.cells if c.grade_id}

    @property
    def tests(self) -> list:
        return [c for c in self.cells if c.kind == "test"]


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def nbgrader_meta(cell) -> dict:
    """The cell's ``metadata.nbgrader`` dict ({} if absent or malformed); a ``grade_id``
    that is not a string is dropped."""
    md = cell.get("metadata") if isinstance(cell, dict) else None
    meta = md.get("nbgrader") if isinstance(md, dict) else None
    if not isinstance(meta, dict):
        return {}
    if "grade_id" in meta and not isinstance(meta["grade_id"], str):
        meta = {k: v for k, v in meta.items() if k != "grade_id"}
    return meta


MAX_NOTEBOOK_BYTES = 64 * 2**20


def read_bytes(path) -> bytes:
    """The file's bytes; a GradingError for anything but a regular file of sane size (a FIFO
    or a device would block or never end)."""
    import stat

    path = pathlib.Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise GradingError(f"{path}: no such file") from None
    except OSError as exc:
        raise GradingError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise GradingError(f"{path}: is a directory, not a notebook")
    if not stat.S_ISREG(st.st_mode):
        raise GradingError(f"{path}: not a regular file (a FIFO, socket or device?): refused")
    if st.st_size > MAX_NOTEBOOK_BYTES:
        raise GradingError(f"{path}: {st.st_size / 2**20:.0f} MB is too large for a notebook "
                           f"(limit {MAX_NOTEBOOK_BYTES // 2**20} MB); clear its outputs")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO: never block
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise GradingError(f"{path}: not a regular file: refused")
            data = fh.read(MAX_NOTEBOOK_BYTES + 1)
    except OSError as exc:
        raise GradingError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise GradingError(f"{path}: too large for a notebook")
    return data


def _bad(path, what) -> GradingError:
    return GradingError(f"{path}: not a valid notebook: {what}")


def read_notebook(path, data: bytes | None = None) -> dict:
    """Read an .ipynb file as a plain dict; a clear GradingError instead of a traceback.

    Checks what the grader relies on: a JSON object with a list of cells, nbformat 4, each
    cell an object with a known cell_type, string (or list of strings) sources and object
    metadata."""
    path = pathlib.Path(path)
    if data is None:
        data = read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GradingError(f"{path}: cannot read the file (not UTF-8 text: {exc.reason})") \
            from None
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GradingError(
            f"{path}: not a valid notebook: the file is not valid JSON "
            f"({exc.msg} at line {exc.lineno}, column {exc.colno}). Was it truncated or edited "
            f"outside Jupyter? Restore it from a checkpoint or a fresh copy of the exercise."
        ) from None
    except RecursionError:
        raise _bad(path, "its JSON is nested too deeply") from None
    if not isinstance(nb, dict):
        raise _bad(path, "the file is JSON but not a notebook object (is this an .ipynb file?)")
    version = nb.get("nbformat", 4)
    if isinstance(version, int) and not isinstance(version, bool) and version < 4 or \
            "worksheets" in nb:
        raise GradingError(f"{path}: notebook format {version} (from an old IPython) is not "
                           f"supported; open it in a current Jupyter and save it (format 4)")
    if not isinstance(version, int) or isinstance(version, bool) or version != 4:
        raise _bad(path, f'"nbformat" is {version!r}, expected the number 4')
    if not isinstance(nb.get("cells"), list):
        raise _bad(path, "no list of cells found (is this an .ipynb file?)")
    if not isinstance(nb.get("metadata", {}), dict):
        raise _bad(path, "the notebook's metadata is not an object")
    for i, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            raise _bad(path, f"cell {i} has no valid cell_type")
        src = cell.get("source", "")
        if not (isinstance(src, str) or isinstance(src, list) and
                all(isinstance(x, str) for x in src)):
            raise _bad(path, f"cell {i}: its source is a {type(src).__name__}, expected text")
        if not isinstance(cell.get("metadata", {}), dict):
            raise _bad(path, f"cell {i}: its metadata is not an object")
    return nb


def _kind(meta, ctype, where, problems) -> str:
    grade, solution, locked = (bool(meta.get(k, False)) for k in ("grade", "solution", "locked"))
    if meta.get("task"):
        problems.append(f"{where}: task cells are not used in this course")
    if solution and not grade:
        if ctype != "code":
            problems.append(f"{where}: an answer cell must be a code cell")
        if locked:
            problems.append(f"{where}: an answer cell must not be locked")
        return "solution"
    if grade and not solution:
        if ctype != "code" or not locked:
            problems.append(f"{where}: a test cell must be a locked code cell")
        return "test"
    if locked and not grade and not solution:
        return "locked"
    problems.append(f"{where}: unsupported nbgrader cell (grade={grade}, solution={solution}, "
                    f"locked={locked}); only answer, test and read-only cells are used")
    return "locked"


def _classify(index, cell, problems) -> Cell:
    meta, src, ctype = nbgrader_meta(cell), _source(cell), cell["cell_type"]
    if not any(meta.get(k) for k in ("grade", "solution", "locked", "task")):
        return Cell(index, ctype, src, "markdown" if ctype != "code" else "plain")
    gid = str(meta.get("grade_id", ""))
    where = f"cell {index} ({gid or 'no grade_id'})"
    if meta.get("schema_version") != 3:
        problems.append(f"{where}: nbgrader metadata needs schema_version 3")
    if not ID_RE.match(gid):
        problems.append(f"{where}: grade_id must match {ID_RE.pattern}")
    kind = _kind(meta, ctype, where, problems)
    points = 0.0
    if kind == "test":
        try:
            points = float(meta.get("points", 0))
        except (TypeError, ValueError):
            points = 0.0
        if not points > 0:
            problems.append(f"{where}: a test cell needs points > 0")
    return Cell(index, ctype, src, kind, gid, points)


def _check_solution_source(cell: Cell, problems):
    lines = cell.source.splitlines()
    begins = [i for i, line in enumerate(lines) if BEGIN in line]
    ends = [i for i, line in enumerate(lines) if END in line]
    where = f"answer cell {cell.grade_id!r}"
    if not begins or len(begins) != len(ends) or any(b >= e for b, e in zip(begins, ends)):
        problems.append(f"{where}: needs balanced '{BEGIN}' / '{END}' lines")
        return
    for b in begins:
        if not lines[b].startswith((" ", "\t")):
            problems.append(f"{where}: the solution region must sit inside a function body "
                            f"(indented), so the exercise's stub only raises when called")
    if not re.search(r"^(def|class) \w+", cell.source, re.M):
        problems.append(f"{where}: must define a function (def ...)")


def _check_test_source(cell: Cell, problems):
    src, where = cell.source, f"test cell {cell.grade_id!r}"
    if src.count(BEGIN_HIDDEN) != src.count(END_HIDDEN):
        problems.append(f"{where}: unbalanced hidden-test markers")
    if BEGIN in src or END in src:
        problems.append(f"{where}: a test cell must not contain a solution region")
    if re.search(r"^\s*[%!]", src, re.M):
        problems.append(f"{where}: no IPython magics or shell commands in test cells")
    try:
        compile(src, cell.grade_id, "exec")
    except SyntaxError as exc:
        problems.append(f"{where}: syntax error: {exc}")


def parse_solution(nb: dict, path=None) -> SolutionNotebook:
    """Split a solution notebook into exercises; format problems are collected, not raised."""
    problems: list = []
    cells = [_classify(i, c, problems) for i, c in enumerate(nb["cells"])]
    seen: dict = {}
    exercises: dict = {}
    current = None
    for cell in cells:
        if not cell.grade_id:
            continue
        if cell.grade_id in seen:
            problems.append(f"grade_id {cell.grade_id!r} is used by cells {seen[cell.grade_id]} "
                            f"and {cell.index}")
        seen[cell.grade_id] = cell.index
        if cell.kind == "solution":
            _check_solution_source(cell, problems)
            current = exercises[cell.grade_id] = Exercise(cell.grade_id, cell)
            cell.exercise = cell.grade_id
        elif cell.kind == "test":
            _check_test_source(cell, problems)
            if current is None or not cell.grade_id.startswith(current.name + "_test"):
                expected = f"{current.name}_test..." if current else "an answer cell before it"
                problems.append(f"test cell {cell.grade_id!r} must follow its answer cell and be "
                                f"named {expected}")
            if current is not None:
                current.tests.append(cell)
                cell.exercise = current.name
    for ex in exercises.values():
        if not ex.tests:
            problems.append(f"answer cell {ex.name!r} has no test cell ({ex.name}_test) after it")
    return SolutionNotebook(pathlib.Path(path) if path else None, cells, exercises, problems)


def validate_solution(path) -> list:
    """Format problems of the solution notebook at ``path`` (empty list: valid)."""
    nb = read_notebook(path)
    problems = parse_solution(nb, path).problems
    kernel = (nb.get("metadata") or {}).get("kernelspec", {}).get("language", "python")
    if kernel != "python":
        problems.append(f"kernelspec language must be python, got {kernel!r}")
    return problems


def load_solution(path) -> SolutionNotebook:
    """Read and parse a solution notebook; GradingError if it breaks the format."""
    sol = parse_solution(read_notebook(path), path)
    if sol.problems:
        raise GradingError(f"{path}: not a valid solution notebook:\n  " + "\n  ".join(sol.problems))
    return sol


def find_solutions_dir(solutions=None) -> pathlib.Path:
    """``solutions`` if given, else $COURSE_NN_SOLUTIONS, else the repository's solutions/."""
    if solutions is None:
        solutions = os.environ.get("COURSE_NN_SOLUTIONS")
    if solutions is None:
        import course_nn
        solutions = pathlib.Path(course_nn.__file__).resolve().parents[1] / "solutions"
        if not solutions.is_dir():
            raise GradingError(
                f"cannot find the course's solutions/ folder (looked in {solutions}, next to the "
                f"installed course_nn package). Install the course from its repository "
                f"(pip install -e .) or pass --solutions DIR")
    solutions = pathlib.Path(solutions)
    if not solutions.is_dir():
        raise GradingError(f"solutions folder {solutions} does not exist")
    return solutions


def find_solution_notebook(path, solutions=None, assignment=None) -> pathlib.Path:
    """The solution notebook that grades the notebook at ``path``.

    Matched by assignment folder (``exercises/<assignment>/<notebook>.ipynb`` is graded by
    ``solutions/<assignment>/<notebook>.ipynb``); if the folder is not an assignment, by the
    notebook's file name; a renamed copy in its assignment folder (``01_neuron-Copy1.ipynb``)
    uses the folder's only notebook.
    """
    path = pathlib.Path(path).resolve()
    root = find_solutions_dir(solutions)
    folder = assignment or path.parent.name
    candidates = [root / folder / path.name]
    if (root / folder).is_dir():
        notebooks = sorted((root / folder).glob("*.ipynb"))
        if len(notebooks) == 1:
            candidates.append(notebooks[0])
    if assignment is None:
        candidates += sorted(root.glob(f"*/{path.name}"))
    for cand in candidates:
        if cand.is_file():
            return cand
    known = ", ".join(sorted(p.name for p in root.iterdir() if p.is_dir())) or "none"
    raise GradingError(
        f"{path.name}: no solution notebook found to grade it with (looked for "
        f"{root}/{folder}/{path.name}). Keep the notebook in its assignment folder "
        f"(known assignments: {known}) or pass --assignment NAME / --solutions DIR")

