"""Run every benchmark in this folder (``make bench``), one after another, in this interpreter.

    python benchmarks/run_all.py [NAME ...]      # e.g. run_all.py bench_mlp

Each ``bench_*.py`` writes its JSON to ``benchmarks/results/<name>.json`` and its table to
stdout. Benchmarks run sequentially: in parallel they would measure each other.
"""
from __future__ import annotations

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main(argv=None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or sorted(p.stem for p in HERE.glob("bench_*.py"))
    failed = []
    for name in names:
        script = HERE / f"{name}.py"
        out = HERE / "results" / f"{name.removeprefix('bench_')}.json"
        out.parent.mkdir(exist_ok=True)
        print(f"\n=== {name} ===", flush=True)
        if subprocess.run([sys.executable, str(script), "--json", str(out)]).returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
