"""Plots: batchnorm."""
__all__ = []
