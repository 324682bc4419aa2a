from app.core.db import devcaster


def rows(user_id):
    return devcaster.tools.get(user_id, toolkits=["GITHUB"])
