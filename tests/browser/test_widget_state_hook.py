"""The pre-save hook of `make lab` (jupyter_config/widget_state.py) that keeps a notebook's saved
widget state whole. No browser: the browser walk (lectures.py, step 3b) checks it end to end."""
from __future__ import annotations

import copy
import importlib.util
import json
import logging
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("widget_state", ROOT / "jupyter_config" / "widget_state.py")
ws = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ws)

STATE, VIEW = ws.STATE, ws.VIEW


def model(name, **state):
    return {"model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0",
            "model_name": name, "state": state}


def view_output(mid, text="[live experiment: run this cell to get its controls]"):
    return {"output_type": "display_data", "metadata": {},
            "data": {VIEW: {"model_id": mid, "version_major": 2, "version_minor": 0}, "text/plain": text}}


def notebook(outputs, state=None):
    nb = {"cells": [{"cell_type": "code", "source": "", "metadata": {}, "execution_count": 1,
                     "outputs": outputs}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    if state is not None:
        nb["metadata"]["widgets"] = {STATE: {"state": state, "version_major": 2, "version_minor": 0}}
    return nb


# a box with two children; each child has a layout and a style; one unrelated model
DISK_STATE = {
    "box": model("VBoxModel", children=["IPY_MODEL_s1", "IPY_MODEL_s2"], layout="IPY_MODEL_lb"),
    "lb": model("LayoutModel"),
    "s1": model("FloatSliderModel", value=0.5, layout="IPY_MODEL_l1", style="IPY_MODEL_st1"),
    "s2": model("DropdownModel", index=1, layout="IPY_MODEL_l2", style="IPY_MODEL_st2"),
    "l1": model("LayoutModel"), "st1": model("SliderStyleModel"),
    "l2": model("LayoutModel"), "st2": model("DescriptionStyleModel"),
    "unrelated": model("IntSliderModel", value=3),
}


def test_a_resave_without_live_models_gets_the_view_and_everything_it_refers_to_back():
    disk = notebook([view_output("box")], copy.deepcopy(DISK_STATE))
    saving = notebook([view_output("box")], {})         # what JupyterLab sends: no live model
    restored, dropped = ws.repair(saving, disk)
    got = saving["metadata"]["widgets"][STATE]["state"]
    assert sorted(got) == ["box", "l1", "l2", "lb", "s1", "s2", "st1", "st2"]
    assert got == {k: DISK_STATE[k] for k in got}
    assert restored == sorted(got) and dropped == []


def test_live_models_win_over_the_file_on_disk_and_nothing_changes_when_nothing_is_missing():
    live = copy.deepcopy(DISK_STATE)
    live["s1"]["state"]["value"] = 0.9                 # the student moved the slider since
    saving = notebook([view_output("box")], live)
    before = copy.deepcopy(saving)
    assert ws.repair(saving, notebook([view_output("box")], DISK_STATE)) == ([], [])
    assert saving == before


def test_a_view_whose_model_is_nowhere_falls_back_to_its_text():
    saving = notebook([view_output("gone"), view_output("box")], {})
    restored, dropped = ws.repair(saving, notebook([view_output("box")], DISK_STATE))
    first, second = saving["cells"][0]["outputs"]
    assert dropped == ["gone"] and "box" in restored
    assert first["data"] == {"text/plain": "[live experiment: run this cell to get its controls]"}
    assert VIEW in second["data"]


def test_missing_widget_metadata_is_created_and_no_file_on_disk_is_not_an_error():
    saving = notebook([view_output("box")])              # no metadata.widgets at all
    ws.repair(saving, notebook([], DISK_STATE))
    st = saving["metadata"]["widgets"][STATE]
    assert (st["version_major"], st["version_minor"]) == (2, 0) and "box" in st["state"]
    lonely = notebook([view_output("box")])
    assert ws.repair(lonely, None) == ([], ["box"])
    assert "widgets" not in lonely["metadata"]


class _FakeContents:
    def __init__(self, folder):
        self.folder, self.log = folder, logging.getLogger("test")

    def _get_os_path(self, path):
        return str(self.folder / path)


@pytest.mark.parametrize("stem", ["03_losses", "11_capstone"])
def test_the_hook_on_a_stored_lecture_resaved_without_its_state(tmp_path, stem):
    """A stored lecture (executed with its widget state) saved again by a JupyterLab that holds no
    live model: the hook gives back, from the file on disk, a state in which every view and every
    model reference resolves."""
    src = ROOT / "notebooks" / f"{stem}.ipynb"
    (tmp_path / "nb.ipynb").write_text(src.read_text())
    content = json.loads(src.read_text())
    views = [mid for _o, mid in ws._views(content)]
    assert views, f"{stem} is stored without explorer outputs"
    content["metadata"]["widgets"][STATE]["state"] = {}
    ws.keep_widget_state(model={"type": "notebook", "content": content}, path="nb.ipynb",
                         contents_manager=_FakeContents(tmp_path))
    state = content["metadata"]["widgets"][STATE]["state"]
    assert all(v in state for v in views)
    dangling = [r for m in state.values() for r in ws._refs(m["state"]) if r not in state]
    assert dangling == []
    ws.keep_widget_state(model={"type": "file", "content": "x"}, path="nb.ipynb",
                         contents_manager=_FakeContents(tmp_path))     # not a notebook: untouched
