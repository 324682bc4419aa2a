from . import a
from .a import devcaster


def helper(user_id):
    session = devcaster.create(user_id=user_id, toolkits=["github"])
    return session.tools()  # expect: tools-get


def other(user_id):
    session = a.devcaster.create(user_id=user_id, toolkits=["github"])
    return session.tools()  # expect: tools-get
