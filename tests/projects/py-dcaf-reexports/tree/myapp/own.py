"""Imports the framework's Session, then defines its own under the same name: the module's own wins."""
from dcaf.core import Session


class Session(dict):
    pass


serve = print
