import importlib

import app.clients as c

sdk = importlib.import_module("composio")
clients = importlib.import_module("app.clients")


def task(user_id):
    session = c.composio.create(user_id=user_id, toolkits=["gmail"])
    session.tools()  # expect: tools-get
    composio_session = clients.composio.create(user_id=user_id, toolkits=["gmail"])
    return composio_session.tools()  # expect: tools-get
