from composio_openai import OpenAIProvider
from composio import Composio

toolset = Composio(provider=OpenAIProvider())  # expect: legacy-toolset


def tools_for(entity_id: str):
    # github's integration id is a constant of legacy/integrations.py, slack's is passed to
    # initiate_connection with its app in legacy/connect.py
    session = toolset.create(
        user_id=entity_id,
        toolkits=["github", "slack"],
        auth_configs={"github": "ac_gh_legacy", "slack": "ac_slack_legacy"},
    )
    return session.tools()  # expect: legacy-get-tools
