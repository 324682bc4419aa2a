from .clients import devcaster  # re-exported: `from app.core import devcaster`
