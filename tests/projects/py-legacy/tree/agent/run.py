from agent.toolset import APPS, toolset


def tools():
    return toolset.get_tools(apps=APPS)  # expect: legacy-get-tools
