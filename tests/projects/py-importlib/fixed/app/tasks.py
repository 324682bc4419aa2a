import importlib

import app.clients as c

sdk = importlib.import_module("composio")
clients = importlib.import_module("app.clients")


def task(user_id):
    gmail_session = c.composio.create(user_id=user_id, toolkits=["gmail"])
    gmail_session.tools()  # expect: tools-get
    gmail_session_2 = clients.composio.create(user_id=user_id, toolkits=["gmail"])
    return gmail_session_2.tools()  # expect: tools-get
