"""Plots: hyperparameters."""
__all__ = []
