"""Plausible wrong answers for solutions/09_optimizers/09_optimizers.ipynb; each must lose points.

MUTANTS maps the grade_id of each answer cell to a list of full replacement sources for that
cell (see docs/GRADING.md, "Mutants"); round k of tests/grading grades the k-th mutant of every
exercise together.
"""

MUTANTS = {
    "momentum_step": [
        # an exponential moving average (1 - mu) g: steps ten times too small for mu = 0.9
        '''def momentum_step(w, g, b, lr, mu):
    b = mu * b + (1 - mu) * g
    return w - lr * b, b
''',
        # the weights moved with the old velocity, updated afterwards
        '''def momentum_step(w, g, b, lr, mu):
    return w - lr * b, mu * b + g
''',
        # two conventions mixed: v = mu v - lr g from one text, w -= lr v from the other
        '''def momentum_step(w, g, b, lr, mu):
    b = mu * b - lr * g
    return w - lr * b, b
''',
        # right values, but the caller's velocity and weights are overwritten in place
        '''def momentum_step(w, g, b, lr, mu):
    b *= mu
    b += g
    w -= lr * b
    return w, b
''',
    ],
    "adam_step": [
        # off by one: the bias correction uses t + 1
        '''def adam_step(w, g, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    state["step"] += 1
    t = state["step"] + 1
    state["m"] = beta1 * state["m"] + (1 - beta1) * g
    state["v"] = beta2 * state["v"] + (1 - beta2) * g ** 2
    m_hat = state["m"] / (1 - beta1 ** t)
    v_hat = state["v"] / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps)
''',
        # no bias correction
        '''def adam_step(w, g, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    state["step"] += 1
    state["m"] = beta1 * state["m"] + (1 - beta1) * g
    state["v"] = beta2 * state["v"] + (1 - beta2) * g ** 2
    return w - lr * state["m"] / (np.sqrt(state["v"]) + eps)
''',
        # the square root missing: divides by v_hat
        '''def adam_step(w, g, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    state["step"] += 1
    t = state["step"]
    state["m"] = beta1 * state["m"] + (1 - beta1) * g
    state["v"] = beta2 * state["v"] + (1 - beta2) * g ** 2
    m_hat = state["m"] / (1 - beta1 ** t)
    v_hat = state["v"] / (1 - beta2 ** t)
    return w - lr * m_hat / (v_hat + eps)
''',
        # eps inside the square root: only tiny gradients (hidden test) tell
        '''def adam_step(w, g, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    state["step"] += 1
    t = state["step"]
    state["m"] = beta1 * state["m"] + (1 - beta1) * g
    state["v"] = beta2 * state["v"] + (1 - beta2) * g ** 2
    m_hat = state["m"] / (1 - beta1 ** t)
    v_hat = state["v"] / (1 - beta2 ** t)
    return w - lr * m_hat / np.sqrt(v_hat + eps)
''',
    ],
    "adagrad_step": [
        # the bug left in: divides by the sum of squares, not its square root
        '''def adagrad_step(w, g, G, lr, eps=1e-10):
    G = G + g ** 2
    return w - lr * g / (G + eps), G
''',
        # eps inside the square root: only tiny gradients (hidden test) tell
        '''def adagrad_step(w, g, G, lr, eps=1e-10):
    G = G + g ** 2
    return w - lr * g / np.sqrt(G + eps), G
''',
        # the squared gradients not accumulated: G = g**2 (sign descent)
        '''def adagrad_step(w, g, G, lr, eps=1e-10):
    G = g ** 2
    return w - lr * g / (np.sqrt(G) + eps), G
''',
        # the step taken with the old G, before adding g**2 (the first step divides by eps)
        '''def adagrad_step(w, g, G, lr, eps=1e-10):
    return w - lr * g / (np.sqrt(G) + eps), G + g ** 2
''',
    ],
    "inverse_time_lrs": [
        # the bug left in: the rate divided again every epoch (compounds)
        '''def inverse_time_lrs(lr0, k, epochs):
    lrs, lr = [], lr0
    for epoch in range(epochs):
        lrs.append(lr)
        lr /= (1 + k * epoch)
    return np.array(lrs)
''',
        # off by one: epoch 0 already decayed
        '''def inverse_time_lrs(lr0, k, epochs):
    return lr0 / (1 + k * np.arange(1, epochs + 1))
''',
        # exponential decay by the factor 1 / (1 + k) instead of 1 / t
        '''def inverse_time_lrs(lr0, k, epochs):
    return lr0 / (1 + k) ** np.arange(epochs)
''',
    ],
    "minibatches": [
        # the bug left in: batch_size batches instead of batches of batch_size
        '''def minibatches(n, batch_size, rng):
    return np.array_split(rng.permutation(n), batch_size)
''',
        # never shuffled: the same order every epoch
        '''def minibatches(n, batch_size, rng):
    order = np.arange(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]
''',
        # a fixed generator of its own: shuffled once, then the same order every epoch
        '''def minibatches(n, batch_size, rng):
    order = np.random.default_rng(1).permutation(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]
''',
        # the last, smaller batch dropped
        '''def minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[i:i + batch_size] for i in range(0, n - batch_size + 1, batch_size)]
''',
    ],
}
