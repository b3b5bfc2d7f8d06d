"""Plausible wrong answers for solutions/10_hyperparameter_search/10_hyperparameter_search.ipynb; each must lose points.

MUTANTS maps the grade_id of each answer cell to a list of full replacement sources for that
cell (see docs/GRADING.md, "Mutants"); round k of tests/grading grades the k-th mutant of every
exercise together.
"""

MUTANTS = {
    "log_uniform_samples": [
        # uniform in x: 90% of the samples in the top decade
        '''def log_uniform_samples(low, high, n, rng):
    return rng.uniform(low, high, size=n)
''',
        # the bounds used as exponents: 10 ** U(low, high) lies near 1
        '''def log_uniform_samples(low, high, n, rng):
    return 10 ** rng.uniform(low, high, size=n)
''',
        # bases mixed: exponents drawn with log10, turned back with exp
        '''def log_uniform_samples(low, high, n, rng):
    return np.exp(rng.uniform(np.log10(low), np.log10(high), size=n))
''',
        # a log-spaced grid: the right distribution of values, but no randomness at all
        '''def log_uniform_samples(low, high, n, rng):
    return np.geomspace(low, high, n)
''',
    ],
    "initial_loss_gap": [
        # log base 10 for the reference: the gap measured against log10(C) instead of ln(C)
        '''def initial_loss_gap(net, X, y):
    logits = net(X)
    return cnn.CrossEntropyLoss()(logits, y) - np.log10(logits.shape[1])
''',
        # C counted from the labels in the batch
        '''def initial_loss_gap(net, X, y):
    return cnn.CrossEntropyLoss()(net(X), y) - np.log(len(np.unique(y)))
''',
        # the sign flipped: ln C minus the loss
        '''def initial_loss_gap(net, X, y):
    logits = net(X)
    return np.log(logits.shape[1]) - cnn.CrossEntropyLoss()(logits, y)
''',
        # C taken as the largest label plus one
        '''def initial_loss_gap(net, X, y):
    return cnn.CrossEntropyLoss()(net(X), y) - np.log(y.max() + 1)
''',
    ],
    "search_points": [
        # grid on the edges 0 and 1 (np.linspace) instead of the cell centres
        '''def search_points(kind, n_trials, rng):
    if kind == "grid":
        k = int(round(np.sqrt(n_trials)))
        levels = np.linspace(0, 1, k)
        return np.array([(a, b) for a in levels for b in levels])
    return rng.uniform(0.0, 1.0, size=(n_trials, 2))
''',
        # "random" trials drawn from the grid's levels: still only 3 values of each
        '''def search_points(kind, n_trials, rng):
    k = int(round(np.sqrt(n_trials)))
    levels = (np.arange(k) + 0.5) / k
    if kind == "grid":
        return np.array([(a, b) for a in levels for b in levels])
    return rng.choice(levels, size=(n_trials, 2))
''',
        # a generator of its own: every seed gives the same "random" search
        '''def search_points(kind, n_trials, rng):
    if kind == "grid":
        k = int(round(np.sqrt(n_trials)))
        levels = (np.arange(k) + 0.5) / k
        return np.array([(a, b) for a in levels for b in levels])
    return np.random.default_rng(0).uniform(0.0, 1.0, size=(n_trials, 2))
''',
        # k hard-wired from the example (n_trials // 3): right for 9 trials only
        '''def search_points(kind, n_trials, rng):
    if kind == "grid":
        k = n_trials // 3
        levels = (np.arange(k) + 0.5) / k
        return np.array([(a, b) for a in levels for b in levels])
    return rng.uniform(0.0, 1.0, size=(n_trials, 2))
''',
    ],
    "best_trial": [
        # np.argmax over the scores: returns the first nan
        '''def best_trial(trials, key="val_acc", maximize=True):
    scores = np.array([t[key] for t in trials])
    return trials[int(np.argmax(scores) if maximize else np.argmin(scores))]
''',
        # Python's max/min with a key: a leading nan is never replaced
        '''def best_trial(trials, key="val_acc", maximize=True):
    pick = max if maximize else min
    return pick(trials, key=lambda t: t[key])
''',
        # diverged runs turned into 0 with nan_to_num: a 0 loss wins when minimizing
        '''def best_trial(trials, key="val_acc", maximize=True):
    scores = np.nan_to_num(np.array([t[key] for t in trials], dtype=float), posinf=0.0, neginf=0.0)
    return trials[int(np.argmax(scores) if maximize else np.argmin(scores))]
''',
        # only nan filtered (x == x), inf kept; the last of equal scores wins
        '''def best_trial(trials, key="val_acc", maximize=True):
    ok = [t for t in trials if t[key] == t[key]]
    if not ok:
        raise ValueError("all trials diverged")
    best = ok[0]
    for t in ok[1:]:
        if (t[key] >= best[key]) if maximize else (t[key] <= best[key]):
            best = t
    return best
''',
    ],
}
