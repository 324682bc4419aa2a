from backend.clients import composio


def tools_for(user_id: str):
    # github: ac_gh_prod (backend/config.py) or ac_gh_staging (.env.staging)? The fix is unsafe,
    # names both, and leaves github out; slack (web/src/authConfigs.ts) is carried
    return composio.tools.get(user_id, toolkits=["GITHUB", "SLACK"])  # expect: tools-get


def slack_only(user_id: str):
    return composio.tools.get(user_id, toolkits=["SLACK"])  # expect: tools-get
