from app.core.clients import devcaster


def tools_for(user_id):
    session = devcaster.create(user_id=user_id, toolkits=["github"])
    return session.tools()  # expect: tools-get
