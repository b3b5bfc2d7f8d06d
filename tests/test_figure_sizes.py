"""Lecture figures read well at the size JupyterLab shows them.

JupyterLab scales an output image wider than its output area (about 1000 px) down to fit, and its
text with it: 10-pt text in a 1400-px figure shows at about 7 pt. The notebooks' inline backend
draws at 100 dpi (matplotlib's default, which matplotlib-inline keeps), so a figure at most
1000 px wide is shown at its own size and its text at the size it was set in.

Two checks:
1. every ``image/png`` output stored in a lecture or solution notebook is at most 1000 px wide
   (read from the PNG header: width and height are the big-endian integers at bytes 16..24),
   and no notebook cell sets a font size under 9 pt;
2. every static plot helper of ``course_nn.plots``, drawn at its default size with inputs like
   the notebooks' (and with more panels than they use), makes a figure at most 1000 px wide at
   100 dpi, also after ``bbox_inches="tight"`` (what the inline backend saves), and draws no
   visible text under 9 pt.
"""
import ast
import importlib
import io
import json
import pkgutil
import pathlib
import struct

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import course_nn as cnn  # noqa: E402
import course_nn.plots  # noqa: E402,F401

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLOT_MODULES = [importlib.import_module(f"course_nn.plots.{m.name}")
                for m in pkgutil.iter_modules(course_nn.plots.__path__)]
NOTEBOOKS = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("solutions/*/*.ipynb"))
MAX_PX = 1000
MIN_PT = 9.0
INLINE_DPI = 100          # matplotlib's default figure.dpi; matplotlib-inline no longer changes it
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- 1. the stored figures ---------------------------------------------------------------------
def png_size(data: bytes):
    """(width, height) in pixels from a PNG's IHDR chunk, which always comes first."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError(f"not a PNG with its IHDR chunk first: starts with {data[:16]!r}")
    return struct.unpack(">II", data[16:24])


def stored_pngs(path):
    """(cell index, width, height) of every image/png output of a notebook."""
    import base64
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            data = out.get("data", {}).get("image/png")
            if data is not None:
                raw = base64.b64decode(data if isinstance(data, str) else "".join(data))
                yield (i, *png_size(raw))


def test_png_size_reads_the_header_of_a_rendered_figure():
    fig = plt.figure(figsize=(3, 2), dpi=INLINE_DPI)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=INLINE_DPI)
    plt.close(fig)
    assert png_size(buf.getvalue()) == (300, 200)
    with pytest.raises(ValueError, match="not a PNG"):
        png_size(b"GIF89a" + bytes(30))


def test_the_lectures_store_figures_to_check():
    """Guards the next test against passing because it found nothing."""
    n = sum(1 for p in ROOT.glob("notebooks/*.ipynb") for _ in stored_pngs(p))
    assert n >= 50, f"only {n} stored figures in notebooks/: were the outputs cleared?"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_stored_figures_are_at_most_1000_px_wide(path):
    wide = [f"cell {i}: {w} x {h} px" for i, w, h in stored_pngs(path) if w > MAX_PX]
    assert wide == [], (f"{path.relative_to(ROOT)}: figures wider than {MAX_PX} px are scaled down "
                        f"(and their text with them) in JupyterLab: " + "; ".join(wide))


def _small_sizes_in_code(source):
    """Explicit font sizes under 9 pt in a code cell: ``fontsize=8``, ``labelsize="small"``..."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.keyword) and node.arg in ("fontsize", "labelsize", "title_fontsize"):
            v = node.value
            if isinstance(v, ast.Constant) and ((isinstance(v.value, (int, float)) and v.value < MIN_PT)
                                                or v.value in ("xx-small", "x-small", "small")):
                yield f"{node.arg}={v.value!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_notebook_cells_set_no_font_under_9_pt(path):
    """The PNG cannot tell a font size, so the cells' own settings are read (the plot helpers'
    text is measured in the tests below)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = [f"cell {i}: {hit}" for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
             for hit in _small_sizes_in_code("".join(c["source"]))]
    assert found == [], f"{path.relative_to(ROOT)}: " + "; ".join(found)


def test_small_size_finder_reads_keywords():
    src = "%matplotlib inline\nax.legend(fontsize=8)\nax.tick_params(labelsize='small')\nax.set_title('t', fontsize=9)"
    assert list(_small_sizes_in_code(src)) == ["fontsize=8", "labelsize='small'"]


# --- 2. the plot helpers -----------------------------------------------------------------------
def _undrawn_tick_labels(fig):
    """Tick labels matplotlib keeps but does not draw (their tick lies outside the view)."""
    skip = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            tol = 1e-9 * abs(hi - lo)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                loc = tick.get_loc()
                if loc is None or not lo - tol <= loc <= hi + tol:
                    skip.update({id(tick.label1), id(tick.label2)})
    return skip


def small_texts(fig, min_pt=MIN_PT):
    """(text, size) of every visible, non-empty text under ``min_pt`` points."""
    fig.canvas.draw()                 # tick labels exist only after a draw
    skip = _undrawn_tick_labels(fig)
    return [(t.get_text(), t.get_fontsize()) for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in skip
            and t.get_fontsize() < min_pt - 1e-9]


def shown_width_px(fig):
    """Width of the PNG the inline backend would store (``bbox_inches="tight"``, 100 dpi)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=INLINE_DPI, bbox_inches="tight")
    return png_size(buf.getvalue())[0]


