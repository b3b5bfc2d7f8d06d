"""Plots: neuron."""
__all__ = []
