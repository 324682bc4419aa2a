from .sdk import client
