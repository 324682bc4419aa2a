from .composio_service import composio, get_composio

__all__ = ["composio", "get_composio"]
