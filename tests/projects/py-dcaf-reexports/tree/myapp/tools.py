from myapp import tool
from myapp.compat import agent_tool

from .compat import dcaf_tool as remember_tool


@tool(description="Remember a value")
def remember(key: str, value: str, session) -> str:  # expect: dcaf-tool-session-param
    return "ok"


@agent_tool(description="Look up a value")
def lookup(key: str, session=None) -> str:  # expect: dcaf-tool-session-param
    return key


@remember_tool(description="Forget a value")
def forget(key: str, session: "Session") -> str:  # expect: dcaf-tool-session-param
    return key
