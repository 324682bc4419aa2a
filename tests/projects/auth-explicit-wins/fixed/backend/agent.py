from backend.clients import composio


def tools_for(user_id: str):
    # github: --auth-config settles the two ids the project has; slack: the config file's entry
    # wins over web/src/authConfigs.ts
    session = composio.create(
        user_id=user_id,
        toolkits=["github", "slack"],
        auth_configs={"github": "ac_gh_prod", "slack": "ac_slack_from_config"},
    )
    return session.tools()  # expect: tools-get


def slack_only(user_id: str):
    session = composio.create(
        user_id=user_id,
        toolkits=["slack"],
        auth_configs={"slack": "ac_slack_from_config"},
    )
    return session.tools()  # expect: tools-get
