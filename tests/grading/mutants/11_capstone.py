"""Plausible wrong answers for solutions/11_capstone/11_capstone.ipynb; each must lose points.

MUTANTS maps the grade_id of each answer cell to a list of full replacement sources for that
cell (see docs/GRADING.md, "Mutants"); round k of tests/grading grades the k-th mutant of every
exercise together.
"""

MUTANTS = {
    "build_mlp": [
        # a ReLU after the last layer too: the logits can no longer be negative
        '''def build_mlp(sizes, rng):
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [cnn.Linear(n_in, n_out, init="he_uniform", rng=rng), cnn.ReLU()]
    return cnn.Sequential(*layers)
''',
        # Xavier/Glorot initialization, meant for tanh: Var(W) = 2 / (n_in + n_out), too small for ReLU
        '''def build_mlp(sizes, rng):
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [cnn.Linear(n_in, n_out, init="xavier_uniform", rng=rng), cnn.ReLU()]
    return cnn.Sequential(*layers[:-1])
''',
        # the rng not passed on: every network different, the seed ignored (hidden test)
        '''def build_mlp(sizes, rng):
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [cnn.Linear(n_in, n_out, init="he_normal"), cnn.ReLU()]
    return cnn.Sequential(*layers[:-1])
''',
        # every layer initialised with the input size's fan-in (hidden test: the second layer's variance)
        '''def build_mlp(sizes, rng):
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W = rng.normal(0.0, np.sqrt(2.0 / sizes[0]), size=(n_in, n_out))
        layers += [cnn.Linear(n_in, n_out, init=lambda shape, rng=None, W=W: W.copy(), rng=rng), cnn.ReLU()]
    return cnn.Sequential(*layers[:-1])
''',
    ],
    "split_train_val": [
        # no shuffle: the last n_val examples as validation, as if the data were in random order
        '''def split_train_val(X, y, val_fraction, rng):
    n_val = round(val_fraction * len(X))
    n_train = len(X) - n_val
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]
''',
        # overlap: the slices share one example
        '''def split_train_val(X, y, val_fraction, rng):
    order = rng.permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, train = order[:n_val], order[n_val - 1:]
    return X[train], y[train], X[val], y[val]
''',
        # off by one: int() truncates 0.29 * 100 = 28.999999999999996 to 28 (hidden test)
        '''def split_train_val(X, y, val_fraction, rng):
    order = rng.permutation(len(X))
    n_val = int(val_fraction * len(X))
    val, train = order[:n_val], order[n_val:]
    return X[train], y[train], X[val], y[val]
''',
        # a generator of its own: shuffled, but the same split whatever rng is given (hidden test)
        '''def split_train_val(X, y, val_fraction, rng):
    order = np.random.default_rng(0).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, train = order[:n_val], order[n_val:]
    return X[train], y[train], X[val], y[val]
''',
    ],
    "evaluate": [
        # evaluated in training mode: dropout still active, random predictions
        '''def evaluate(model, X, y):
    return float(np.mean(model(X).argmax(axis=1) == y))
''',
        # switched to eval mode and left there: training would go on without dropout
        '''def evaluate(model, X, y):
    model.eval()
    return float(np.mean(model(X).argmax(axis=1) == y))
''',
        # always back to training mode, even for a model that was in eval mode (hidden test)
        '''def evaluate(model, X, y):
    model.eval()
    logits = model(X)
    model.train()
    return float(np.mean(logits.argmax(axis=1) == y))
''',
        # only the container's flag set: the Dropout layer inside still drops units
        '''def evaluate(model, X, y):
    was_training = model.training
    model.training = False
    logits = model(X)
    model.training = was_training
    return float(np.mean(logits.argmax(axis=1) == y))
''',
    ],
    "pick_best": [
        # chosen by test accuracy: the test set used for model selection
        '''def pick_best(trials):
    return max(trials, key=lambda t: t["test_acc"])["params"]
''',
        # chosen by the mean of validation and test accuracy: still peeks at the test set
        '''def pick_best(trials):
    return max(trials, key=lambda t: t["val_acc"] + t["test_acc"])["params"]
''',
        # sorted in place and the last taken: changes the caller's list, and the last of tied trials
        '''def pick_best(trials):
    trials.sort(key=lambda t: t["val_acc"])
    return trials[-1]["params"]
''',
    ],
}
