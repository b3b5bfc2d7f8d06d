"""Optimizers (``SGD``, ``Adagrad``, ``RMSprop``, ``Adam``, ``AdamW``) and learning-rate schedules.

Each optimizer implements the algorithm documented for its namesake in ``torch.optim``::

    opt = cnn.optim.Adam(model.parameters(), lr=1e-3)
    loss = loss_fn(model(x), y)
    opt.zero_grad()                        # .grad = 0 for every parameter
    model.backward(loss_fn.backward())     # adds into each .grad
    opt.step()                             # updates each .value in place
    opt.state[p]["m"]                      # Adam's first moment of parameter p
    opt.lr = 1e-4                          # takes effect at the next step

``weight_decay`` applies to every parameter given (PyTorch's convention). Use
``split_decay(model.parameters())`` to exempt biases and batch-norm parameters.
"""
from . import lr_scheduler
from .optimizer import Optimizer, split_decay
from .optimizers import SGD, Adagrad, Adam, AdamW, RMSprop

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "split_decay", "lr_scheduler"]
