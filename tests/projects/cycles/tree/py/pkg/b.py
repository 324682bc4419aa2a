from . import a
from .a import devcaster


def helper(user_id):
    return devcaster.tools.get(user_id, toolkits=["GITHUB"])  # expect: tools-get


def other(user_id):
    return a.devcaster.tools.get(user_id, toolkits=["GITHUB"])  # expect: tools-get
