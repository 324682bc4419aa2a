# the composio toolset, imported (this file names the SDK, so its own facts are on record)
from agent import toolset as ts


def handle(response):
    return ts.toolset.handle_tool_calls(response)  # expect: legacy-handle-tool-calls
