"""Plausible wrong answers for solutions/04_backprop/04_backprop.ipynb; each must lose points.

MUTANTS maps the grade_id of each answer cell to a list of full replacement sources for that
cell (see docs/GRADING.md, "Mutants"); round k of tests/grading grades the k-th mutant of every
exercise together.
"""

MUTANTS = {
    "linear_backward": [
        # the bug left in: X @ dY (a shape error unless N == in == out)
        '''def linear_backward(dY, X, W):
    return dY @ W.T, X @ dY, dY.sum(axis=0)
''',
        # the transpose of the right dW: shape (out, in)
        '''def linear_backward(dY, X, W):
    return dY @ W.T, dY.T @ X, dY.sum(axis=0)
''',
        # db summed over the wrong axis: one number per example
        '''def linear_backward(dY, X, W):
    return dY @ W.T, X.T @ dY, dY.sum(axis=1)
''',
        # the transpose missing in dX instead: dY @ W (runs for square W only)
        '''def linear_backward(dY, X, W):
    return dY @ W, X.T @ dY, dY.sum(axis=0)
''',
    ],
    "two_layer_backward": [
        # the layers' caches mixed up: dW2 from the network's input X instead of H
        '''def two_layer_backward(X, y, W1, b1, W2, b2):
    n, rows = X.shape[0], np.arange(X.shape[0])
    Z1 = X @ W1 + b1
    H = np.maximum(Z1, 0.0)
    log_q = cnn.functional.log_softmax(H @ W2 + b2)
    dS = np.exp(log_q)
    dS[rows, y] -= 1.0
    dS /= n
    dZ1 = (dS @ W2.T) * (Z1 > 0)
    grads = {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": X.T @ dS, "b2": dS.sum(axis=0)}
    return float(-np.mean(log_q[rows, y])), grads
''',
        # the ReLU's backward forgotten: the gradient passes where the unit was off
        '''def two_layer_backward(X, y, W1, b1, W2, b2):
    n, rows = X.shape[0], np.arange(X.shape[0])
    Z1 = X @ W1 + b1
    H = np.maximum(Z1, 0.0)
    log_q = cnn.functional.log_softmax(H @ W2 + b2)
    dS = np.exp(log_q)
    dS[rows, y] -= 1.0
    dS /= n
    dZ1 = dS @ W2.T
    grads = {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dS, "b2": dS.sum(axis=0)}
    return float(-np.mean(log_q[rows, y])), grads
''',
        # dS not divided by N: the gradients of the summed loss
        '''def two_layer_backward(X, y, W1, b1, W2, b2):
    n, rows = X.shape[0], np.arange(X.shape[0])
    Z1 = X @ W1 + b1
    H = np.maximum(Z1, 0.0)
    log_q = cnn.functional.log_softmax(H @ W2 + b2)
    dS = np.exp(log_q)
    dS[rows, y] -= 1.0
    dZ1 = (dS @ W2.T) * (Z1 > 0)
    grads = {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dS, "b2": dS.sum(axis=0)}
    return float(-np.mean(log_q[rows, y])), grads
''',
        # the one-hot forgotten: dS = softmax / N
        '''def two_layer_backward(X, y, W1, b1, W2, b2):
    n, rows = X.shape[0], np.arange(X.shape[0])
    Z1 = X @ W1 + b1
    H = np.maximum(Z1, 0.0)
    log_q = cnn.functional.log_softmax(H @ W2 + b2)
    dS = np.exp(log_q) / n
    dZ1 = (dS @ W2.T) * (Z1 > 0)
    grads = {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dS, "b2": dS.sum(axis=0)}
    return float(-np.mean(log_q[rows, y])), grads
''',
    ],
    "numerical_gradient": [
        # one-sided difference: error of order h
        '''def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    f0 = f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f(x) - f0) / h
        x[i] = old
    return grad
''',
        # divided by h instead of 2h: every entry twice too large
        '''def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / h
    return grad
''',
        # a loop over len(x): for a 2-D x, x[i] is a whole row, perturbed at once
        '''def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(len(x)):
        old = x[i].copy()
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
''',
        # no float copy: an integer x cannot hold x + h, so the gradient comes out 0
        '''def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
''',
    ],
    "relative_error": [
        # an element-wise relative error: 0 / 0 for entries that are zero in both
        '''def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))))
''',
        # vector norms instead of maxima: ||a - b|| / (||a|| + ||b||), another scale
        '''def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)
''',
        # no guard for two zero arrays: 0 / 0 = nan with a RuntimeWarning
        '''def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(a) + np.abs(b)))
''',
        # |a + b| in the denominator: fine for equal signs, wrong when a sign flips (hidden test)
        '''def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.max(np.abs(a + b))
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b)) / scale)
''',
    ],
    "f_and_grads": [
        # only the path through the sigmoid: the direct path through v = x + y forgotten
        '''def f_and_grads(x, y):
    s = float(cnn.functional.sigmoid(x * y))
    v = x + y
    return s * v, v * s * (1 - s) * y, v * s * (1 - s) * x
''',
        # sigma'(u) taken as sigma(u)
        '''def f_and_grads(x, y):
    s = float(cnn.functional.sigmoid(x * y))
    v = x + y
    return s * v, v * s * y + s, v * s * x + s
''',
        # the inner derivative of u = x y dropped
        '''def f_and_grads(x, y):
    s = float(cnn.functional.sigmoid(x * y))
    v = x + y
    return s * v, v * s * (1 - s) + s, v * s * (1 - s) + s
''',
        # a naive sigmoid: math.exp(900) overflows for x y = -900 (hidden test)
        '''import math


def f_and_grads(x, y):
    s = 1 / (1 + math.exp(-x * y))
    v = x + y
    return s * v, v * s * (1 - s) * y + s, v * s * (1 - s) * x + s
''',
    ],
    "first_to_last_ratio": [
        # the ratio the other way up: last over first
        '''def first_to_last_ratio(net, X, y):
    loss_fn = cnn.CrossEntropyLoss()
    loss_fn(net(X), y)
    net.zero_grad()
    net.backward(loss_fn.backward())
    linears = [m for m in net if isinstance(m, cnn.Linear)]
    return float(np.linalg.norm(linears[-1].weight.grad) / np.linalg.norm(linears[0].weight.grad))
''',
        # no zero_grad: gradients of earlier passes are added in
        '''def first_to_last_ratio(net, X, y):
    loss_fn = cnn.CrossEntropyLoss()
    loss_fn(net(X), y)
    net.backward(loss_fn.backward())
    linears = [m for m in net if isinstance(m, cnn.Linear)]
    return float(np.linalg.norm(linears[0].weight.grad) / np.linalg.norm(linears[-1].weight.grad))
''',
        # the last *parameter* is the last layer's bias, not its weight
        '''def first_to_last_ratio(net, X, y):
    loss_fn = cnn.CrossEntropyLoss()
    loss_fn(net(X), y)
    net.zero_grad()
    net.backward(loss_fn.backward())
    params = net.parameters()
    return float(np.linalg.norm(params[0].grad) / np.linalg.norm(params[-1].grad))
''',
        # the sum of absolute values (an L1 norm) instead of the Euclidean norm
        '''def first_to_last_ratio(net, X, y):
    loss_fn = cnn.CrossEntropyLoss()
    loss_fn(net(X), y)
    net.zero_grad()
    net.backward(loss_fn.backward())
    linears = [m for m in net if isinstance(m, cnn.Linear)]
    return float(np.abs(linears[0].weight.grad).sum() / np.abs(linears[-1].weight.grad).sum())
''',
    ],
}
