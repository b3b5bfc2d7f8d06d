"""Plots: capstone."""
__all__ = []
