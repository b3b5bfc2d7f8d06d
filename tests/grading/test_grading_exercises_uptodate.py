"""exercises/ is exactly what `make exercises` (nbgrader generate_assignment) makes of solutions/.

The committed files were generated earlier, so equality also shows the generation is
deterministic."""
import importlib.util
import json

import pytest

from grading_support import ROOT

pytestmark = pytest.mark.slow


def _generator():
    spec = importlib.util.spec_from_file_location("generate_exercises",
                                                  ROOT / "tools" / "generate_exercises.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(folder):
    return {p.relative_to(folder): p for p in folder.rglob("*") if p.is_file()}


def test_committed_exercises_match_a_fresh_generation(tmp_path):
    pytest.importorskip("nbgrader")
    gen = _generator()
    gen.generate(out=tmp_path)
    fresh, committed = _files(tmp_path), _files(ROOT / "exercises")
    assert set(fresh) == set(committed), "exercises/ is out of date: run `make exercises`"
    for rel, path in fresh.items():
        if rel.suffix == ".ipynb":
            same = json.loads(path.read_text()) == json.loads(committed[rel].read_text())
        else:
            same = path.read_bytes() == committed[rel].read_bytes()
        assert same, f"exercises/{rel} is out of date: run `make exercises`"
