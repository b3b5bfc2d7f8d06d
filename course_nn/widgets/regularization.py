"""Live experiments: regularization."""
__all__ = []
