"""The project's own promises: two commands, environment.yml in step with pyproject.toml."""
import pathlib
import re
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")


def _name(req: str) -> str:
    """The distribution name of a requirement, normalised (PEP 503)."""
    name = re.split(r"[<>=!~;\[ ]", req.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_packages():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(meta["dependencies"])
    for extra in meta["optional-dependencies"].values():
        reqs += [r for r in extra if not r.startswith("course-nn")]
    return {_name(r): r for r in reqs}


def _conda_packages():
    text = (ROOT / "environment.yml").read_text()
    out = {}
    for line in text.splitlines():
        m = re.match(r"^\s+- ([A-Za-z0-9_.\-]+)\s*([<>=!~].*)?$", line)
        if m and m.group(1) not in ("pip", "python", "conda-forge"):
            out[_name(m.group(1))] = line.strip()[2:]
    return out


def test_environment_yml_lists_exactly_the_pyproject_packages():
    py, conda = _pyproject_packages(), _conda_packages()
    assert set(conda) == set(py), (
        f"only in pyproject.toml: {sorted(set(py) - set(conda))}; "
        f"only in environment.yml: {sorted(set(conda) - set(py))}")


def test_environment_yml_uses_the_same_lower_bounds():
    py, conda = _pyproject_packages(), _conda_packages()
    for name in py:
        lower_py = re.search(r">=\s*([\w.]+)", py[name])
        lower_conda = re.search(r">=\s*([\w.]+)", conda.get(name, ""))
        assert lower_py and lower_conda and lower_py.group(1) == lower_conda.group(1), (
            f"{name}: pyproject says {py[name]!r}, environment.yml says {conda.get(name)!r}")


def test_no_exact_pins():
    for name, req in {**_pyproject_packages(), **_conda_packages()}.items():
        assert "==" not in req, f"{name} is pinned exactly ({req}); use lower bounds only"


def test_environment_yml_installs_the_package_editable():
    assert re.search(r'-e\s+"?\.\[', (ROOT / "environment.yml").read_text())


def test_readme_shows_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M), ".ci/run must call the README's test command"


def test_import_is_light():
    """`import course_nn` must not import matplotlib, ipywidgets, nbclient or mnist1d."""
    import subprocess
    code = ("import sys, course_nn; heavy = [m for m in ('matplotlib', 'ipywidgets', 'nbclient',"
            " 'mnist1d', 'scipy', 'tqdm') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import course_nn imported: {out.stdout.strip()}"
