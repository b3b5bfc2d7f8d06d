"""Plots: activations."""
__all__ = []
