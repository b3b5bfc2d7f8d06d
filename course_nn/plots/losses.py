"""Plots: losses."""
__all__ = []
