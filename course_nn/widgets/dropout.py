"""Live experiments: dropout."""
__all__ = []
