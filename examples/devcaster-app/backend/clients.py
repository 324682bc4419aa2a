"""The backend's Devcaster client, created once and imported wherever the SDK is used:
`from backend.clients import devcaster` (backend/app.py)."""
from backend.settings import settings  # sets DEVCASTER_TOOLKIT_VERSION_* before the client exists
from devcaster import Devcaster
from devcaster_openai import OpenAIProvider

devcaster = Devcaster(api_key=settings.devcaster_api_key, provider=OpenAIProvider())
