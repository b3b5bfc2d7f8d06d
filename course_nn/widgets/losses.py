"""Live experiments: losses."""
__all__ = []
