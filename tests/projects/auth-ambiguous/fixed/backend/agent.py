from backend.clients import composio


def tools_for(user_id: str):
    # github: ac_gh_prod (backend/config.py) or ac_gh_staging (.env.staging)? The fix is unsafe,
    # names both, and leaves github out; slack (web/src/authConfigs.ts) is carried
    return composio.tools.get(user_id, toolkits=["GITHUB", "SLACK"])  # expect: tools-get


def slack_only(user_id: str):
    session = composio.create(
        user_id=user_id,
        toolkits=["slack"],
        auth_configs={"slack": "ac_slack_app"},
    )
    return session.tools()  # expect: tools-get
