"""Plots: dropout."""
__all__ = []
