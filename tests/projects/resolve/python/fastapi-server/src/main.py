from src.app.core.config import settings
