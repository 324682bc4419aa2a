from composio import Composio

composio = Composio()
