"""Plots: optimizers."""
__all__ = []
