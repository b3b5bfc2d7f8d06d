"""Plausible wrong answers for solutions/07_dropout/07_dropout.ipynb; each must lose points.

MUTANTS maps the grade_id of each answer cell to a list of full replacement sources for that
cell (see docs/GRADING.md, "Mutants").
"""

_LAYER_HEAD = '''class MyDropout(cnn.Module):
    def __init__(self, p=0.5, rng=None):
        super().__init__()
        self.p = p
        self.rng = np.random.default_rng(rng)
        self.mask = None
'''

MUTANTS = {
    "dropout_forward": [
        # the 1/(1-p) scale forgotten: the mean shrinks to (1 - p) x
        '''def dropout_forward(x, p, rng):
    mask = (rng.random(x.shape) >= p).astype(float)
    return x * mask, mask
''',
        # p used as the keep probability (the paper's convention in PyTorch's code)
        '''def dropout_forward(x, p, rng):
    mask = (rng.random(x.shape) < p) / p
    return x * mask, mask
''',
        # scaled by (1 - p) instead of divided by it
        '''def dropout_forward(x, p, rng):
    mask = (rng.random(x.shape) >= p) * (1 - p)
    return x * mask, mask
''',
        # the mask returned without its scale (backward would then miss the 1/(1-p))
        '''def dropout_forward(x, p, rng):
    keep = rng.random(x.shape) >= p
    return x * keep / (1 - p), keep.astype(float)
''',
    ],
    "my_dropout": [
        # a new mask drawn in backward
        _LAYER_HEAD + '''
    def forward(self, x):
        if not self.training:
            return x
        self.mask = (self.rng.random(x.shape) >= self.p) / (1 - self.p)
        return x * self.mask

    def backward(self, dout):
        if not self.training:
            return dout
        return dout * (self.rng.random(dout.shape) >= self.p) / (1 - self.p)
''',
        # eval mode scales by the keep probability on top of inverted dropout
        _LAYER_HEAD + '''
    def forward(self, x):
        if not self.training:
            self.mask = None
            return x * (1 - self.p)
        self.mask = (self.rng.random(x.shape) >= self.p) / (1 - self.p)
        return x * self.mask

    def backward(self, dout):
        return dout if self.mask is None else dout * self.mask
''',
        # the mask drawn once, in the first forward pass, and reused for ever
        _LAYER_HEAD + '''
    def forward(self, x):
        if not self.training:
            return x
        if self.mask is None:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1 - self.p)
        return x * self.mask

    def backward(self, dout):
        if not self.training:
            return dout
        return dout * self.mask
''',
        # numpy's global generator instead of self.rng: no reproducibility, no match with cnn.Dropout
        _LAYER_HEAD + '''
    def forward(self, x):
        if not self.training:
            self.mask = None
            return x
        self.mask = (np.random.random(x.shape) >= self.p) / (1 - self.p)
        return x * self.mask

    def backward(self, dout):
        return dout if self.mask is None else dout * self.mask
''',
    ],
    "original_dropout_test": [
        # the tutorial's bug: scaled by the drop probability
        '''def original_dropout_test(h, p):
    return h * p
''',
        # no rescaling at all (right only for inverted dropout)
        '''def original_dropout_test(h, p):
    return h
''',
        # the inverted-dropout scale applied at test time
        '''def original_dropout_test(h, p):
    return h / (1 - p)
''',
    ],
    "mean_ratios": [
        # the ratio upside down: training mean / test mean
        '''def mean_ratios(p, seed=0):
    h = np.abs(np.random.default_rng(seed).normal(size=(2000, 100)))
    train = cnn.Dropout(p, rng=seed + 1)(h)
    return float(train.mean() / h.mean()), float(train.mean() * (1 - p) / h.mean())
''',
        # the unscaled version's training output multiplied by p instead of 1 - p
        '''def mean_ratios(p, seed=0):
    h = np.abs(np.random.default_rng(seed).normal(size=(2000, 100)))
    train = cnn.Dropout(p, rng=seed + 1)(h)
    return float(h.mean() / train.mean()), float(h.mean() / (train * p).mean())
''',
        # the "training" pass run in eval mode: ratios from the formula, not measured
        '''def mean_ratios(p, seed=0):
    h = np.abs(np.random.default_rng(seed).normal(size=(2000, 100)))
    train = cnn.Dropout(p, rng=seed + 1).eval()(h)
    return float(h.mean() / train.mean()), float(h.mean() / (train * (1 - p)).mean())
''',
    ],
}
