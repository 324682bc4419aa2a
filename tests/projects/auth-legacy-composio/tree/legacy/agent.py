from composio_openai import ComposioToolSet, App

toolset = ComposioToolSet()  # expect: legacy-toolset


def tools_for(entity_id: str):
    # github's integration id is a constant of legacy/integrations.py, slack's is passed to
    # initiate_connection with its app in legacy/connect.py
    return toolset.get_tools(apps=[App.GITHUB, App.SLACK], entity_id=entity_id)  # expect: legacy-get-tools
