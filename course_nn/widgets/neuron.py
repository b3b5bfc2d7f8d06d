"""Live experiments: neuron."""
__all__ = []
