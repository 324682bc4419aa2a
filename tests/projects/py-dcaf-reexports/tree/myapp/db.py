"""The app's database session and its own `tool` helper: nothing to do with the agent framework."""
from sqlalchemy.orm import Session


def tool(description=""):
    def wrap(f):
        return f
    return wrap
