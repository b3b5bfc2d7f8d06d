"""Plots: regularization."""
__all__ = []
