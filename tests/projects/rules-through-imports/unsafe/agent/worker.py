# the composio toolset, imported (this file names the SDK, so its own facts are on record)
from agent import toolset as ts


def handle(response):
    return ts.toolset.provider.handle_tool_calls(user_id="default", response=response)  # expect: legacy-handle-tool-calls
