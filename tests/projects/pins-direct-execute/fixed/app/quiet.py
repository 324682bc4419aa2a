"""A pinned client nothing executes tools through: the pin goes (safe)."""
from composio import Composio

quiet = Composio()  # expect: toolkit-versions
