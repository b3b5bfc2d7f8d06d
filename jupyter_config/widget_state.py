"""Keep a notebook's saved widget state whole: every widget view in its outputs keeps its model.

JupyterLab's widget manager (jupyterlab_widgets 3.0, "Save Widget State Automatically") writes
into the notebook, on every save, the state of the widget models that are *live in the kernel*
only. Models it restored from the notebook itself (the frozen controls a student sees after
reopening a notebook, before running it) are not live, so the next save drops them; and
restoring them marks the notebook changed, so JupyterLab's autosave makes that next save within
two minutes. The reopened notebook after that shows "Error displaying widget: model not found"
above every figure (ipywidgets issue #3888).

``keep_widget_state`` is a Jupyter server pre-save hook (``ContentsManager.pre_save_hook``, set
in ``jupyter_server_config.py``): for each widget view in the notebook being saved whose model
is missing from the state being saved, it takes that model, and the models it refers to
(layouts, styles, children), from the file on disk, which held it. A view whose model is in
neither has lost its controls for good: its widget mimetype is dropped from that output, so the
output shows its plain-text form (an explorer's is the hint to run the cell) instead of an error.
"""
from __future__ import annotations

import json
import os

STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"
REF = "IPY_MODEL_"


def _views(nb):
    """(output dict, model id) of every widget view in the notebook's outputs."""
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            view = (out.get("data") or {}).get(VIEW)
            if isinstance(view, dict) and view.get("model_id"):
                yield out, view["model_id"]


def _refs(value):
    """Model ids a model's state refers to ("IPY_MODEL_<id>" strings, at any depth)."""
    if isinstance(value, str):
        return [value[len(REF):]] if value.startswith(REF) else []
    if isinstance(value, dict):
        return [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def _with_dependencies(ids, source):
    """`ids` and every model they refer to, transitively, that `source` holds."""
    found, todo = {}, list(ids)
    while todo:
        mid = todo.pop()
        if mid in found or mid not in source:
            continue
        found[mid] = source[mid]
        todo.extend(_refs(source[mid].get("state", {})))
    return found


def _state_of(nb):
    widgets = (nb.get("metadata") or {}).get("widgets") or {}
    st = widgets.get(STATE)
    return st if isinstance(st, dict) else None


def repair(nb, on_disk=None):
    """Make `nb` (a notebook dict, changed in place) hold the state of every widget view it
    shows, taking missing models from `on_disk` (the notebook as last saved, or None).
    Returns (ids restored from disk, ids whose view was dropped)."""
    views = list(_views(nb))
    if not views:
        return [], []
    st = _state_of(nb)
    state = st.get("state", {}) if st else {}
    missing = [mid for _out, mid in views if mid not in state]
    if not missing:
        return [], []
    old = _state_of(on_disk) if on_disk else None
    old_state = old.get("state", {}) if old else {}
    back = _with_dependencies([m for m in missing if m in old_state], old_state)
    back = {k: v for k, v in back.items() if k not in state}
    if back:
        if st is None:
            st = {"state": {}, "version_major": (old or {}).get("version_major", 2),
                  "version_minor": (old or {}).get("version_minor", 0)}
            nb.setdefault("metadata", {}).setdefault("widgets", {})[STATE] = st
        st.setdefault("state", {}).update(back)
        state = st["state"]
    dropped = []
    for out, mid in views:
        if mid not in state and len(out.get("data", {})) > 1:   # keep an output that has nothing else
            del out["data"][VIEW]
            dropped.append(mid)
    return sorted(back), dropped


def keep_widget_state(model, path, contents_manager, **kwargs):
    """Jupyter server pre-save hook: see the module's docstring."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    on_disk = None
    try:
        os_path = contents_manager._get_os_path(path)
    except Exception:       # not a file-backed contents manager
        os_path = None
    if os_path and os.path.isfile(os_path):
        try:
            with open(os_path, encoding="utf-8") as f:
                on_disk = json.load(f)
        except (OSError, ValueError):
            on_disk = None
    restored, dropped = repair(model["content"], on_disk)
    if restored or dropped:
        contents_manager.log.info("%s: kept %d widget models from the saved file, dropped %d dead "
                                  "widget views", path, len(restored), len(dropped))
