import app.core.clients as clients
from app.core import clients as c2


def main(user_id):
    clients.devcaster.tools.execute("GITHUB_GET_THE_AUTHENTICATED_USER", {}, user_id=user_id)  # expect: tools-execute
    return c2.devcaster.tools.get(user_id, toolkits=["GITHUB"])  # expect: tools-get
