from app.core.clients import devcaster
from app.core.settings import GITHUB_AUTH_CONFIG_ID


def connect_github(user_id: str):
    # the argument is a name: its toolkit is read from the name, so the fix is unsafe; the session
    # carries the expression the user wrote
    return devcaster.connected_accounts.link(user_id, GITHUB_AUTH_CONFIG_ID)  # expect: connect-link
