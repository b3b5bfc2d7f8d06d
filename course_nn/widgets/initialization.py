"""Live experiments: initialization."""
__all__ = []
