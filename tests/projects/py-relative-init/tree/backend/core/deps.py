from .composio_service import get_composio as provide_client
