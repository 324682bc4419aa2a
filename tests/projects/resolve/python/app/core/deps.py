from .clients import composio
def get_composio():
    return composio
