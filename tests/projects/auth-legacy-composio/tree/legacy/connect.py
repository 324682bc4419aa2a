from composio import ComposioToolSet, App

toolset = ComposioToolSet()  # expect: legacy-toolset


def connect(entity_id: str):
    entity = toolset.get_entity(id=entity_id)
    return entity.initiate_connection(app_name=App.SLACK, integration_id="ac_slack_legacy")  # expect: legacy-connection
