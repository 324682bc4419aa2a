from .clients import composio
