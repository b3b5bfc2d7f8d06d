"""Live experiments: batchnorm."""
__all__ = []
