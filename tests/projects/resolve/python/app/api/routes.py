from ..core import deps
from app.core.clients import composio
