"""A cycle with a real source: cyc_c imports the framework and cyc_d, which imports cyc_c."""
from dcaf.core import Session

from .cyc_d import restore

__all__ = ["Session", "restore"]
