"""The package's layout: one concept per file, the public API unchanged, no import cycles.

``API_BEFORE_THE_LAYOUT`` was dumped from the package *before* it was reorganised into one file
per concept (``dir()`` of each public module, minus dunders, foreign modules such as ``np``,
internal aliases such as ``F`` and private helpers imported from ``_validation``). Every name in
it must still resolve, to the same kind of object. Names may be added, never lost.
"""
import ast
import importlib
import inspect
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PKG = ROOT / "course_nn"
CORE = sorted(p for p in PKG.glob("*.py")) + sorted((PKG / "optim").glob("*.py"))

API_BEFORE_THE_LAYOUT = {
    "course_nn": {
        "ACTIVATIONS": "tuple", "BCELoss": "class", "BCEWithLogitsLoss": "class",
        "BatchNorm1d": "class", "CrossEntropyLoss": "class", "Dropout": "class", "ELU": "class",
        "Flatten": "class", "GELU": "class", "HingeLoss": "class", "History": "class",
        "Identity": "class", "LOSSES": "dict", "LeakyReLU": "class", "Linear": "class",
        "Loss": "class", "MSELoss": "class", "Maxout": "class", "Module": "class",
        "MultiMarginLoss": "class", "PReLU": "class", "Parameter": "class", "ReLU": "class",
        "Sequential": "class", "Sigmoid": "class", "Softmax": "class", "Tanh": "class",
        "TrainingDiverged": "class", "accuracy": "function", "activation": "function",
        "evaluate": "function", "fit": "function", "functional": "module",
        "get_num_threads": "function", "gradcheck": "module", "init": "module", "layers": "module",
        "load": "function", "load_state_dict": "function", "losses": "module", "mlp": "function",
        "module": "module", "optim": "module", "predict": "function", "regularizers": "module",
        "save": "function", "serialization": "module", "set_num_threads": "function",
        "state_dict": "function", "training": "module",
    },
    "course_nn.autograd": {
        "Layer": "class", "MLP": "class", "Neuron": "class", "Value": "class",
        "draw_graph": "function", "topological_order": "function",
    },
    "course_nn.functional": {
        "batchnorm_backward": "function", "batchnorm_forward": "function",
        "binary_cross_entropy": "function", "binary_cross_entropy_with_logits": "function",
        "cross_entropy": "function", "dropout_backward": "function", "dropout_forward": "function",
        "elu_backward": "function", "elu_forward": "function", "erf": "function",
        "erfc": "function", "gelu_backward": "function", "gelu_forward": "function",
        "hinge_loss": "function", "leaky_relu_backward": "function",
        "leaky_relu_forward": "function", "linear_backward": "function",
        "linear_forward": "function", "log_softmax": "function", "logsumexp": "function",
        "maxout_backward": "function", "maxout_forward": "function", "mse_loss": "function",
        "multi_margin_loss": "function", "prelu_backward": "function", "prelu_forward": "function",
        "relu_backward": "function", "relu_forward": "function", "sigmoid": "function",
        "sigmoid_backward": "function", "sigmoid_forward": "function", "softmax": "function",
        "softmax_backward": "function", "softmax_forward": "function", "tanh_backward": "function",
        "tanh_forward": "function",
    },
    "course_nn.gradcheck": {
        "check_function": "function", "check_loss": "function", "check_module": "function",
        "numerical_grad": "function", "rel_error": "function",
    },
    "course_nn.init": {
        "INITIALIZERS": "dict", "constant": "function", "fans": "function", "get": "function",
        "he_normal": "function", "he_uniform": "function", "lecun_normal": "function",
        "lecun_uniform": "function", "normal": "function", "ones": "function",
        "uniform": "function", "xavier_normal": "function", "xavier_uniform": "function",
        "zeros": "function",
    },
    "course_nn.layers": {
        "ACTIVATIONS": "tuple", "BatchNorm1d": "class", "Dropout": "class", "ELU": "class",
        "Flatten": "class", "GELU": "class", "Identity": "class", "LeakyReLU": "class",
        "Linear": "class", "Maxout": "class", "Module": "class", "PReLU": "class",
        "Parameter": "class", "ReLU": "class", "Sequential": "class", "Sigmoid": "class",
        "Softmax": "class", "Tanh": "class", "activation": "function", "mlp": "function",
    },
    "course_nn.losses": {
        "BCELoss": "class", "BCEWithLogitsLoss": "class", "CrossEntropyLoss": "class",
        "HingeLoss": "class", "LOSSES": "dict", "Loss": "class", "MSELoss": "class",
        "Module": "class", "MultiMarginLoss": "class",
    },
    "course_nn.module": {
        "Module": "class", "Parameter": "class", "Sequential": "class",
    },
    "course_nn.optim": {
        "Adagrad": "class", "Adam": "class", "AdamW": "class", "Optimizer": "class",
        "RMSprop": "class", "SGD": "class", "lr_scheduler": "module", "optimizers": "module",
        "split_decay": "function",
    },
    "course_nn.optim.optimizers": {
        "Adagrad": "class", "Adam": "class", "AdamW": "class", "Optimizer": "class",
        "RMSprop": "class", "SGD": "class",
    },
    "course_nn.regularizers": {
        "ElasticNet": "class", "L1": "class", "L2": "class", "Module": "class",
        "Parameter": "class", "Regularizer": "class",
    },
}


