from core.composio_integration import composio
