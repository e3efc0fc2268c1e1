"""AXIOM Publisher: versioned, verified publishing for VFX and animation studios."""

__version__ = "0.1.0"
