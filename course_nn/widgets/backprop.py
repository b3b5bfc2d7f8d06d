"""Live experiments: backprop."""
__all__ = []
