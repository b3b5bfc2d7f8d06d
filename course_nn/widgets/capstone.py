"""Live experiments: capstone."""
__all__ = []
