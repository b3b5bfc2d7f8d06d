"""Plausible wrong answers for solutions/03_losses/03_losses.ipynb; each must lose points.

MUTANTS maps the grade_id of each answer cell to a list of full replacement sources for that
cell (see docs/GRADING.md, "Mutants"); round k of tests/grading grades the k-th mutant of every
exercise together.
"""

MUTANTS = {
    "softmax_cross_entropy": [
        # no max shift: exp(1000) overflows (RuntimeWarning, then nan)
        '''def softmax_cross_entropy(logits, y):
    logits = np.asarray(logits, dtype=float)
    n, rows = logits.shape[0], np.arange(logits.shape[0])
    lse = np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    log_q = logits - lse
    grad = np.exp(log_q)
    grad[rows, y] -= 1.0
    return float(-np.mean(log_q[rows, y])), grad / n
''',
        # the gradient of the summed loss: no division by N (right only for a batch of one)
        '''def softmax_cross_entropy(logits, y):
    logits = np.asarray(logits, dtype=float)
    rows = np.arange(logits.shape[0])
    m = logits.max(axis=1, keepdims=True)
    log_q = logits - m - np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True))
    grad = np.exp(log_q)
    grad[rows, y] -= 1.0
    return float(-np.mean(log_q[rows, y])), grad
''',
        # a stable softmax, then log of its probabilities: log(e^-1000 = 0) = -inf
        '''def softmax_cross_entropy(logits, y):
    logits = np.asarray(logits, dtype=float)
    n, rows = logits.shape[0], np.arange(logits.shape[0])
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    q = e / e.sum(axis=1, keepdims=True)
    grad = q.copy()
    grad[rows, y] -= 1.0
    return float(-np.mean(np.log(q[rows, y]))), grad / n
''',
        # one shift for the whole batch: a row far below the maximum underflows to log(0)
        '''def softmax_cross_entropy(logits, y):
    logits = np.asarray(logits, dtype=float)
    n, rows = logits.shape[0], np.arange(logits.shape[0])
    m = logits.max()
    log_q = logits - m - np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True))
    grad = np.exp(log_q)
    grad[rows, y] -= 1.0
    return float(-np.mean(log_q[rows, y])), grad / n
''',
    ],
    "bce_with_logits": [
        # the textbook formula on p = sigmoid(z): log(1 - p) = log(0) for z = 800
        '''def bce_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    p = cnn.functional.sigmoid(z)
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    return float(loss), (p - y) / z.size
''',
        # |z| forgotten in the exponent: exp(800) overflows and the loss is wrong for z < 0
        '''def bce_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    per_element = np.maximum(z, 0) - z * y + np.log1p(np.exp(-z))
    return float(per_element.mean()), (cnn.functional.sigmoid(z) - y) / z.size
''',
        # gradient of the sum, not of the mean
        '''def bce_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    per_element = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(per_element.mean()), cnn.functional.sigmoid(z) - y
''',
        # a sigma'(z) factor kept in the gradient, as under MSE
        '''def bce_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    per_element = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    s = cnn.functional.sigmoid(z)
    return float(per_element.mean()), (s - y) * s * (1 - s) / z.size
''',
    ],
    "multiclass_svm_loss": [
        # the true class left in the sum: each example pays an extra margin
        '''def multiclass_svm_loss(scores, y, margin=1.0):
    scores = np.asarray(scores, dtype=float)
    n, rows = scores.shape[0], np.arange(scores.shape[0])
    terms = np.maximum(0.0, scores - scores[rows, y][:, None] + margin)
    active = (terms > 0).astype(float)
    active[rows, y] -= active.sum(axis=1)
    return float(terms.sum() / n), active / n
''',
        # PyTorch's form (divided by C) where the sum form was asked for
        '''def multiclass_svm_loss(scores, y, margin=1.0):
    scores = np.asarray(scores, dtype=float)
    (n, c), rows = scores.shape, np.arange(scores.shape[0])
    terms = np.maximum(0.0, scores - scores[rows, y][:, None] + margin)
    terms[rows, y] = 0.0
    active = (terms > 0).astype(float)
    active[rows, y] = -active.sum(axis=1)
    return float(terms.sum() / (n * c)), active / (n * c)
''',
        # the true class's gradient forgotten: only the +1 of each active term
        '''def multiclass_svm_loss(scores, y, margin=1.0):
    scores = np.asarray(scores, dtype=float)
    n, rows = scores.shape[0], np.arange(scores.shape[0])
    terms = np.maximum(0.0, scores - scores[rows, y][:, None] + margin)
    terms[rows, y] = 0.0
    return float(terms.sum() / n), (terms > 0).astype(float) / n
''',
        # the margin hard-coded to 1 (passes every test with the default margin)
        '''def multiclass_svm_loss(scores, y, margin=1.0):
    scores = np.asarray(scores, dtype=float)
    n, rows = scores.shape[0], np.arange(scores.shape[0])
    terms = np.maximum(0.0, scores - scores[rows, y][:, None] + 1.0)
    terms[rows, y] = 0.0
    active = (terms > 0).astype(float)
    active[rows, y] = -active.sum(axis=1)
    return float(terms.sum() / n), active / n
''',
    ],
    "half_mse": [
        # the original bug: the inner derivative -1 forgotten
        '''def half_mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    n = len(y_hat)
    return float(0.5 * np.sum((y - y_hat) ** 2) / n), (y - y_hat) / n
''',
        # the gradient of the unhalved MSE (cnn.MSELoss's convention) with the halved loss
        '''def half_mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    n = len(y_hat)
    diff = y_hat - y
    return float(0.5 * np.sum(diff ** 2) / n), 2 * diff / n
''',
        # the 1/N dropped from the gradient
        '''def half_mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    diff = y_hat - y
    return float(0.5 * np.sum(diff ** 2) / len(y_hat)), diff
''',
        # N taken as the number of elements: right for 1-D batches only (hidden test)
        '''def half_mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    n = y_hat.size
    diff = y_hat - y
    return float(0.5 * np.sum(diff ** 2) / n), diff / n
''',
    ],
    "nll": [
        # the bug left in: log base 10
        '''def nll(probs, y):
    probs = np.asarray(probs, dtype=float)
    p_true = probs[np.arange(len(y)), y]
    return float(-np.mean(np.log10(np.maximum(p_true, 1e-12))))
''',
        # the sum over the batch instead of the mean (right for one example only)
        '''def nll(probs, y):
    probs = np.asarray(probs, dtype=float)
    p_true = probs[np.arange(len(y)), y]
    return float(-np.sum(np.log(np.maximum(p_true, 1e-12))))
''',
        # probs[:, y] picks an (N, N) block, not one entry per row (same answer when N = 1 or
        # all labels agree)
        '''def nll(probs, y):
    probs = np.asarray(probs, dtype=float)
    return float(-np.mean(np.log(np.maximum(probs[:, y], 1e-12))))
''',
        # no floor: log(0) = -inf with a RuntimeWarning
        '''def nll(probs, y):
    probs = np.asarray(probs, dtype=float)
    return float(-np.mean(np.log(probs[np.arange(len(y)), y])))
''',
    ],
}
