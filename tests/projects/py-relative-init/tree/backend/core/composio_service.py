from functools import lru_cache

from composio import Composio

composio = Composio()


@lru_cache
def get_composio() -> Composio:
    return Composio()
