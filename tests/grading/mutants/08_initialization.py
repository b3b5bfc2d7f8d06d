"""Plausible wrong answers for solutions/08_initialization/08_initialization.ipynb; each must lose
points.

MUTANTS maps the grade_id of each answer cell to a list of full replacement sources for that
cell (see docs/GRADING.md, "Mutants").
"""

MUTANTS = {
    "xavier_uniform": [
        # a "Glorot" bound of sqrt(1 / fan_in): variance 1 / (3 fan_in)
        '''def xavier_uniform(shape, rng=None):
    a = np.sqrt(1.0 / shape[0])
    return np.random.default_rng(rng).uniform(-a, a, size=shape)
''',
        # the standard deviation sqrt(2 / (in + out)) used as the bound: a third of the variance
        '''def xavier_uniform(shape, rng=None):
    a = np.sqrt(2.0 / (shape[0] + shape[1]))
    return np.random.default_rng(rng).uniform(-a, a, size=shape)
''',
        # Xavier *normal*: the right variance, but not bounded by a
        '''def xavier_uniform(shape, rng=None):
    return np.random.default_rng(rng).normal(0.0, np.sqrt(2.0 / (shape[0] + shape[1])), size=shape)
''',
        # only fan_in in the denominator (He's form with Glorot's 6)
        '''def xavier_uniform(shape, rng=None):
    a = np.sqrt(6.0 / shape[0])
    return np.random.default_rng(rng).uniform(-a, a, size=shape)
''',
    ],
    "he_uniform": [
        # a "He" bound of sqrt(2 / fan_in): that is He's standard deviation; variance 2 / (3 fan_in)
        '''def he_uniform(shape, rng=None):
    a = np.sqrt(2.0 / shape[0])
    return np.random.default_rng(rng).uniform(-a, a, size=shape)
''',
        # fan_out instead of fan_in
        '''def he_uniform(shape, rng=None):
    a = np.sqrt(6.0 / shape[1])
    return np.random.default_rng(rng).uniform(-a, a, size=shape)
''',
        # He *normal*: the right variance, unbounded
        '''def he_uniform(shape, rng=None):
    return np.random.default_rng(rng).normal(0.0, np.sqrt(2.0 / shape[0]), size=shape)
''',
        # Xavier's bound under He's name
        '''def he_uniform(shape, rng=None):
    a = np.sqrt(6.0 / (shape[0] + shape[1]))
    return np.random.default_rng(rng).uniform(-a, a, size=shape)
''',
    ],
    "activation_variance_ratio": [
        # the ratio of standard deviations instead of variances
        '''def activation_variance_ratio(net, x):
    stds = []
    for layer in net:
        x = layer(x)
        if isinstance(layer, cnn.ReLU):
            stds.append(x.std())
    s = np.array(stds)
    return float(np.exp(np.mean(np.log(s[1:] / s[:-1]))))
''',
        # the arithmetic mean of the ratios
        '''def activation_variance_ratio(net, x):
    v = []
    for layer in net:
        x = layer(x)
        if isinstance(layer, cnn.ReLU):
            v.append(x.var())
    v = np.array(v)
    return float(np.mean(v[1:] / v[:-1]))
''',
        # every layer's output collected, Linear outputs included
        '''def activation_variance_ratio(net, x):
    v = []
    for layer in net:
        x = layer(x)
        v.append(x.var())
    v = np.array(v)
    return float(np.exp(np.mean(np.log(v[1:] / v[:-1]))))
''',
        # the input counted as layer 0
        '''def activation_variance_ratio(net, x):
    v = [x.var()]
    for layer in net:
        x = layer(x)
        if isinstance(layer, cnn.ReLU):
            v.append(x.var())
    v = np.array(v)
    return float(np.exp(np.mean(np.log(v[1:] / v[:-1]))))
''',
    ],
    "fills_range": [
        # only checks that the values are inside the range: the buggy initializer passes
        '''def fills_range(init, low=-1.0, high=1.0):
    w = init((100, 100), rng=0)
    return bool(w.min() >= low and w.max() <= high)
''',
        # only checks that both ends are reached: a wider distribution passes
        '''def fills_range(init, low=-1.0, high=1.0):
    w = init((100, 100), rng=0)
    margin = 0.005 * (high - low)
    return bool(w.min() < low + margin and w.max() > high - margin)
''',
        # too few samples: a correct U(-1, 1) rarely reaches both ends
        '''def fills_range(init, low=-1.0, high=1.0):
    w = init((3, 3), rng=0)
    margin = 0.005 * (high - low)
    return bool(w.min() >= low and w.max() <= high and w.min() < low + margin and w.max() > high - margin)
''',
        # only the high end checked (abs of the range assumed symmetric around 0)
        '''def fills_range(init, low=-1.0, high=1.0):
    w = init((100, 100), rng=0)
    margin = 0.005 * (high - low)
    return bool(w.min() >= low and w.max() <= high and w.max() > high - margin)
''',
        # a fixed margin of 0.005 instead of 0.5% of the range: passes on [-1, 1], but is far
        # too strict for a wide range (hidden test: U(-100, 100) on [-100, 100])
        '''def fills_range(init, low=-1.0, high=1.0):
    w = init((100, 100), rng=0)
    return bool(w.min() >= low and w.max() <= high and w.min() < low + 0.005 and w.max() > high - 0.005)
''',
    ],
    "symmetry_after_training": [
        # distinct rows (inputs) counted instead of distinct columns (hidden units)
        '''def symmetry_after_training(init, activation, steps=100):
    X, y = cnn.datasets.moons(n=200, noise=0.15, rng=0)
    net = cnn.mlp([2, 8, 2], activation=activation, init=init, rng=1)
    before = net[0].weight.value.copy()
    cnn.fit(net, cnn.CrossEntropyLoss(), cnn.optim.SGD(net.parameters(), lr=1.0), X[:120], y[:120],
            epochs=steps, batch_size=120, rng=0, progress=False)
    W1 = net[0].weight.value
    return int(np.unique(W1.round(8), axis=0).shape[0]), float(np.abs(W1 - before).max())
''',
        # distinct weight values counted instead of distinct units
        '''def symmetry_after_training(init, activation, steps=100):
    X, y = cnn.datasets.moons(n=200, noise=0.15, rng=0)
    net = cnn.mlp([2, 8, 2], activation=activation, init=init, rng=1)
    before = net[0].weight.value.copy()
    cnn.fit(net, cnn.CrossEntropyLoss(), cnn.optim.SGD(net.parameters(), lr=1.0), X[:120], y[:120],
            epochs=steps, batch_size=120, rng=0, progress=False)
    W1 = net[0].weight.value
    return int(np.unique(W1.round(8)).size), float(np.abs(W1 - before).max())
''',
        # mini-batches of 20 instead of full-batch steps (6 updates per "step")
        '''def symmetry_after_training(init, activation, steps=100):
    X, y = cnn.datasets.moons(n=200, noise=0.15, rng=0)
    net = cnn.mlp([2, 8, 2], activation=activation, init=init, rng=1)
    before = net[0].weight.value.copy()
    cnn.fit(net, cnn.CrossEntropyLoss(), cnn.optim.SGD(net.parameters(), lr=1.0), X[:120], y[:120],
            epochs=steps, batch_size=20, rng=0, progress=False)
    W1 = net[0].weight.value
    return int(np.unique(W1.round(8), axis=1).shape[1]), float(np.abs(W1 - before).max())
''',
        # "moved" measured as the largest final weight, not the change
        '''def symmetry_after_training(init, activation, steps=100):
    X, y = cnn.datasets.moons(n=200, noise=0.15, rng=0)
    net = cnn.mlp([2, 8, 2], activation=activation, init=init, rng=1)
    cnn.fit(net, cnn.CrossEntropyLoss(), cnn.optim.SGD(net.parameters(), lr=1.0), X[:120], y[:120],
            epochs=steps, batch_size=120, rng=0, progress=False)
    W1 = net[0].weight.value
    return int(np.unique(W1.round(8), axis=1).shape[1]), float(np.abs(W1).max())
''',
    ],
}
