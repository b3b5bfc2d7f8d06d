"""Plots: backprop."""
__all__ = []