def _kind(value):
    if inspect.ismodule(value):
        return "module"
    if inspect.isclass(value):
        return "class"
    if callable(value):
        return "function"
    return type(value).__name__


@pytest.mark.parametrize("module_name", sorted(API_BEFORE_THE_LAYOUT))
def test_every_public_name_still_resolves_to_the_same_kind(module_name):
    module = importlib.import_module(module_name)
    lost, changed = [], []
    for name, kind in API_BEFORE_THE_LAYOUT[module_name].items():
        if not hasattr(module, name):
            lost.append(name)
        elif _kind(getattr(module, name)) != kind:
            changed.append(f"{name}: was a {kind}, now a {_kind(getattr(module, name))}")
    assert not lost and not changed, f"{module_name}: lost {lost}; changed {changed}"


def test_a_name_in_several_namespaces_is_one_object():
    import course_nn as cnn
    for module in (cnn.layers, cnn.losses, cnn.functional, cnn.module):
        for name in getattr(module, "__all__", []):
            if hasattr(cnn, name):
                assert getattr(cnn, name) is getattr(module, name), (module.__name__, name)
    for name in cnn.functional.__all__:
        fn = getattr(cnn.functional, name)
        defined_in = importlib.import_module(fn.__module__)
        assert getattr(defined_in, name) is fn


def test_the_package_exports_every_name_of_training_and_serialization():
    import course_nn as cnn
    for module in (cnn.training, cnn.serialization):
        missing = [n for n in module.__all__ if getattr(cnn, n, None) is not getattr(module, n)]
        assert not missing, f"course_nn/__init__.py does not import {missing} from {module.__name__}"


def _module_name(path):
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path):
    """Internal modules that ``path`` imports, at module level or inside a function."""
    tree = ast.parse(path.read_text())
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("course_nn"):
                continue
            for alias in node.names:       # "from . import functional" imports a module
                sub = f"{target}.{alias.name}"
                out.add(sub if (ROOT / (sub.replace(".", "/") + ".py")).exists()
                        or (ROOT / sub.replace(".", "/")).is_dir() else target)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("course_nn")}
    return out


def test_no_import_cycles_among_the_core_modules():
    graph = {_module_name(p): _imports(p) for p in CORE}
    # a package's __init__ is imported by its submodules anyway: leave those edges out
    graph = {m: {t for t in ts if t in graph and not m.startswith(t + ".") and t != m}
             for m, ts in graph.items()}
    state, cycles = {}, []

    def visit(m, stack):
        state[m] = "open"
        for t in sorted(graph[m]):
            if state.get(t) == "open":
                cycles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t, stack + [t])
        state[m] = "done"

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not cycles, f"import cycles: {cycles}"


@pytest.mark.parametrize("path", CORE, ids=lambda p: _module_name(p))
def test_no_star_imports_and_no_public_class_in_a_private_module(path):
    tree = ast.parse(path.read_text())
    stars = [n.module for n in ast.walk(tree)
             if isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)]
    assert not stars, f"{path.name}: star import from {stars}"
    if path.name.startswith("_") and path.name != "__init__.py":
        public = [n.name for n in tree.body if isinstance(n, ast.ClassDef) and not n.name.startswith("_")]
        assert not public, f"private module {path.name} holds public classes {public}"


def test_every_core_module_imports_on_its_own():
    """Each module in a fresh interpreter, first: an import order that hides a cycle fails here."""
    names = [_module_name(p) for p in CORE]
    code = ("import importlib, subprocess, sys\n"
            "bad = []\n"
            f"for name in {names!r}:\n"
            "    r = subprocess.run([sys.executable, '-c', f'import {name}'], capture_output=True,"
            " text=True)\n"
            "    if r.returncode: bad.append((name, r.stderr.strip().splitlines()[-1]))\n"
            "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_each_layer_lives_with_its_functions():
    """The Module and the pure functions of one concept are defined in the same file."""
    import course_nn as cnn
    pairs = {"Linear": "linear_forward", "ReLU": "relu_forward", "GELU": "gelu_forward",
             "Softmax": "softmax_forward", "Maxout": "maxout_forward", "PReLU": "prelu_forward",
             "BatchNorm1d": "batchnorm_forward", "Dropout": "dropout_forward",
             "CrossEntropyLoss": "cross_entropy", "MSELoss": "mse_loss"}
    for cls, fn in pairs.items():
        assert getattr(cnn, cls).__module__ == getattr(cnn.functional, fn).__module__, (cls, fn)
