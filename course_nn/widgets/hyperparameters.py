"""Live experiments: hyperparameters."""
__all__ = []
