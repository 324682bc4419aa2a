from backend.clients import composio


def tools_for(user_id: str):
    # github: --auth-config settles the two ids the project has; slack: the config file's entry
    # wins over web/src/authConfigs.ts
    return composio.tools.get(user_id, toolkits=["GITHUB", "SLACK"])  # expect: tools-get


def slack_only(user_id: str):
    return composio.tools.get(user_id, toolkits=["SLACK"])  # expect: tools-get
