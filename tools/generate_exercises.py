"""Regenerate exercises/ from solutions/ with nbgrader's own ``generate_assignment``.

    python tools/generate_exercises.py                 # = make exercises: all assignments
    python tools/generate_exercises.py --out DIR       # somewhere else (the tests compare)
    python tools/generate_exercises.py 01_neuron       # only some assignments

nbgrader (configured by the repository's nbgrader_config.py: source ``solutions/``, release
``exercises/``) replaces every ``### BEGIN SOLUTION`` region by its stub, drops hidden tests,
clears outputs and locks the read-only cells. It runs without a gradebook (``--no-db``) into a
temporary release folder; this script then normalises each notebook (no outputs, no execution
counts, notebook metadata reduced to the kernelspec and language) and mirrors the result into
the target: ``solutions/<assignment>/<nb>.ipynb`` -> ``<out>/<assignment>/<nb>.ipynb``, other
files of the assignment folder copied as nbgrader copies them, stale files removed. The output
depends only on solutions/, so a second run changes nothing.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[1]
KEEP_NB_METADATA = ("kernelspec", "language_info")


def assignments(solutions: pathlib.Path) -> list:
    return sorted(p.name for p in solutions.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.ipynb")))


def run_nbgrader(ids, release: pathlib.Path, solutions: pathlib.Path):
    """nbgrader generate_assignment for each assignment id (or glob), into ``release``."""
    env = dict(os.environ)
    # nbgrader finds alembic (and jupyter) through PATH: put this interpreter's bin first
    env["PATH"] = os.pathsep.join([str(pathlib.Path(sys.executable).parent), env.get("PATH", "")])
    for name in ids:
        cmd = [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--no-db", "--force",
               f"--CourseDirectory.source_directory={solutions}",
               f"--CourseDirectory.release_directory={release}", "--log-level=WARN"]
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            raise SystemExit(f"nbgrader generate_assignment {name} failed (exit {proc.returncode})")


def normalise(path: pathlib.Path, dest: pathlib.Path):
    nb = nbformat.read(path, as_version=4)
    nb.metadata = nbformat.from_dict({k: nb.metadata[k] for k in KEEP_NB_METADATA
                                      if k in nb.metadata})
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    dest.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb) + "\n"
    if not dest.exists() or dest.read_text(encoding="utf-8") != text:
        dest.write_text(text, encoding="utf-8")


def mirror(src: pathlib.Path, dest: pathlib.Path):
    """Make ``dest`` hold exactly the files of ``src`` (notebooks normalised)."""
    wanted = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    if dest.exists():
        for p in sorted(dest.rglob("*"), reverse=True):
            rel = p.relative_to(dest)
            if p.is_file() and rel not in wanted:
                p.unlink()
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
    for rel in sorted(wanted):
        if rel.suffix == ".ipynb":
            normalise(src / rel, dest / rel)
        elif not (dest / rel).exists() or not filecmp.cmp(src / rel, dest / rel, shallow=False):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src / rel, dest / rel)


def generate(out=None, names=None, solutions=None) -> list:
    """Generate the exercises of ``names`` (default: all) into ``out`` (default: exercises/)."""
    solutions = pathlib.Path(solutions or ROOT / "solutions")
    out = pathlib.Path(out or ROOT / "exercises")
    every = assignments(solutions)
    names = list(names or every)
    unknown = sorted(set(names) - set(every))
    if unknown:
        raise SystemExit(f"no such assignment in {solutions}: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="course-nn-release-") as tmp:
        release = pathlib.Path(tmp) / "release"
        run_nbgrader(["*"] if names == every else names, release, solutions.resolve())
        for name in names:
            if not (release / name).is_dir():
                raise SystemExit(f"nbgrader produced nothing for {name}")
            mirror(release / name, out / name)
    if set(names) == set(every) and out.is_dir():        # assignments removed from solutions/
        for stale in sorted(p for p in out.iterdir() if p.is_dir() and p.name not in every):
            shutil.rmtree(stale)
    return names


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("assignments", nargs="*", help="assignment folders (default: all)")
    ap.add_argument("--out", type=pathlib.Path, help="target folder (default: exercises/)")
    args = ap.parse_args(argv)
    names = generate(args.out, args.assignments)
    print(f"generated {len(names)} assignment(s) into {args.out or ROOT / 'exercises'}: "
          f"{', '.join(names)}")


if __name__ == "__main__":
    main()
