"""A pinned client that another module executes tools through (issue 16, item 8): removing the
pin would move app/jobs.py's direct call to the latest toolkit version, so the fix is unsafe
and its reason names that call."""
from composio import Composio

composio = Composio(toolkit_versions={"github": "20251027_00"})  # expect: toolkit-versions
