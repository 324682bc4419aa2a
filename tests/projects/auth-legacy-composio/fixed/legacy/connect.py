from composio import Composio

toolset = Composio()  # expect: legacy-toolset


def connect(entity_id: str):
    session = toolset.create(
        user_id=entity_id,
        auth_configs={"slack": "ac_slack_legacy"},
    )
    return session.authorize("slack")  # expect: legacy-connection