def _model(a):
    return lambda p: p @ np.array([[a, 1.0, -1.0], [1.0, -a, 0.5]])


def _history(n=20):
    t = np.linspace(1, 0.2, n)
    return {"train_loss": t, "val_loss": t + 0.1, "train_acc": 1 - t / 2, "val_acc": 0.9 - t / 2,
            "best_epoch": n // 2}


def _trials(n=20, rng=0):
    g = np.random.default_rng(rng)
    return [{"lr": 10 ** g.uniform(-4, -1), "weight_decay": 10 ** g.uniform(-5, -3), "width": int(w),
             "dropout": g.uniform(0, 0.5), "val_acc": g.uniform(0.1, 0.7)}
            for w in g.integers(32, 257, n)]


_G = np.random.default_rng(0)
_X = _G.normal(size=(60, 2))
_Y = (_X[:, 0] > 0).astype(int) + (_X[:, 1] > 1)
_LAMS = np.r_[0.0, np.logspace(-8, 1, 19)]
_XX, _YY = np.meshgrid(np.linspace(-2, 2, 30), np.linspace(-2, 2, 30))
_ACTS = ["sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "gelu"]


def _relu_rows(n_layers=20):
    return {name: [np.maximum(_G.normal(size=300) * s ** k, 0) for k in range(n_layers)]
            for name, s in (("N(0, 0.01²)", 0.3), ("Xavier", 0.8), ("N(0, 0.01²) + BN", 1.0))}


#: name -> a call with inputs like the notebooks'; each returns a Figure or an Axes.
#: Cases ending in "_many" use more panels than the notebooks do: the width must still fit.
DEMOS = {
    "neuron_diagram": lambda: cnn.plots.neuron_diagram(),
    "scatter_classes": lambda: cnn.plots.scatter_classes(_X, _Y, title="data"),
    "decision_boundary": lambda: cnn.plots.decision_boundary(_model(1.0), _X, _Y, title="a net"),
    "boundary_row": lambda: cnn.plots.boundary_row(
        [_model(a) for a in (1, 2, 3, 4)], _X, _Y,
        titles=[f"XOR, 2-4-1 net\nloss 0.00{k}" for k in range(4)]),
    "boundary_row_many": lambda: cnn.plots.boundary_row(
        [_model(a) for a in range(7)], _X, _Y, titles=[f"{a} hidden units\ntrain 90%" for a in range(7)]),
    "collapse_check": lambda: cnn.plots.collapse_check(_G.normal(size=30), _G.normal(size=30)),
    "loss_along_weight": lambda: cnn.plots.loss_along_weight(
        np.linspace(-3, 3, 50), {"MSE": np.linspace(0, 1, 50), "cross-entropy": np.linspace(1, 0, 50)}),
    "function_fits": lambda: cnn.plots.function_fits(
        _X[:, :1], _X[:, 1], np.linspace(-2, 2, 50), np.sin(np.linspace(-2, 2, 50)),
        {"3 units": np.cos(np.linspace(-2, 2, 50))}, title="fits"),
    "activation_curve": lambda: cnn.plots.activation_curve("gelu"),
    "activation_gallery": lambda: cnn.plots.activation_gallery(_ACTS, ncols=4),
    "activation_gallery_many": lambda: cnn.plots.activation_gallery(_ACTS, ncols=7),
    "maxout_curve": lambda: cnn.plots.maxout_curve(cnn.Maxout(1, 1, pieces=3, rng=0)),
    "weight_paths": lambda: cnn.plots.weight_paths(
        {"ReLU": np.cumsum(_G.normal(size=(30, 2)), 0), "tanh": np.cumsum(_G.normal(size=(30, 2)), 0)},
        target=(1.0, 1.0)),
    "gradient_signs": lambda: cnn.plots.gradient_signs(_G.normal(size=(20, 8))),
    "error_curves": lambda: cnn.plots.error_curves(
        {"relu": [(np.arange(50), np.linspace(0.9, 0.2, 50))] * 2,
         "tanh": [(np.arange(50), np.linspace(0.9, 0.3, 50))]}, target=0.25, title="lr 0.1, 5 seeds"),
    "dead_fraction_curve": lambda: cnn.plots.dead_fraction_curve(
        [0.01, 0.1, 1.0], {"He": _G.uniform(0, 1, (3, 5)), "Xavier": _G.uniform(0, 1, (3, 5))}),
    "derivative_tails": lambda: cnn.plots.derivative_tails(["relu", "leaky_relu", "elu", "gelu", "sigmoid"]),
    "speed_bars": lambda: cnn.plots.speed_bars(
        {"normal_0.01": {"ReLU": [796, 810, 780], "tanh": [1530, 1500, 1560]},
         "glorot": {"ReLU": [310, 300, 320], "tanh": [354, 340, 370]}}),
    "loss_curves": lambda: cnn.plots.loss_curves(
        np.linspace(0.01, 1, 50), {"MSE": np.linspace(1, 0, 50), "cross-entropy": -np.log(np.linspace(0.01, 1, 50))},
        xlabel="p", title="losses", marks={"p = 0.5": (0.5, 0.69)}, vline=0.5),
    "likelihood_vs_loss": lambda: cnn.plots.likelihood_vs_loss(
        np.linspace(-1, 3, 50), (np.linspace(-1, 3, 50) - 1) ** 2, (np.linspace(-1, 3, 50) - 1) ** 2 + 0.1,
        y=np.array([0.5, 1.0, 1.5])),
    "probability_bars": lambda: cnn.plots.probability_bars([0.7, 0.2, 0.1], label=0, logits=[2.0, 0.7, 0.0]),
    "entropy_kl_bars": lambda: cnn.plots.entropy_kl_bars(
        ["q = p", "q close", "q far"], np.array([0.8, 0.8, 0.8]), np.array([0.0, 0.1, 0.9]),
        np.array([0.8, 0.9, 1.7])),
    "saturation_race": lambda: cnn.plots.saturation_race(
        {"MSE": np.linspace(1, 0.1, 30), "cross-entropy": np.linspace(2, 0.1, 30)},
        {"MSE": np.linspace(1, 0.2, 30), "cross-entropy": np.linspace(1, 0.05, 30)}),
    "stability_curves": lambda: cnn.plots.stability_curves(
        np.logspace(0, 3, 20), np.r_[np.logspace(-1, 2, 15), [np.inf] * 5], np.logspace(-1, 3, 20)),
    "cost_vs_depth": lambda: cnn.plots.cost_vs_depth(np.arange(1, 8), {"backprop": np.arange(1, 8) * 1e-5,
                                                                       "naive": 2.0 ** np.arange(1, 8) * 1e-5}),
    "fd_error_vs_step": lambda: cnn.plots.fd_error_vs_step(
        np.logspace(-12, -1, 12), {"forward": np.logspace(-4, -10, 12), "central": np.logspace(-4, -12, 12)}),
    "rel_error_bars": lambda: cnn.plots.rel_error_bars(["W1", "b1", "W2", "b2"], [1e-10, 3e-9, 1e-4, 0.3]),
    "grad_norm_per_layer": lambda: cnn.plots.grad_norm_per_layer({"sigmoid": np.logspace(-1, -6, 8),
                                                                  "ReLU": np.ones(8)}),
    "learning_curves": lambda: cnn.plots.learning_curves(_history()),
    "weight_histograms": lambda: cnn.plots.weight_histograms({"no penalty": _G.normal(size=300),
                                                              "L2": 0.3 * _G.normal(size=300)}),
    "regularization_path": lambda: cnn.plots.regularization_path(
        np.logspace(-3, 1, 20), {"L2": _G.normal(size=(20, 5)), "L1": _G.normal(size=(20, 5))}),
    "regularization_path_many": lambda: cnn.plots.regularization_path(
        np.logspace(-3, 1, 20), {k: _G.normal(size=(20, 5)) for k in ("L2", "L1", "elastic net")}),
    "prior_densities": lambda: cnn.plots.prior_densities(
        np.linspace(-3, 3, 50), {"Gaussian": np.exp(-np.linspace(-3, 3, 50) ** 2)},
        {"Gaussian": np.linspace(-3, 3, 50) ** 2}),
    "polynomial_fits": lambda: cnn.plots.polynomial_fits(
        _X[:10, 0], _X[:10, 1], np.linspace(-2, 2, 50), {"degree 3": np.sin(np.linspace(-2, 2, 50))},
        truth=np.cos(np.linspace(-2, 2, 50)), x_val=_X[10:15, 0], y_val=_X[10:15, 1]),
    "fit_spread": lambda: cnn.plots.fit_spread(
        np.linspace(0, 1, 40), {k: _G.normal(size=(30, 40)) for k in ("degree 3", "degree 9", "degree 9, ridge 1e-3")},
        np.sin(np.linspace(0, 6, 40)), x_train=_G.uniform(0, 1, 15), ylim=(-2, 2)),
    "fit_spread_many": lambda: cnn.plots.fit_spread(
        np.linspace(0, 1, 40), {f"degree {d}": _G.normal(size=(30, 40)) for d in (1, 3, 5, 9)},
        np.sin(np.linspace(0, 6, 40))),
    "boundary_from_grid": lambda: cnn.plots.boundary_from_grid(
        _XX, _YY, 1 / (1 + np.exp(-_XX)), _X, (_X[:, 0] > 0).astype(int), title="L2"),
    "eigenvalue_spectrum": lambda: cnn.plots.eigenvalue_spectrum({"X^T X": np.logspace(2, -17, 10),
                                                                  "X^T X + 0.1 I": np.logspace(2, -1, 10)}),
    "validation_curves": lambda: cnn.plots.validation_curves({"no penalty": _history(), "L2": _history()}),
    "error_vs_lambda": lambda: cnn.plots.error_vs_lambda(
        _LAMS, {"degree 3": _G.uniform(0.05, 1, (5, 20)), "degree 9": _G.uniform(0.05, 9, (5, 20))},
        logy=True, chosen={"degree 3": [0.0, 0.0, 1e-4, 1e-3, 1e-3], "degree 9": [1e-8, 1e-3, 1e-3, 1e-2, 0.0]},
        title="10 training points, 10 validation points"),
    "normalization_scatter": lambda: cnn.plots.normalization_scatter(_X * 3 + 2, _X, title="one batch"),
    "running_average_curves": lambda: cnn.plots.running_average_curves(_G.normal(size=50), np.linspace(0, 1, 50), 1.0),
    "accuracy_vs_lr": lambda: cnn.plots.accuracy_vs_lr([0.01, 0.1, 1.0], {"plain": [0.5, 0.6, np.nan],
                                                                          "BN": [0.6, 0.7, 0.7]}, chance=0.1),
    "eval_output_std": lambda: cnn.plots.eval_output_std(np.arange(10), {"momentum 0.1": np.logspace(1, 0, 10)}),
    "accuracy_bars": lambda: cnn.plots.accuracy_bars({"plain, lr 0.1": 0.6, "batch norm, lr 0.1": 0.7,
                                                      "batch norm, lr 1, no warm-up": 0.65}, chance=0.1),
    "loss_along_gradient": lambda: cnn.plots.loss_along_gradient(np.arange(10), {"plain": np.logspace(1, 0, 10),
                                                                                 "BN": np.logspace(0, -1, 10)}),
    "accuracy_vs_lr_spread": lambda: cnn.plots.accuracy_vs_lr_spread(
        [0.01, 0.1, 1.0], {"plain": _G.uniform(0.4, 0.6, (3, 5)), "BN": _G.uniform(0.5, 0.7, (3, 5))},
        chance=0.1, reference=("logistic regression", 0.3, 0.02)),
    "curves_spread": lambda: cnn.plots.curves_spread(np.arange(20), {"He": _G.uniform(0.5, 0.7, (5, 20))},
                                                     marks=(10,)),
    "thinned_networks": lambda: cnn.plots.thinned_networks(n=3, rng=3),
    "thinned_networks_many": lambda: cnn.plots.thinned_networks(n=6, rng=3),
    "train_val_curves": lambda: cnn.plots.train_val_curves(
        {"p = 0.5": type("H", (), {"train_acc": [0.5, 0.8, 0.9], "val_acc": [0.5, 0.7, 0.75]})()}),
    "probability_map": lambda: cnn.plots.probability_map(
        (-2, 2, -2, 2), 1 / (1 + np.exp(-_XX)), _X, (_X[:, 0] > 0).astype(int),
        X_val=_X[:10], y_val=(_X[:10, 0] > 0).astype(int), title="dropout p = 0.5"),
    "mc_average_error": lambda: cnn.plots.mc_average_error([1, 4, 16, 64], [0.1, 0.05, 0.025, 0.012]),
    "mean_activation_bars": lambda: cnn.plots.mean_activation_bars(
        {"training (dropout on)": 1.0, "test, no rescaling": 0.5, "test, inverted dropout": 1.0},
        reference=1.0, title="mean activation"),
    "seed_spread": lambda: cnn.plots.seed_spread(
        {"training": {f"p = {p}": _G.uniform(0.8, 1, 10) for p in (0.0, 0.2, 0.5)},
         "validation": {f"p = {p}": _G.uniform(0.8, 0.9, 10) for p in (0.0, 0.2, 0.5)}},
        title="2-128-128-2 on 100 two-moons points, 10 seeds"),
    "layer_histograms": lambda: cnn.plots.layer_histograms(_relu_rows(), layers=range(2, 21, 2)),
    "layer_histograms_many": lambda: cnn.plots.layer_histograms(dict(list(_relu_rows().items())[:2]),
                                                             title="all 20 layers"),
    "layer_stat_curves": lambda: cnn.plots.layer_stat_curves({"ReLU + He": np.ones(20),
                                                              "ReLU + Xavier": 0.7 ** np.arange(20)}),
    "weight_matrices": lambda: cnn.plots.weight_matrices({"zeros": np.zeros((3, 4)), "He": _G.normal(size=(3, 4))},
                                                         title="first-layer weights"),
    "weight_matrices_many": lambda: cnn.plots.weight_matrices({k: _G.normal(size=(3, 4)) for k in "abcd"}),
    "initializer_histograms": lambda: cnn.plots.initializer_histograms(
        {"He uniform": _G.uniform(-1, 1, 500), "normal": _G.normal(size=500)}, bounds={"He uniform": 1.0}),
    "preactivation_histograms": lambda: cnn.plots.preactivation_histograms({"N(0, 1)": 5 * _G.normal(size=500)}),
    "surface_contour": lambda: cnn.plots.surface_contour("rosenbrock"),
    "optimizer_paths_figure": lambda: cnn.plots.optimizer_paths_figure(
        "quadratic", {"SGD": np.cumsum(_G.normal(size=(30, 2)) * 0.1, 0) + (-3, 1),
                      "Adam": np.cumsum(_G.normal(size=(30, 2)) * 0.1, 0) + (-3, 1)}),
    "lr_schedule_curves": lambda: cnn.plots.lr_schedule_curves({"StepLR": np.repeat([0.1, 0.01], 10),
                                                                "cosine": np.linspace(0.1, 0, 20)}),
    "optimizer_loss_curves": lambda: cnn.plots.optimizer_loss_curves({"SGD": np.logspace(0, -2, 50),
                                                                      "Adam": np.logspace(0, -3, 50)}, smooth=5),
    "step_size_curves": lambda: cnn.plots.step_size_curves({"AdaGrad": 1 / np.sqrt(np.arange(1, 50))}),
    "gradient_noise_curve": lambda: cnn.plots.gradient_noise_curve([8, 32, 128], [0.5, 0.25, 0.12]),
    "trials_scatter": lambda: cnn.plots.trials_scatter(_trials(), title="offline search: lr vs weight decay"),
    "trials_scatter_width": lambda: cnn.plots.trials_scatter(_trials(), x="width", y="dropout", logy=False),
    "lr_sweep": lambda: cnn.plots.lr_sweep(np.logspace(-4, 0, 5), [0.2, 0.4, 0.5, np.nan, np.nan]),
    "grid_vs_random_figure": lambda: cnn.plots.grid_vs_random_figure(
        np.array([(a, b) for a in (1 / 6, 0.5, 5 / 6) for b in (1 / 6, 0.5, 5 / 6)]), _G.uniform(0, 1, (9, 2)),
        lambda a: np.exp(-((a - 0.7) / 0.15) ** 2)),
    "sanity_curves": lambda: cnn.plots.sanity_curves(_history()),
    "mnist1d_examples": lambda: cnn.plots.mnist1d_examples(_G.normal(size=(40, 40)), np.arange(40) % 10),
    "accuracy_vs_published": lambda: cnn.plots.accuracy_vs_published(
        {"logistic regression": 0.32, "MLP (paper's setup)": 0.65, "tuned MLP": 0.69},
        {"logistic regression": 0.32, "MLP (paper's setup)": 0.68, "CNN": 0.94, "GRU": 0.91}),
    "confusion_heatmap": lambda: cnn.plots.confusion_heatmap(
        cnn.plots.confusion_counts(np.arange(200) % 10, (np.arange(200) * 7 // 3) % 10),
        title="tuned MLP on the test set (% of each true class)"),
    "per_class_bars": lambda: cnn.plots.per_class_bars(_G.uniform(0.5, 1, 10), overall=0.7),
    "accuracy_curves": lambda: cnn.plots.accuracy_curves({"tuned MLP": _history(), "plain MLP": _history()}),
}

#: public names of course_nn.plots that draw no figure (data helpers, constants, styling)
NOT_DRAWING = {"COLORS", "MAX_WIDTH", "new_axes", "finish_axes", "grid_points", "activation_and_derivative",
               "boundary_lines", "SURFACES", "Surface", "optimizer_path", "optimizer_paths", "contour_lines",
               "flat_trials", "confusion_counts"}


def test_every_drawing_helper_has_a_demo():
    """A new plot helper must be added to DEMOS (or NOT_DRAWING), so its size is checked too."""
    names = {n for m in PLOT_MODULES for n in m.__all__}
    covered = {k for k in DEMOS if k in names} | {k.rsplit("_", 1)[0] for k in DEMOS if k.endswith("_many")}
    assert names - NOT_DRAWING - covered == set()
    assert NOT_DRAWING <= names, f"stale names in NOT_DRAWING: {NOT_DRAWING - names}"


@pytest.fixture
def figure_of():
    figs = []

    def draw(name):
        out = DEMOS[name]()
        fig = out if isinstance(out, Figure) else out.get_figure(root=True)
        figs.append(fig)
        return fig
    yield draw
    for f in figs:
        plt.close(f)


def test_the_inline_dpi_is_matplotlibs_default():
    """The stored PNGs are drawn at the figure dpi: 100 unless something changed the default."""
    assert matplotlib.rcParamsDefault["figure.dpi"] == INLINE_DPI


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_plot_helper_fits_1000_px_with_text_of_at_least_9_pt(name, figure_of):
    fig = figure_of(name)
    w_in, h_in = fig.get_size_inches()
    assert w_in * INLINE_DPI <= MAX_PX, (f"{name}: figure {w_in:.2f} x {h_in:.2f} in = "
                                         f"{w_in * INLINE_DPI:.0f} px wide at {INLINE_DPI} dpi")
    shown = shown_width_px(fig)
    assert shown <= MAX_PX, f"{name}: the inline PNG (bbox_inches='tight') is {shown} px wide"
    small = small_texts(fig)
    assert small == [], f"{name}: text under {MIN_PT} pt: {small[:8]}"


def test_the_checks_catch_a_wide_figure_and_small_text():
    """The helpers above are not vacuous: a 12-in figure and a 7-pt label are reported."""
    fig, ax = plt.subplots(figsize=(12, 3), dpi=INLINE_DPI, layout="constrained")
    ax.set_title("fine")
    ax.text(0.5, 0.5, "tiny", fontsize=7)
    ax.plot([0, 1], label="legend")
    ax.legend(fontsize=8)
    try:
        assert shown_width_px(fig) > MAX_PX
        assert sorted(small_texts(fig)) == [("legend", 8.0), ("tiny", 7.0)]
    finally:
        plt.close(fig)


def test_autograd_draw_graph_text_is_at_least_9_pt():
    from course_nn.autograd import Value, draw_graph
    x0, w0, x1, w1, b = (Value(v, name) for v, name in ((-1.0, "x0"), (2.0, "w0"), (-2.0, "x1"),
                                                         (-3.0, "w1"), (4.0, "b")))
    f = (x0 * w0 + x1 * w1 + b).sigmoid()
    a = Value(0.5, "a")
    g = ((a * 2).tanh() + a.exp()).relu()          # long operator names in their circles
    for out in (f, g):
        out.backward()
        fig = draw_graph(out).get_figure(root=True)
        try:
            assert fig.get_size_inches()[0] * INLINE_DPI <= MAX_PX
            assert small_texts(fig) == []
            assert shown_width_px(fig) <= MAX_PX
        finally:
            plt.close(fig)
