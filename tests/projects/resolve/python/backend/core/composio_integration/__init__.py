from .composio_service import composio
