"""Plausible wrong answers for solutions/05_regularization/05_regularization.ipynb; each must lose points.

MUTANTS maps the grade_id of each answer cell to a list of full replacement sources for that
cell (see docs/GRADING.md, "Mutants"); round k of tests/grading grades the k-th mutant of every
exercise together.
"""

MUTANTS = {
    "l2_penalty": [
        # conventions mixed: the penalty without 1/2, the gradient of the penalty with 1/2
        '''def l2_penalty(w, lam):
    w = np.asarray(w, dtype=float)
    return float(lam * np.sum(w ** 2)), lam * w
''',
        # the other mix: a penalty with 1/2 next to the gradient 2 lam w
        '''def l2_penalty(w, lam):
    w = np.asarray(w, dtype=float)
    return float(0.5 * lam * np.sum(w ** 2)), 2 * lam * w
''',
        # the gradient computed in place: right numbers, but the caller's w is overwritten
        '''def l2_penalty(w, lam):
    penalty = float(lam * np.sum(w ** 2))
    w *= 2 * lam
    return penalty, w
''',
    ],
    "l2_penalty_of": [
        # the bug left in: biases and batch-norm parameters are penalised too
        '''def l2_penalty_of(params, lam):
    penalty = sum(lam * np.sum(p.value ** 2) for p in params)
    return float(penalty), [2 * lam * p.value for p in params]
''',
        # weights recognised by their shape (2-D) instead of the decay flag
        '''def l2_penalty_of(params, lam):
    penalty = sum(lam * np.sum(p.value ** 2) for p in params if p.value.ndim > 1)
    grads = [2 * lam * p.value if p.value.ndim > 1 else np.zeros_like(p.value) for p in params]
    return float(penalty), grads
''',
        # gradients only for the decayed parameters: the list no longer lines up with params
        '''def l2_penalty_of(params, lam):
    penalty = sum(lam * np.sum(p.value ** 2) for p in params if p.decay)
    return float(penalty), [2 * lam * p.value for p in params if p.decay]
''',
    ],
    "l1_penalty": [
        # sign written as w / |w|: 0 / 0 = nan with a RuntimeWarning at w = 0
        '''def l1_penalty(w, lam):
    w = np.asarray(w, dtype=float)
    return float(lam * np.sum(np.abs(w))), lam * w / np.abs(w)
''',
        # sign(0) taken as +1
        '''def l1_penalty(w, lam):
    w = np.asarray(w, dtype=float)
    return float(lam * np.sum(np.abs(w))), np.where(w >= 0, lam, -lam)
''',
        # the absolute value forgotten in the penalty
        '''def l1_penalty(w, lam):
    w = np.asarray(w, dtype=float)
    return float(lam * np.sum(w)), lam * np.sign(w)
''',
    ],
    "ridge": [
        # the bug left in: Y^T X instead of X^T Y (runs when k = d, right only for a 1-D y)
        '''def ridge(X, Y, lam):
    return np.linalg.inv(X.T @ X + lam * np.eye(X.shape[1])) @ (Y.T @ X)
''',
        # lam added to every entry of X^T X instead of its diagonal
        '''def ridge(X, Y, lam):
    return np.linalg.solve(X.T @ X + lam, X.T @ Y)
''',
        # the right formula through the explicit inverse: digits lost when ill-conditioned
        '''def ridge(X, Y, lam):
    return np.linalg.inv(X.T @ X + lam * np.eye(X.shape[1])) @ (X.T @ Y)
''',
        # lam forgotten: plain least squares (singular when d > N)
        '''def ridge(X, Y, lam):
    return np.linalg.solve(X.T @ X, X.T @ Y)
''',
    ],
    "early_stopping": [
        # patience ignored for the best epoch: the minimum of the whole curve, seen or not
        '''def early_stopping(val_losses, patience):
    best_loss, best = np.inf, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_loss, best = loss, epoch
        if epoch - best >= patience:
            return int(np.argmin(val_losses)), epoch
    return best, len(val_losses) - 1
''',
        # a tie counts as an improvement (<=): the last of equal losses, and a later stop
        '''def early_stopping(val_losses, patience):
    best_loss, best = np.inf, 0
    for epoch, loss in enumerate(val_losses):
        if loss <= best_loss:
            best_loss, best = loss, epoch
        if epoch - best >= patience:
            return best, epoch
    return best, len(val_losses) - 1
''',
        # off by one: waits for more than patience epochs without improvement
        '''def early_stopping(val_losses, patience):
    best_loss, best = np.inf, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_loss, best = loss, epoch
        if epoch - best > patience:
            return best, epoch
    return best, len(val_losses) - 1
''',
        # epochs counted from 1
        '''def early_stopping(val_losses, patience):
    best_loss, best = np.inf, 1
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best = loss, epoch
        if epoch - best >= patience:
            return best, epoch
    return best, len(val_losses)
''',
    ],
}
