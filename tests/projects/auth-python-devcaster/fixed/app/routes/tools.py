"""Sessions carry the auth configs other modules prove: github (a constant in app/core/settings.py),
slack (an AUTH_CONFIGS map in app/integrations/auth.py), notion (.env); linear has none (its only
`ac_` string is in a map that is not of auth configs)."""
from app.core import devcaster


def github_tools(user_id: str):
    session = devcaster.create(
        user_id=user_id,
        toolkits=["github", "slack"],
        auth_configs={"github": "ac_gh_white_label", "slack": "ac_slack_app"},
    )
    return session.tools()  # expect: tools-get


def notion_tools(user_id: str):
    session = devcaster.create(
        user_id=user_id,
        toolkits=["notion", "linear"],
        auth_configs={"notion": "ac_notion_app"},
    )
    return session.tools()  # expect: tools-get
