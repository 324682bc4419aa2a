from agent import toolset as ts
from agent.toolset import toolset


def act(action, params, user):
    return toolset.execute_action(action=action, params=params, entity_id=user)  # expect: legacy-execute-action


def handle(response):
    return ts.toolset.handle_tool_calls(response)  # expect: legacy-handle-tool-calls


def listen():
    return toolset.create_trigger_listener()  # expect: legacy-trigger-listener
