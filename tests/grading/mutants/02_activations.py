"""Plausible wrong answers for solutions/02_activations/02_activations.ipynb; each must lose points.

MUTANTS maps the grade_id of each answer cell to a list of full replacement sources for that
cell (see docs/GRADING.md, "Mutants"); round k of tests/grading grades the k-th mutant of every
exercise together.
"""

MUTANTS = {
    "relu_backward": [
        # x >= 0: the subgradient 1 at the kink
        '''def relu_backward(dout, x):
    return dout * (x >= 0)
''',
        # the mask returned as the gradient: dout ignored
        '''def relu_backward(dout, x):
    return (x > 0).astype(float)
''',
        # in place: zeroes the caller's dout (right values otherwise; hidden test)
        '''def relu_backward(dout, x):
    dout[x <= 0] = 0.0
    return dout
''',
        # multiplied by the output relu(x) instead of the 0/1 mask
        '''def relu_backward(dout, x):
    return dout * np.maximum(x, 0.0)
''',
    ],
    "sigmoid_grad": [
        # sigma itself instead of its derivative
        '''def sigmoid_grad(z):
    return cnn.functional.sigmoid(np.asarray(z, dtype=float))
''',
        # the textbook sigmoid: exp(1000) overflows with a RuntimeWarning
        '''def sigmoid_grad(z):
    s = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    return s * (1 - s)
''',
        # tanh's derivative pattern 1 - s**2 applied to the sigmoid
        '''def sigmoid_grad(z):
    s = cnn.functional.sigmoid(np.asarray(z, dtype=float))
    return 1 - s ** 2
''',
        # exp(-z) / (1 + exp(-z))**2: right in the middle, inf / inf = nan for z = -1000
        '''def sigmoid_grad(z):
    e = np.exp(-np.asarray(z, dtype=float))
    return e / (1 + e) ** 2
''',
    ],
    "tanh_from_sigmoid": [
        # the inner 2 forgotten: 2 sigma(x) - 1 is tanh(x / 2)
        '''def tanh_from_sigmoid(x):
    s = cnn.functional.sigmoid(np.asarray(x, dtype=float))
    return 2 * s - 1, 2 * s * (1 - s)
''',
        # the chain-rule factor of the inner 2x dropped: derivative half as large
        '''def tanh_from_sigmoid(x):
    s = cnn.functional.sigmoid(2 * np.asarray(x, dtype=float))
    return 2 * s - 1, 2 * s * (1 - s)
''',
        # 1 - t instead of 1 - t**2
        '''def tanh_from_sigmoid(x):
    s = cnn.functional.sigmoid(2 * np.asarray(x, dtype=float))
    t = 2 * s - 1
    return t, 1 - t
''',
        # the exponential definition typed in: inf / inf = nan for |x| = 1000
        '''def tanh_from_sigmoid(x):
    x = np.asarray(x, dtype=float)
    t = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    return t, 1 - t ** 2
''',
    ],
    "prelu_backward": [
        # ReLU's backward for dx: nothing passes on the negative side
        '''def prelu_backward(dout, x, alpha):
    negative = x <= 0
    return np.where(negative, 0.0, dout), float(np.sum(dout * x * negative))
''',
        # dalpha without the factor x: the count-weighted dout of the negative side
        '''def prelu_backward(dout, x, alpha):
    negative = x <= 0
    return np.where(negative, alpha * dout, dout), float(np.sum(dout * negative))
''',
        # dalpha as a mean over the elements instead of a sum (a shared parameter's gradients add)
        '''def prelu_backward(dout, x, alpha):
    negative = x <= 0
    return np.where(negative, alpha * dout, dout), float(np.mean(dout * x * negative))
''',
        # alpha * x on the negative side: the forward value, not the derivative times dout
        '''def prelu_backward(dout, x, alpha):
    negative = x <= 0
    return np.where(negative, alpha * x, dout), float(np.sum(dout * x * negative))
''',
    ],
    "dead_fraction": [
        # the share of zero outputs (unit-example pairs), not of units
        '''def dead_fraction(net, X):
    fractions, h = [], X
    for m in net:
        h = m(h)
        if isinstance(m, cnn.ReLU):
            fractions.append(float(np.mean(h == 0)))
    return fractions
''',
        # any() over the wrong axis: examples on which no unit fires
        '''def dead_fraction(net, X):
    fractions, h = [], X
    for m in net:
        h = m(h)
        if isinstance(m, cnn.ReLU):
            fractions.append(float(np.mean(~(h > 0).any(axis=1))))
    return fractions
''',
        # units silent on *some* example counted as dead (all() instead of any())
        '''def dead_fraction(net, X):
    fractions, h = [], X
    for m in net:
        h = m(h)
        if isinstance(m, cnn.ReLU):
            fractions.append(float(np.mean(~(h > 0).all(axis=0))))
    return fractions
''',
        # one number pooled over all ReLU layers instead of one per layer
        '''def dead_fraction(net, X):
    dead, units, h = 0, 0, X
    for m in net:
        h = m(h)
        if isinstance(m, cnn.ReLU):
            dead += int(np.sum(~(h > 0).any(axis=0)))
            units += h.shape[1]
    return dead / units
''',
    ],
}
