"""The package re-exports the framework's names it uses (no framework import of its own)."""
from .compat import Session, serve
from .compat import dcaf_tool as tool
