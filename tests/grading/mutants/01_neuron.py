"""Plausible wrong answers for solutions/01_neuron/01_neuron.ipynb; each must lose points.

MUTANTS maps the grade_id of each answer cell to a list of full replacement sources for that
cell (see docs/GRADING.md, "Mutants"). Round k of tests/grading puts the k-th mutant of every
exercise into one copy of the solution notebook and checks that each mutated exercise scores
below full marks.
"""

MUTANTS = {
    "sigmoid": [
        # the textbook formula: right values, but np.exp(1000) overflows with a RuntimeWarning
        '''def sigmoid(x):
    return 1 / (1 + np.exp(-x))
''',
        # math.exp: works on one number, fails on arrays (and overflows for x < -709)
        '''import math


def sigmoid(x):
    return 1 / (1 + math.exp(-x))
''',
        # the sign of the exponent flipped
        '''def sigmoid(x):
    x = np.asarray(x)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, z / (1 + z), 1 / (1 + z))
''',
        # one number at a time: passes the visible tests, but breaks on 2-D arrays and plain
        # numbers (only the hidden tests catch it)
        '''def sigmoid(x):
    out = []
    for v in x:
        out.append(1 / (1 + np.exp(-v)) if v >= 0 else np.exp(v) / (1 + np.exp(v)))
    return np.array(out)
''',
    ],
    "neuron_forward": [
        # the bias added after the activation
        '''def neuron_forward(X, w, b, activation):
    return activation(X @ w) + b
''',
        # X transposed: (D, N) @ (D,) only works when N == D
        '''def neuron_forward(X, w, b, activation):
    return activation(X.T @ w + b)
''',
        # a column (N, 1) instead of a vector (N,)
        '''def neuron_forward(X, w, b, activation):
    return activation(X @ w.reshape(-1, 1) + b)
''',
        # squeeze() of a column: right for N > 1, a 0-d result for a batch of one (hidden test)
        '''def neuron_forward(X, w, b, activation):
    return activation(np.squeeze(X @ w[:, None]) + b)
''',
    ],
    "count_parameters": [
        # weights only
        '''def count_parameters(sizes):
    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
''',
        # a bias for the input units too
        '''def count_parameters(sizes):
    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:])) + sum(sizes)
''',
        # one bias per *input* of each layer
        '''def count_parameters(sizes):
    return sum(a * b + a for a, b in zip(sizes[:-1], sizes[1:]))
''',
    ],
    "collapse_linear": [
        # the biases simply added
        '''def collapse_linear(W1, b1, W2, b2):
    return W1 @ W2, b1 + b2
''',
        # column-vector habit: W2 @ W1 (fails on shapes, or silently on square layers)
        '''def collapse_linear(W1, b1, W2, b2):
    return W2 @ W1, b1 @ W2 + b2
''',
        # the first bias forgotten
        '''def collapse_linear(W1, b1, W2, b2):
    return W1 @ W2, b2
''',
    ],
    "xor_network": [
        # no real hidden layer: y = x1 + x2 is OR-like and gives 2 for (1, 1)
        '''def xor_network():
    return np.eye(2), np.zeros(2), np.array([1.0, 1.0]), 0.0
''',
        # AND instead of XOR
        '''def xor_network():
    return np.array([[1.0], [1.0]]), np.array([-1.0]), np.array([1.0]), 0.0
''',
        # the right idea with the wrong output weight (-1 instead of -2)
        '''def xor_network():
    W1 = np.ones((2, 2))
    return W1, np.array([0.0, -1.0]), np.array([1.0, -1.0]), 0.0
''',
        # w2 as a column (H, 1): outputs of shape (4, 1)
        '''def xor_network():
    W1 = np.ones((2, 2))
    return W1, np.array([0.0, -1.0]), np.array([[1.0], [-2.0]]), 0.0
''',
    ],
}
