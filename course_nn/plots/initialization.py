"""Plots: initialization."""
__all__ = []
