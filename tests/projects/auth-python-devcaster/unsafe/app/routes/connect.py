from app.core.clients import devcaster
from app.core.settings import GITHUB_AUTH_CONFIG_ID


def connect_github(user_id: str):
    # the argument is a name: its toolkit is read from the name, so the fix is unsafe; the session
    # carries the expression the user wrote
    session = devcaster.create(
        user_id=user_id,
        auth_configs={"github": GITHUB_AUTH_CONFIG_ID},
    )
    return session.authorize("github")  # expect: connect-link
