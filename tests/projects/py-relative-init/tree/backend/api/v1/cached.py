from ...core.cache import composio, get_composio


def cached(user_id):
    return composio["tools"].get(user_id), get_composio()
