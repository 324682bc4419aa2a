import importlib

import app.clients as c

sdk = importlib.import_module("composio")
clients = importlib.import_module("app.clients")


def task(user_id):
    c.composio.tools.get(user_id, toolkits=["GMAIL"])  # expect: tools-get
    return clients.composio.tools.get(user_id, toolkits=["GMAIL"])  # expect: tools-get
