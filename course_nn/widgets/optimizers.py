"""Live experiments: optimizers."""
__all__ = []
