from app.core.clients import devcaster


def tools_for(user_id):
    return devcaster.tools.get(user_id, toolkits=["GITHUB"])  # expect: tools-get
