"""Sessions carry the auth configs other modules prove: github (a constant in app/core/settings.py),
slack (an AUTH_CONFIGS map in app/integrations/auth.py), notion (.env); linear has none (its only
`ac_` string is in a map that is not of auth configs)."""
from app.core import devcaster


def github_tools(user_id: str):
    return devcaster.tools.get(user_id, toolkits=["GITHUB", "SLACK"])  # expect: tools-get


def notion_tools(user_id: str):
    return devcaster.tools.get(user_id, toolkits=["NOTION", "LINEAR"])  # expect: tools-get
