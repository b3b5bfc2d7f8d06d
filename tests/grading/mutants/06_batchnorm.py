"""Plausible wrong answers for solutions/06_batchnorm/06_batchnorm.ipynb; each must lose points.

MUTANTS maps the grade_id of each answer cell to a list of full replacement sources for that
cell (see docs/GRADING.md, "Mutants").
"""

MUTANTS = {
    "batchnorm_forward": [
        # the unbiased variance (N - 1) used to normalize
        '''def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=0)
    var = x.var(axis=0, ddof=1)
    sigma = np.sqrt(var + eps)
    x_hat = (x - mean) / sigma
    return gamma * x_hat + beta, {"mean": mean, "var": var, "sigma": sigma, "x_hat": x_hat}
''',
        # eps outside the square root
        '''def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=0)
    var = x.var(axis=0)
    sigma = np.sqrt(var) + eps
    x_hat = (x - mean) / sigma
    return gamma * x_hat + beta, {"mean": mean, "var": var, "sigma": sigma, "x_hat": x_hat}
''',
        # one mean and variance for the whole batch instead of one per feature
        '''def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean()
    var = x.var()
    sigma = np.sqrt(var + eps)
    x_hat = (x - mean) / sigma
    return gamma * x_hat + beta, {"mean": mean, "var": var, "sigma": sigma, "x_hat": x_hat}
''',
        # in place on the caller's x: right numbers, but x is destroyed (hidden test)
        '''def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=0)
    var = x.var(axis=0)
    sigma = np.sqrt(var + eps)
    x -= mean
    x /= sigma
    return gamma * x + beta, {"mean": mean, "var": var, "sigma": sigma, "x_hat": x}
''',
    ],
    "batchnorm_backward": [
        # the x_hat * sum(dy * x_hat) term (sigma's dependence on x) forgotten
        '''def batchnorm_backward(dy, x_hat, gamma, sigma):
    n = dy.shape[0]
    dbeta = dy.sum(axis=0)
    dgamma = (dy * x_hat).sum(axis=0)
    dx = gamma / (n * sigma) * (n * dy - dbeta)
    return dx, dgamma, dbeta
''',
        # N - 1 instead of N
        '''def batchnorm_backward(dy, x_hat, gamma, sigma):
    n = dy.shape[0] - 1
    dbeta = dy.sum(axis=0)
    dgamma = (dy * x_hat).sum(axis=0)
    dx = gamma / (n * sigma) * (n * dy - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
''',
        # a scalar gamma in mind: dgamma and dbeta summed over everything
        '''def batchnorm_backward(dy, x_hat, gamma, sigma):
    n = dy.shape[0]
    dbeta = dy.sum(axis=0)
    dgamma = (dy * x_hat).sum(axis=0)
    dx = gamma / (n * sigma) * (n * dy - dbeta - x_hat * dgamma)
    return dx, dgamma.sum(), dbeta.sum()
''',
        # gamma left out of dx (the gradient of x_hat, not of x)
        '''def batchnorm_backward(dy, x_hat, gamma, sigma):
    n = dy.shape[0]
    dbeta = dy.sum(axis=0)
    dgamma = (dy * x_hat).sum(axis=0)
    dx = 1.0 / (n * sigma) * (n * dy - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
''',
    ],
    "batchnorm_eval": [
        # the tutorial's bug: no eps (division by zero for a zero running variance)
        '''def batchnorm_eval(x, gamma, beta, running_mean, running_var, eps=1e-5):
    return gamma * (x - running_mean) / np.sqrt(running_var) + beta
''',
        # eps added after the square root
        '''def batchnorm_eval(x, gamma, beta, running_mean, running_var, eps=1e-5):
    return gamma * (x - running_mean) / (np.sqrt(running_var) + eps) + beta
''',
        # the batch's statistics in eval mode (as training mode)
        '''def batchnorm_eval(x, gamma, beta, running_mean, running_var, eps=1e-5):
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta
''',
        # divides by the variance instead of the standard deviation
        '''def batchnorm_eval(x, gamma, beta, running_mean, running_var, eps=1e-5):
    return gamma * (x - running_mean) / (running_var + eps) + beta
''',
    ],
    "update_running_stats": [
        # Keras's convention: momentum weighs the old average
        '''def update_running_stats(running_mean, running_var, x, momentum=0.1):
    n = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)
    return momentum * running_mean + (1 - momentum) * mean, momentum * running_var + (1 - momentum) * var
''',
        # the biased batch variance in the running average
        '''def update_running_stats(running_mean, running_var, x, momentum=0.1):
    mean, var = x.mean(axis=0), x.var(axis=0)
    return (1 - momentum) * running_mean + momentum * mean, (1 - momentum) * running_var + momentum * var
''',
        # updates the caller's arrays in place (as a layer would): right values, inputs changed
        '''def update_running_stats(running_mean, running_var, x, momentum=0.1):
    running_mean *= 1 - momentum
    running_mean += momentum * x.mean(axis=0)
    running_var *= 1 - momentum
    running_var += momentum * x.var(axis=0, ddof=1)
    return running_mean, running_var
''',
    ],
    "eval_gain": [
        # start_var ignored: the running variance starts at 1 whatever is asked
        '''def eval_gain(t, start_var):
    bn = cnn.BatchNorm1d(1)
    for _ in range(t):
        bn(np.array([[-1.0], [0.0], [1.0]]))
    return float(bn.eval()(np.array([[1.0]]))[0, 0])
''',
        # off by one: t + 1 training steps
        '''def eval_gain(t, start_var):
    bn = cnn.BatchNorm1d(1)
    bn.running_var[:] = start_var
    for _ in range(t + 1):
        bn(np.array([[-1.0], [0.0], [1.0]]))
    return float(bn.eval()(np.array([[1.0]]))[0, 0])
''',
        # eval mode forgotten: training mode refuses a batch of one
        '''def eval_gain(t, start_var):
    bn = cnn.BatchNorm1d(1)
    bn.running_var[:] = start_var
    for _ in range(t):
        bn(np.array([[-1.0], [0.0], [1.0]]))
    return float(bn(np.array([[1.0]]))[0, 0])
''',
        # computed with eps dropped: 1 / sqrt(running_var), infinite at t = 0
        '''def eval_gain(t, start_var):
    v = 0.9 ** t * start_var + (1 - 0.9 ** t)
    return float(1 / np.sqrt(v)) if v > 0 else float("inf")
''',
    ],
}
