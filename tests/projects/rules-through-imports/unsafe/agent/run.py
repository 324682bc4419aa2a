from agent import toolset as ts
from agent.toolset import toolset


def act(action, params, user):
    return toolset.execute_action(action=action, params=params, entity_id=user)  # expect: legacy-execute-action


def handle(response):
    return ts.toolset.provider.handle_tool_calls(user_id="default", response=response)  # expect: legacy-handle-tool-calls


def listen():
    return toolset.create_trigger_listener()  # expect: legacy-trigger-listener
