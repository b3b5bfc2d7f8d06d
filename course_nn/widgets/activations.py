"""Live experiments: activations."""
__all__ = []
